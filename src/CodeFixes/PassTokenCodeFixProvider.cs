using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>TSA2003: pass a token in scope to the call that starts work; one action per token, nearest first.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassTokenCodeFixProvider)), Shared]
public sealed class PassTokenCodeFixProvider : CodeFixProvider
{
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PassTokenToStartedWork);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    internal static string EquivalenceKey(int tokenIndex) => DiagnosticIds.PassTokenToStartedWork + "." + tokenIndex;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root!.FindNode(context.Span, getInnermostNodeForTie: true);
        var call = node.FirstAncestorOrSelf<InvocationExpressionSyntax>(n => n.SpanStart == context.Span.Start || n.Span.Contains(context.Span));
        if (call is null || model!.GetOperation(call, context.CancellationToken) is not IInvocationOperation operation)
        {
            return;
        }

        var types = WellKnownTypes.Create(model.Compilation);
        if (StartedWork.Match(operation, types) is not { TokenUse: TokenUse.Missing } work || TokenPassing.Plan(work) is not { } plan)
        {
            return;
        }

        var member = Functions.ContainingMember(model.GetEnclosingSymbol(call.SpanStart, context.CancellationToken));
        var sources = RuleOptions.Of(document.Project.AnalyzerOptions, call.SyntaxTree).TokenSourcesFor(DiagnosticIds.PassTokenToStartedWork);
        var tokens = TokenScope.At(operation, member, types, sources);
        for (var index = 0; index < tokens.Length; index++)
        {
            var fixedDocument = document.WithSyntaxRoot(root.ReplaceNode(call, plan.Apply(call, tokens[index].TokenExpression)));
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Pass '" + tokens[index].TokenExpression + "' to " + work.ApiName, _ => Task.FromResult(fixedDocument), EquivalenceKey(index)),
                context.Diagnostics);
        }
    }
}
