using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
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

    private static readonly SyntaxAnnotation FixedCall = new("ThreadSafetyAnalyzers.PassToken.Call");

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

        var types = WellKnownTypes.For(model.Compilation);
        if (StartedWork.Match(operation, types) is not { TokenUse: TokenUse.Missing } work || TokenPassing.Plan(work) is not { } plan)
        {
            return;
        }

        var member = Functions.ContainingMember(model.GetEnclosingSymbol(call.SpanStart, context.CancellationToken));
        var sources = RuleOptions.Of(document.Project.AnalyzerOptions, call.SyntaxTree).TokenSourcesFor(DiagnosticIds.PassTokenToStartedWork);
        var tokens = TokenScope.At(operation, member, types, sources);
        for (var index = 0; index < tokens.Length; index++)
        {
            var passed = plan.Apply(call, tokens[index].TokenExpression).WithAdditionalAnnotations(FixedCall);
            var fixedDocument = document.WithSyntaxRoot(root.ReplaceNode(call, passed));
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false)
                || await IntoWorkAsync(fixedDocument, context.CancellationToken).ConfigureAwait(false) is not { } fixedSolution)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Pass '" + tokens[index].TokenExpression + "' to " + work.ApiName, _ => Task.FromResult(fixedSolution), EquivalenceKey(index)),
                context.Diagnostics);
        }
    }

    /// <summary>
    /// A token passed to a start only keeps work from starting: where the work runs long and would ignore it (a
    /// TSA2008), the token goes into the work too; where that cannot be done, null, and this token is not offered.
    /// The mark on the new call is private to this fix and leaves no trace in the text.
    /// </summary>
    private static async Task<Solution?> IntoWorkAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var call = root!.GetAnnotatedNodes(FixedCall).First();
        return await PassTokenIntoWorkCodeFix.IntoWorkAsync(document, call, cancellationToken).ConfigureAwait(false);
    }
}
