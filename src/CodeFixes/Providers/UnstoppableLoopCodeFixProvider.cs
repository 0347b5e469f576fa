using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2002: "Add a CancellationToken parameter" to the function that owns the loop, make the loop observe it as
/// TSA2001's first fix would, and pass it from every caller that has one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnstoppableLoopCodeFixProvider)), Shared]
public sealed class UnstoppableLoopCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.LoopCanNeverBeStopped + ".AddParameter";

    private static readonly AddParameterFix Fix = new((node, _, _) => FindLoop(node), UnstoppableLoopsIn, LoopChecks.RewriteForParameter, attempts: 2);

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LoopCanNeverBeStopped);

    public sealed override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider();

    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterAsync(context, EquivalenceKey);

    private static SyntaxNode? FindLoop(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (LoopFacts.IsLoopStatement(current))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>Every loop of the target function (not of functions nested in it that get their own parameter) that TSA2002 reports.</summary>
    private static IEnumerable<SyntaxNode> UnstoppableLoopsIn(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
        => LoopChecks.UnobservedLoopsOf(target, model, (loop, _) => LoopFacts.RunsForever(loop), cancellationToken);
}
