using System.Collections.Immutable;
using System.Composition;
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

/// <summary>
/// TSA2001: make the loop observe a token in scope. First action by context (throw in async code, end quietly in
/// synchronous code), second action the other form; one pair per token in scope, nearest first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoopCheckCodeFixProvider)), Shared]
public sealed class LoopCheckCodeFixProvider : CodeFixProvider
{
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LoopDoesNotObserveToken);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var site = await LoopSite.FindAsync(document, context.Span, context.Diagnostics[0].Id, context.CancellationToken).ConfigureAwait(false);
        if (site is null)
        {
            return;
        }

        if (EnumeratesOnly(site.Operation))
        {
            await RegisterWithCancellationAsync(context, site).ConfigureAwait(false);
            return;
        }

        if (!IsWorthChecking(site, document))
        {
            return;
        }

        var choices = LoopChecks.FormsAt(site.Operation, site.IsAsynchronous, site.Types);
        var forms = new (LoopCheckForm Form, string Rank)[choices.Length];
        for (var index = 0; index < choices.Length; index++)
        {
            forms[index] = (choices[index], index == 0 ? "Preferred" : "Alternative");
        }
        for (var index = 0; index < site.Tokens.Length; index++)
        {
            if (IsLocalSourceOfBoundedLoop(site, site.Tokens[index]))
            {
                continue;
            }

            foreach (var (form, rank) in forms)
            {

                var fixedDocument = await ApplyAsync(document, site, form, site.Tokens[index], context.CancellationToken).ConfigureAwait(false);
                if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title(form, site.Tokens[index]), _ => Task.FromResult(fixedDocument), EquivalenceKey(rank, index)),
                    context.Diagnostics);
            }
        }
    }

    /// <summary>
    /// An <c>await foreach</c> whose body awaits nothing: the only wait is the enumerator's, which a check between
    /// items does not end. The token goes to the enumerator instead (<see cref="RegisterWithCancellationAsync"/>).
    /// </summary>
    private static bool EnumeratesOnly(ILoopOperation loop)
        => loop is IForEachLoopOperation { IsAsynchronous: true } asyncLoop
            && Reasoning.OperationTrees.Find(asyncLoop.Body, enterNestedFunctions: false, operation => operation is IAwaitOperation) is null;

    /// <summary>
    /// "Pass the token to the sequence": <c>.WithCancellation(token)</c> on what an <c>await foreach</c> walks
    /// (<see cref="LoopChecks.WithCancellation"/>). The enumerator then throws when the token is cancelled, so it is
    /// offered only where a thrown check would be (<see cref="LoopChecks.FormsAt"/>: not inside a catch-all that would
    /// lose the exception), one action per token, nearest first.
    /// </summary>
    private static async Task RegisterWithCancellationAsync(CodeFixContext context, LoopSite site)
    {
        if (site.Loop is not CommonForEachStatementSyntax loop
            || System.Array.IndexOf(LoopChecks.FormsAt(site.Operation, site.IsAsynchronous, site.Types), LoopCheckForm.Throw) < 0)
        {
            return;
        }

        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        for (var index = 0; index < site.Tokens.Length; index++)
        {
            var token = site.Tokens[index];
            if (IsLocalSourceOfBoundedLoop(site, token))
            {
                continue;
            }

            var fixedDocument = document.WithSyntaxRoot(root!.ReplaceNode(loop, LoopChecks.WithCancellation(loop, token.TokenExpression)));
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Pass '" + token.TokenExpression + "' to the sequence with WithCancellation", _ => Task.FromResult(fixedDocument), EquivalenceKey("Preferred", index)),
                context.Diagnostics);
        }
    }

    /// <summary>
    /// Would a check between iterations stop anything the loop does not stop on its own? Reviewers of real code judged
    /// these pointless: a bounded loop (<c>for</c>, <c>foreach</c>) whose wait is in a nested loop that TSA2001 reports
    /// itself (that loop's own check is the one that ends the wait).
    /// </summary>
    private static bool IsWorthChecking(LoopSite site, Document document)
    {
        var loop = site.Operation;
        if (!IsBounded(loop))
        {
            return true;
        }

        var options = RuleOptions.Of(document.Project.AnalyzerOptions, site.Loop.SyntaxTree);
        return Reasoning.OperationTrees.Find(loop.Body, enterNestedFunctions: false, operation => operation is ILoopOperation nested
            && LoopCancellationAnalyzer.ReportsUnobservedToken(nested, site.Member, site.Types, options)) is null;
    }

    /// <summary>
    /// A source this function makes for itself (a timeout, or one it cancels once the loop is done) in a loop with a
    /// bound: the loop ends on its own first, so a check on that source adds nothing the bound does not.
    /// </summary>
    private static bool IsLocalSourceOfBoundedLoop(LoopSite site, TokenInScope token)
        => token.Kind == TokenKind.Source && token.Symbol is ILocalSymbol && IsBounded(site.Operation);

    /// <summary>
    /// A loop that ends on its own after so many passes: a <c>for</c> or <c>foreach</c> (not <c>for (;;)</c> without an
    /// exit), or a <c>while</c>/<c>do</c> that counts its passes in its condition (rabbitmq's five-try poll).
    /// </summary>
    private static bool IsBounded(ILoopOperation loop)
        => (loop.LoopKind is LoopKind.For or LoopKind.ForEach && !LoopFacts.RunsForever(loop)) || LoopFacts.CountsItsPasses(loop);

    /// <summary>The same key for the same choice on every loop, so Fix All applies each loop's own nearest token.</summary>
    internal static string EquivalenceKey(string rank, int tokenIndex) => DiagnosticIds.LoopDoesNotObserveToken + "." + rank + "." + tokenIndex;

    private static string Title(LoopCheckForm form, TokenInScope token) => form == LoopCheckForm.Throw
        ? "Call '" + token.TokenExpression + ".ThrowIfCancellationRequested()' in the loop"
        : "Stop the loop when '" + token.Name + "' is cancelled";

    private static async Task<Document> ApplyAsync(Document document, LoopSite site, LoopCheckForm form, TokenInScope token, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(site.Loop, LoopChecks.Apply(site.Loop, form, token)));
    }
}
