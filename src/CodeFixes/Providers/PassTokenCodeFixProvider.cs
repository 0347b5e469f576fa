using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2003: pass a token in scope to the call that starts work; one action per token, nearest first. For a
/// <c>Parallel</c> loop the token stops the scheduling of iterations; for a task (<c>Task.Run</c>, <c>StartNew</c>,
/// <c>new Task</c>) the fix is offered only where the token goes into the work as well (see <see cref="IntoWorkAsync"/>).
/// </summary>
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
        var nested = NestedStarts(call, model, types, context.CancellationToken);
        for (var index = 0; index < tokens.Length; index++)
        {
            var token = tokens[index].TokenExpression;
            var withNested = nested.Count == 0 ? call : call.ReplaceNodes(nested.Keys, (original, rewritten) => nested[original].Apply(rewritten, token));
            var passed = plan.Apply(withNested, token).WithAdditionalAnnotations(FixedCall);
            var fixedDocument = document.WithSyntaxRoot(root.ReplaceNode(call, passed));
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false)
                || await IntoWorkAsync(fixedDocument, context.CancellationToken).ConfigureAwait(false) is not { } fixedSolution
                || (work.StartsATask && fixedSolution == fixedDocument.Project.Solution && !nested.Values.Any(n => n.IsParallel)))
            {
                // A task's start token only keeps work from starting: alone, it makes a long-lived task stored for later
                // end Canceled where its awaiter expected it to run (a DisposeAsync that awaits it then throws), and
                // skips fire-and-forget work nobody checks. The fix is offered where the token also reaches the work
                // (or for Parallel loops, which stop scheduling iterations on it).
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Pass '" + token + "' to " + work.ApiName, _ => Task.FromResult(fixedSolution), EquivalenceKey(index)),
                context.Diagnostics);
        }
    }

    /// <summary>
    /// Starts inside the started work that lack a token as well (<c>Task.Run(() => Parallel.ForEach(items, Index))</c>):
    /// they get the same token in the same edit, so that one fix makes the token reach the loop, and a second pass
    /// finds nothing left to do. Not inside a <c>static</c> lambda, which cannot capture it.
    /// </summary>
    private static Dictionary<InvocationExpressionSyntax, TokenPassing> NestedStarts(InvocationExpressionSyntax call, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var nested = new Dictionary<InvocationExpressionSyntax, TokenPassing>();
        foreach (var inner in call.ArgumentList.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (!inner.Ancestors().TakeWhile(a => a != call).Any(a => a is AnonymousFunctionExpressionSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.StaticKeyword))
                && model.GetOperation(inner, cancellationToken) is IInvocationOperation operation
                && StartedWork.Match(operation, types) is { TokenUse: TokenUse.Missing } work
                && TokenPassing.Plan(work) is { } plan)
            {
                nested[inner] = plan;
            }
        }

        return nested;
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
        return await PassTokenIntoWorkCodeFixProvider.IntoWorkAsync(document, call, cancellationToken).ConfigureAwait(false);
    }
}
