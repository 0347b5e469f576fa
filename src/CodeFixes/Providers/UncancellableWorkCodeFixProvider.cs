using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2005: "Add a CancellationToken parameter" to the function that starts the work, pass it to the call, and pass
/// it from every caller that has one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UncancellableWorkCodeFixProvider)), Shared]
public sealed class UncancellableWorkCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.BackgroundWorkNotCancellable + ".AddParameter";

    private static readonly AddParameterFix Fix = new((node, _, _) => FindCall(node), UncancellableCallsIn, RewriteCall, attempts: 1, checkDiagnostics: true);

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BackgroundWorkNotCancellable);

    public sealed override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider();

    public sealed override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterAsync(context, EquivalenceKey);

    private static SyntaxNode? FindCall(SyntaxNode node) => node.FirstAncestorOrSelf<InvocationExpressionSyntax>();

    /// <summary>
    /// Every call of the target function (not of functions nested in it) that gets the new token: those TSA2005 reports,
    /// and those TSA2003 would report once the token is in scope (the analyzer's own predicates), so that the fix leaves
    /// no new diagnostic behind. Work that must run without a token (it completes something else, runs on a shutdown
    /// path) is left as it is.
    /// </summary>
    private static IEnumerable<SyntaxNode> UncancellableCallsIn(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        foreach (var node in target.DescendantNodes(n => n == target || n is not LocalFunctionStatementSyntax))
        {
            if (node is InvocationExpressionSyntax
                && ParameterTargets.FindTarget(node, model, cancellationToken) == target
                && model.GetOperation(node, cancellationToken) is IInvocationOperation call
                && StartedWork.Match(call, types) is { TokenUse: TokenUse.Missing } work
                && ReceivesTheToken(work, model.GetEnclosingSymbol(node.SpanStart, cancellationToken), types))
            {
                yield return node;
            }
        }
    }

    private static bool ReceivesTheToken(StartedWork work, ISymbol? containingSymbol, WellKnownTypes types)
        => work.NeedsAStopSignal(containingSymbol, types)
            || (work.StartsOnlyUncancellableWork(types) && !work.MustRunWithoutToken(containingSymbol, types));

    private static AddCancellationParameter.RewriteSite? RewriteCall(SyntaxNode call, SemanticModel model, int attempt, CancellationToken cancellationToken)
    {
        if (model.GetOperation(call, cancellationToken) is not IInvocationOperation operation
            || StartedWork.Match(operation, WellKnownTypes.For(model.Compilation)) is not { } work
            || TokenPassing.Plan(work) is not { } plan)
        {
            return null;
        }

        return (current, name) => plan.Apply((InvocationExpressionSyntax)current, name);
    }
}
