using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>The shared reasoning, asked again from inside a fix: the loop a diagnostic is about and the tokens around it.</summary>
internal sealed class LoopSite
{
    private LoopSite(StatementSyntax loop, ILoopOperation operation, ISymbol? member, WellKnownTypes types, TokenSources sources)
    {
        Loop = loop;
        Operation = operation;
        Member = member;
        Types = types;
        Tokens = TokenScope.At(operation, member, types, sources);
        Function = Functions.Innermost(operation, member);
    }

    public StatementSyntax Loop { get; }

    public ILoopOperation Operation { get; }

    public ISymbol? Member { get; }

    public WellKnownTypes Types { get; }

    public ImmutableArray<TokenInScope> Tokens { get; }

    /// <summary>The innermost function that holds the loop.</summary>
    public IMethodSymbol? Function { get; }

    public bool IsAsynchronous => Functions.IsAsynchronous(Function, Types);

    /// <summary>The loop <paramref name="ruleId"/> reported at <paramref name="span"/>, and the tokens that rule's <c>token_sources</c> finds around it.</summary>
    public static async Task<LoopSite?> FindAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, string ruleId, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        while (node is not null && !(LoopFacts.IsLoopStatement(node) && node.SpanStart == span.Start))
        {
            node = node.Parent;
        }

        if (node is not StatementSyntax loop || model.GetOperation(loop, cancellationToken) is not ILoopOperation operation)
        {
            return null;
        }

        // The tokens the rule found, by its own token_sources key.
        var sources = RuleOptions.Of(document.Project.AnalyzerOptions, loop.SyntaxTree).TokenSourcesFor(ruleId);
        var member = Functions.ContainingMember(model.GetEnclosingSymbol(loop.SpanStart, cancellationToken));
        return new LoopSite(loop, operation, member, WellKnownTypes.For(model.Compilation), sources);
    }
}
