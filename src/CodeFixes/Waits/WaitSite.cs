using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// A wait or sleep a diagnostic points at, as the wait fixes (TSA2006, TSA2007) see it: the call, its operation, the
/// member it is in, and the tokens the code there can name, numbered as the diagnostic's message numbers them.
/// </summary>
internal sealed class WaitSite
{
    private WaitSite(Diagnostic diagnostic, InvocationExpressionSyntax invocation, IInvocationOperation operation, SemanticModel model, ISymbol? member, TokenInScope[] tokens, WellKnownTypes types)
    {
        Diagnostic = diagnostic;
        Invocation = invocation;
        Operation = operation;
        Model = model;
        Member = member;
        Tokens = tokens;
        Types = types;
    }

    public Diagnostic Diagnostic { get; }

    public InvocationExpressionSyntax Invocation { get; }

    public IInvocationOperation Operation { get; }

    public SemanticModel Model { get; }

    public ISymbol? Member { get; }

    /// <summary>Nearest first; never empty.</summary>
    public TokenInScope[] Tokens { get; }

    public WellKnownTypes Types { get; }

    /// <summary>The sites of the context's diagnostics that point at a call with a token in scope, read with the rule's <c>token_sources</c>.</summary>
    public static async Task<IReadOnlyList<WaitSite>> FindAsync(CodeFixContext context, string ruleId)
    {
        var sites = new List<WaitSite>();
        var cancellationToken = context.CancellationToken;
        var root = await context.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return sites;
        }

        var types = WellKnownTypes.For(model.Compilation);
        var sources = RuleOptions.Of(context.Document.Project.AnalyzerOptions, root.SyntaxTree).TokenSourcesFor(ruleId);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                continue;
            }

            var member = Functions.ContainingMember(model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken));
            var tokens = TokenScope.At(operation, member, types, sources).Where(token => TokenScope.IsNameable(token, model, invocation.SpanStart)).ToArray();
            if (tokens.Length > 0)
            {
                sites.Add(new WaitSite(diagnostic, invocation, operation, model, member, tokens, types));
            }
        }

        return sites;
    }
}
