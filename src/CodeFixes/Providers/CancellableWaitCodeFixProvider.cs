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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2006: replace <c>Thread.Sleep(x);</c> with a wait that cancellation ends — one action per token in scope,
/// nearest first, with the equivalence key <c>TSA2006:{index}</c> so Fix All uses the same choice everywhere.
/// <list type="bullet">
/// <item>In an <c>async</c> function: <c>await Task.Delay(x, token);</c></item>
/// <item>In a loop that observes no token: <c>if (token.WaitHandle.WaitOne(x)) { break; }</c> — a plain wait would
/// make the loop spin once the token is cancelled.</item>
/// <item>Outside loops, where a plain <c>return;</c> compiles: <c>if (token.WaitHandle.WaitOne(x)) { return; }</c></item>
/// <item>Otherwise: <c>token.WaitHandle.WaitOne(x);</c></item>
/// </list>
/// Nothing is offered where the result might not compile or might spin (see <see cref="Plan"/> and <see cref="CompilingShapeAsync"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancellableWaitCodeFixProvider)), Shared]
public sealed class CancellableWaitCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKeyPrefix = DiagnosticIds.SleepIgnoresCancellation + ":";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SleepIgnoresCancellation);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var site in await WaitSite.FindAsync(context, DiagnosticIds.SleepIgnoresCancellation).ConfigureAwait(false))
        {
            if (site.Invocation is not { Parent: ExpressionStatementSyntax statement } invocation
                || site.Operation is not { Arguments.Length: 1 } sleep
                || !SleepAnalyzer.IsSleep(sleep, site.Types)
                || invocation.ArgumentList.Arguments.Count != 1)
            {
                continue;
            }

            var (model, member, tokens, types, diagnostic) = (site.Model, site.Member, site.Tokens, site.Types, site.Diagnostic);
            var document = context.Document;
            var shape = await CompilingShapeAsync(document, model, sleep, statement, member, tokens[0], types, context.CancellationToken).ConfigureAwait(false);
            if (shape == Shape.None || OnlyShortens(sleep, statement, shape, types))
            {
                continue;
            }

            for (var index = 0; index < tokens.Length; index++)
            {
                var token = tokens[index];
                var title = shape == Shape.AwaitDelay
                    ? $"Use 'await Task.Delay' with '{token.Name}'"
                    : $"Wait on '{token.Name}' instead of sleeping";
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        cancellationToken => ReplaceAsync(document, statement, token.TokenExpression, shape, cancellationToken),
                        EquivalenceKeyPrefix + index),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Would the fix only end the pause sooner, and gain nothing by it? Reviewers of real code judged these fixes
    /// pointless, so they are not offered (the TSA1001/TSA1002 fix, which must leave no TSA2006 behind, still makes such
    /// pauses wait on its token through <see cref="WaitOnTokenAsync"/>):
    /// <list type="bullet">
    /// <item>A constant pause no longer than the analyzer's pacing pause
    /// (<see cref="SleepAnalyzer.PacingPauseMilliseconds"/>) with a plain wait, or the return of a one-shot pause: the
    /// stop is that late at most (KurrentDB's 100 ms pause before printing a prompt).</item>
    /// <item>A plain wait outside loops with work after it that never looks at a token: that work just runs sooner
    /// once cancelled, it is not stopped (garnet's head start before a checkpoint, Quartz's test job that pauses and
    /// then signals). Where the function ends there, or returns, its caller can stop; where the work after it looks
    /// at a token, it can.</item>
    /// </list>
    /// Forms that add a way out of a loop (break, throw) and <c>await Task.Delay</c>, which frees the thread, are offered.
    /// </summary>
    private static bool OnlyShortens(IInvocationOperation sleep, ExpressionStatementSyntax statement, Shape shape, WellKnownTypes types)
    {
        if (shape is not (Shape.WaitOne or Shape.WaitOneOrReturn))
        {
            return false;
        }

        if (Timeouts.IsShorterThan(sleep.Arguments[0].Value, SleepAnalyzer.PacingPauseMilliseconds + 1, types))
        {
            return true;
        }

        return shape == Shape.WaitOne
            && LoopFacts.Enclosing(sleep) is null
            && !QuietExit.EndsFunction(statement)
            && !QuietExit.ReturnsNext(statement)
            && !CancellationObservation.ObservedAfter(OperationTrees.FunctionBody(sleep), sleep, types);
    }

    /// <summary>
    /// For "Use cooperative cancellation" (TSA1001/TSA1002), which makes a worker's sleeps wait on the token it adds:
    /// this fix's own rewrite of <paramref name="statement"/> with <paramref name="token"/>, or null where this fix
    /// would offer nothing.
    /// </summary>
    internal static async Task<Document?> WaitOnTokenAsync(Document document, ExpressionStatementSyntax statement, TokenInScope token, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null
            || statement.Expression is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 }
            || model.GetOperation(statement.Expression, cancellationToken) is not IInvocationOperation { Arguments.Length: 1 } sleep)
        {
            return null;
        }

        var types = WellKnownTypes.For(model.Compilation);
        if (!SleepAnalyzer.IsSleep(sleep, types))
        {
            return null;
        }

        var member = Functions.ContainingMember(model.GetEnclosingSymbol(statement.SpanStart, cancellationToken));
        var shape = await CompilingShapeAsync(document, model, sleep, statement, member, token, types, cancellationToken).ConfigureAwait(false);
        return shape == Shape.None ? null : await ReplaceAsync(document, statement, token.TokenExpression, shape, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The planned shape, checked by compiling the changed member: <c>await</c> can still clash with the function
    /// (falls back to the synchronous plan), a <c>return</c> or <c>break</c> can leave a variable or <c>out</c>
    /// parameter unassigned (CS0165, CS0177: <c>return</c> falls back to the plain wait, <c>break</c> to no fix, as a
    /// plain wait would let the loop spin). The plain wait has the sleep's own control flow and needs no check.
    /// </summary>
    private static async Task<Shape> CompilingShapeAsync(
        Document document,
        SemanticModel model,
        IInvocationOperation sleep,
        ExpressionStatementSyntax statement,
        ISymbol? member,
        TokenInScope token,
        WellKnownTypes types,
        CancellationToken cancellationToken)
    {
        var shape = Plan(sleep, statement, member, types, allowAwait: true);
        if (shape == Shape.AwaitDelay && !await CompilesAsync(document, model, statement, token, shape, cancellationToken).ConfigureAwait(false))
        {
            shape = Plan(sleep, statement, member, types, allowAwait: false);
        }

        if (shape == Shape.WaitOneOrReturn && !await CompilesAsync(document, model, statement, token, shape, cancellationToken).ConfigureAwait(false))
        {
            shape = Shape.WaitOne;
        }

        if (shape == Shape.WaitOneOrBreak && !await CompilesAsync(document, model, statement, token, shape, cancellationToken).ConfigureAwait(false))
        {
            shape = Shape.None;
        }

        return shape;
    }

    /// <summary>Does the replacement add no compile error to the member (or, for top-level statements, the file) around the sleep?</summary>
    private static async Task<bool> CompilesAsync(
        Document document,
        SemanticModel model,
        ExpressionStatementSyntax statement,
        TokenInScope token,
        Shape shape,
        CancellationToken cancellationToken)
    {
        var scope = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } memberDeclaration and not GlobalStatementSyntax
            ? memberDeclaration.Span
            : statement.SyntaxTree.GetRoot(cancellationToken).Span;
        var changed = await ReplaceAsync(document, statement, token.TokenExpression, shape, cancellationToken).ConfigureAwait(false);
        var changedModel = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (changedModel is null)
        {
            return false;
        }

        var growth = changedModel.SyntaxTree.Length - model.SyntaxTree.Length;
        var changedScope = new Microsoft.CodeAnalysis.Text.TextSpan(scope.Start, scope.Length + growth);
        var before = model.GetDiagnostics(scope, cancellationToken).Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        var after = changedModel.GetDiagnostics(changedScope, cancellationToken).Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        return after <= before;
    }

    private enum Shape
    {
        None,
        WaitOne,
        WaitOneOrBreak,
        WaitOneOrReturn,
        WaitOneOrThrow,
        AwaitDelay,
    }

    /// <summary>Which replacement fits where the sleep is; <see cref="Shape.None"/> when none is sure to compile and not to spin.</summary>
    private static Shape Plan(IInvocationOperation sleep, ExpressionStatementSyntax statement, ISymbol? member, WellKnownTypes types, bool allowAwait)
    {
        var function = Functions.Innermost(sleep, member);
        if (function is null)
        {
            return Shape.None;
        }

        if (allowAwait && function.IsAsync && Functions.IsAsynchronous(function, types) && types.Task is not null && CanAwaitAt(sleep, statement))
        {
            return Shape.AwaitDelay;
        }

        if (LoopFacts.Enclosing(sleep) is { } loop)
        {
            // The code throws cancellation into a catch-all around the loop, its way out (confluent-kafka-dotnet's
            // consume loop aborts its transaction there): the wait throws into it too. A break would leave only this
            // loop and let the work after it (a commit) run after cancellation.
            if (CancellationHandlers.SurfacesAsException(loop, types))
            {
                return Shape.WaitOneOrThrow;
            }

            switch (CancellationObservation.Of(loop, types))
            {
                case Observation.Observes when LoopFacts.StopsOnTokenItself(loop, types):
                    return Shape.WaitOne;
                case Observation.Observes:
                    // The loop only hands a token on: once it is cancelled, a plain wait returns at once on every pass
                    // and a loop whose callee's exception is swallowed would spin; it leaves at the wait instead.
                    return CanLeave(sleep, loop, types) ? Shape.WaitOneOrBreak : Shape.None;
                case Observation.None:
                    return CanLeave(sleep, loop, types) ? Shape.WaitOneOrBreak : Shape.None;
                default:
                    return Shape.None;
            }
        }

        // A test's own pause, outside loops, runs once under the test's timeout: a return would pass the test without
        // its assertions when the timeout fires, and a plain wait would change nothing a reviewer could see. No fix.
        if (Functions.IsTestMethod(function))
        {
            return Shape.None;
        }

        // A return right before the end of the function would be redundant; one that skips a completion or wake-up
        // later in the function (a Set or TrySetResult someone waits on) would hang the waiter: the wait just ends early.
        return QuietExit.CanReturnFrom(sleep, function, types)
            && !QuietExit.EndsFunction(statement)
            && !CompletionSignals.FollowIn(OperationTrees.FunctionBody(sleep), sleep, types)
            ? Shape.WaitOneOrReturn
            : Shape.WaitOne;
    }

    /// <summary>
    /// Can a <c>break</c> at the wait leave the loop safely? It must reach the loop (not be swallowed by a switch, not
    /// leave a finally block), must not skip a completion or wake-up later in the loop, or whoever waits on it hangs, and
    /// must end the work rather than hand it back to an outer loop that goes on.
    /// </summary>
    private static bool CanLeave(IOperation sleep, ILoopOperation loop, WellKnownTypes types)
        => QuietExit.CanBreakOutOf(sleep, loop) && !CompletionSignals.FollowIn(loop, sleep, types) && QuietExit.BreakEndsWork(loop, testedOnEntry: false, types);

    /// <summary>
    /// <c>await</c> is an error inside <c>lock</c> (CS1996) and unsafe code (CS4004), and a ref struct local — a
    /// <c>Span&lt;T&gt;</c>, a <c>ref</c> local, a span enumerator — cannot live across it (CS4007/CS4013): in those
    /// places the synchronous wait is used instead.
    /// </summary>
    private static bool CanAwaitAt(IOperation sleep, ExpressionStatementSyntax statement)
    {
        IOperation? body = null;
        for (var current = sleep.Parent; current is not null; current = current.Parent)
        {
            if (current is ILockOperation)
            {
                return false;
            }

            if (current is IForEachLoopOperation forEach && (forEach.Collection.Type?.IsRefLikeType == true || IsRefLikeCollection(forEach)))
            {
                return false;
            }

            if (OperationTrees.IsNestedFunction(current))
            {
                break;
            }

            body = current;
        }

        foreach (var ancestor in statement.Ancestors())
        {
            if (ancestor is UnsafeStatementSyntax
                || (ancestor is MemberDeclarationSyntax memberDeclaration && memberDeclaration.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                || (ancestor is LocalFunctionStatementSyntax localFunction && localFunction.Modifiers.Any(SyntaxKind.UnsafeKeyword)))
            {
                return false;
            }
        }

        return body is null || OperationTrees.Find(body, enterNestedFunctions: false, operation =>
            operation is IVariableDeclaratorOperation { Symbol: var local } && (local.IsRef || local.Type.IsRefLikeType)) is null;
    }

    private static bool IsRefLikeCollection(IForEachLoopOperation forEach)
    {
        var collection = forEach.Collection;
        while (collection is IConversionOperation conversion)
        {
            collection = conversion.Operand;
        }

        return collection.Type?.IsRefLikeType == true;
    }

    private static async Task<Document> ReplaceAsync(
        Document document,
        ExpressionStatementSyntax statement,
        string tokenExpression,
        Shape shape,
        CancellationToken cancellationToken)
    {
        var sleepArguments = ((InvocationExpressionSyntax)statement.Expression).ArgumentList;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var token = SyntaxFactory.ParseExpression(tokenExpression);
        var invocation = statement.Expression;
        switch (shape)
        {
            case Shape.AwaitDelay:
                if (WellKnownTypes.For(editor.SemanticModel.Compilation).Task is not { } taskType)
                {
                    return document;
                }

                // Task.Delay names its parameter differently (millisecondsDelay): the interval goes positionally.
                var task = SyntaxFactory.ParseExpression(taskType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);
                var interval = sleepArguments.Arguments[0].WithNameColon(null);
                var delay = SyntaxFactory.AwaitExpression(
                    SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, SyntaxFactory.IdentifierName("Delay")),
                        sleepArguments.WithArguments(SyntaxFactory.SeparatedList(new[] { interval, SyntaxFactory.Argument(token) }))));
                editor.ReplaceNode(invocation, delay.WithTriviaFrom(invocation));
                break;
            case Shape.WaitOne:
                editor.ReplaceNode(invocation, WaitOne(token, sleepArguments).WithTriviaFrom(invocation));
                break;
            default:
                var exit = shape switch
                {
                    Shape.WaitOneOrBreak => ExitKind.Break,
                    Shape.WaitOneOrThrow => ExitKind.Throw,
                    _ => ExitKind.Return,
                };
                StatementSyntax replacement = QuietExit.IfThenLeave(WaitOne(token, sleepArguments), exit, token);
                if (statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
                {
                    // An embedded statement (if (x) Thread.Sleep(1); else …) gets braces, so no else can attach to the new if.
                    replacement = SyntaxFactory.Block(replacement);
                }

                editor.ReplaceNode(statement, replacement.WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }

        return editor.GetChangedDocument();
    }

    /// <summary><c>token.WaitHandle.WaitOne(…)</c> with the sleep's own argument list: <c>WaitOne</c> has the same overloads and parameter names as <c>Sleep</c>.</summary>
    private static InvocationExpressionSyntax WaitOne(ExpressionSyntax token, ArgumentListSyntax sleepArguments)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token, SyntaxFactory.IdentifierName("WaitHandle")),
                SyntaxFactory.IdentifierName("WaitOne")),
            sleepArguments);
}
