using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA1005: "Remove the dead handler". A <c>catch (ThreadAbortException)</c> clause (or a catch whose whole filter is
/// the type test) is removed; a <c>try</c> left with no catch and no finally is unwrapped. An <c>if</c> whose whole
/// condition is the test, without <c>else</c>, is removed; a test that is one side of <c>||</c> is dropped. A removed
/// clause takes its comments with it. Nothing else is rewritten (see <see cref="DeadHandlerRemoval"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDeadAbortHandlerCodeFixProvider)), Shared]
public sealed class RemoveDeadAbortHandlerCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = DiagnosticIds.DeadAbortHandler;

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DeadAbortHandler);

    public sealed override FixAllProvider GetFixAllProvider() => new GatheringFixAllProvider(DeadHandlerRemoval.Title, DeadHandlerRemoval.FixAllAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await DeadHandlerRemoval.FixOneAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } solution)
            {
                context.RegisterCodeFix(CodeAction.Create(DeadHandlerRemoval.Title, _ => Task.FromResult(solution), EquivalenceKey), diagnostic);
            }
        }
    }
}
