using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA1001, TSA1002: "Use cooperative cancellation" — replace <c>t.Abort()</c> / <c>t.Interrupt()</c> with a
/// <c>CancellationTokenSource</c> the worker observes, cancelled and joined where the thread was stopped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CooperativeCancellationCodeFixProvider)), Shared]
public sealed class CooperativeCancellationCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.DoNotAbortThreads + ".CooperativeCancellation";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.DoNotAbortThreads, DiagnosticIds.DoNotInterruptThreads);

    public sealed override FixAllProvider GetFixAllProvider() => new GatheringFixAllProvider(CooperativeCancellation.Title, CooperativeCancellation.FixAllAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await CooperativeCancellation.FixOneAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } result)
            {
                context.RegisterCodeFix(CodeAction.Create(result.Title, _ => Task.FromResult(result.Solution), EquivalenceKey), diagnostic);
            }
        }
    }
}
