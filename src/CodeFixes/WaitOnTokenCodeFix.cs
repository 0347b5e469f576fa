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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;
using OperationWalker = ThreadSafetyAnalyzers.Reasoning.OperationWalker;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2007 "Wait on the token too": the wait also waits on the token's <c>WaitHandle</c>, and leaves the work when
/// that is what ended it — one action per token in scope, nearest first, equivalence key <c>TSA2007:{index}</c>.
/// <list type="bullet">
/// <item><c>h.WaitOne([t]);</c> → <c>if (WaitHandle.WaitAny(new[] { h, token.WaitHandle }[, t]) == 1) { break; }</c>
/// (<c>return</c> outside loops; <c>WaitAny(…); token.ThrowIfCancellationRequested();</c> in async or token-throwing code).</item>
/// <item><c>h.WaitOne(t)</c> whose result is used → <c>WaitHandle.WaitAny(new[] { h, token.WaitHandle }, t) == 0</c>
/// (true only when <c>h</c> was signalled), outside loops or in a loop whose condition checks a token.</item>
/// <item><c>WaitHandle.WaitAny(new[] { a, b }[, t])</c> as a statement or a local's initializer → the token's handle
/// joins the end of the array; its index gets the exit.</item>
/// </list>
/// <c>WaitAll</c>, <c>Monitor.Wait</c> and <c>SpinUntil</c> get no fix; nor does anything whose result adds a compile error.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WaitOnTokenCodeFix)), Shared]
public sealed class WaitOnTokenCodeFix : CodeFixProvider
{
    public const string EquivalenceKeyPrefix = DiagnosticIds.WaitIgnoresCancellation + ":";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WaitIgnoresCancellation);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var site in await WaitSite.FindAsync(context, DiagnosticIds.WaitIgnoresCancellation).ConfigureAwait(false))
        {
            var (types, tokens, diagnostic) = (site.Types, site.Tokens, site.Diagnostic);
            if (types.WaitHandle is null || Plan(site.Operation, site.Invocation, site.Model, site.Member, types, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            // Checked once, with the first token: the others are written the same way.
            var changed = await ApplyAsync(document, plan, tokens[0], types.WaitHandle, context.CancellationToken).ConfigureAwait(false);
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, changed.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            for (var index = 0; index < tokens.Length; index++)
            {
                var token = tokens[index];
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Wait on the token too: '{token.Name}'",
                        cancellationToken => ApplyAsync(document, plan, token, types.WaitHandle, cancellationToken),
                        EquivalenceKeyPrefix + index),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// For "Use cooperative cancellation" (TSA1001/TSA1002), which makes a worker's waits observe the token it adds:
    /// this fix's own rewrite of <paramref name="invocation"/> with <paramref name="token"/>, or null where this fix
    /// would offer nothing (the result is not checked to compile here; the caller checks the whole fix).
    /// </summary>
    internal static async Task<Document?> WaitOnTokenTooAsync(Document document, InvocationExpressionSyntax invocation, TokenInScope token, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation wait)
        {
            return null;
        }

        var types = WellKnownTypes.Create(model.Compilation);
        var member = Functions.ContainingMember(model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken));
        return types.WaitHandle is not null && Plan(wait, invocation, model, member, types, cancellationToken) is { } plan
            ? await ApplyAsync(document, plan, token, types.WaitHandle, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>How the result of the wait is used.</summary>
    private enum Use
    {
        /// <summary>Dropped: <c>h.WaitOne();</c>, or the whole body of a function that returns nothing.</summary>
        Statement,

        /// <summary><c>var index = WaitHandle.WaitAny(…);</c></summary>
        Declaration,

        /// <summary>Anything else: <c>if (h.WaitOne(t))</c>, <c>return h.WaitOne(t);</c>.</summary>
        Value,
    }

    /// <summary>What the fix will write for one wait.</summary>
    private sealed class WaitPlan
    {
        public WaitPlan(InvocationExpressionSyntax invocation, Use use, ExitKind exit, StatementSlot? slot, ExpressionSyntax? receiver, InitializerExpressionSyntax? array)
        {
            Invocation = invocation;
            Use = use;
            Exit = exit;
            Slot = slot;
            Receiver = receiver;
            Array = array;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public Use Use { get; }

        public ExitKind Exit { get; }

        /// <summary>The statement (or expression body) that gets the exit, for <see cref="Use.Statement"/> and <see cref="Use.Declaration"/>.</summary>
        public StatementSlot? Slot { get; }

        /// <summary>The handle of a <c>WaitOne</c>.</summary>
        public ExpressionSyntax? Receiver { get; }

        /// <summary>The written-out array of a <c>WaitAny</c>.</summary>
        public InitializerExpressionSyntax? Array { get; }

        /// <summary>The index <c>WaitAny</c> returns when the token ended the wait.</summary>
        public int TokenIndex => Array?.Expressions.Count ?? 1;
    }

    /// <summary>Which rewrite fits the wait; null where none is sure to keep the code's meaning.</summary>
    private static WaitPlan? Plan(IInvocationOperation wait, InvocationExpressionSyntax invocation, SemanticModel model, ISymbol? member, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var kind = UncancellableWaits.KindOf(wait, types);
        ExpressionSyntax? receiver = null;
        InitializerExpressionSyntax? array = null;
        switch (kind)
        {
            case BlockingCallKind.WaitHandleWaitOne when invocation.Expression is MemberAccessExpressionSyntax { Expression: var handle }:
                receiver = handle;
                break;
            case BlockingCallKind.WaitHandleWaitAny when invocation.ArgumentList.Arguments.FirstOrDefault() is { NameColon: null } first
                && InitializerOf(first.Expression) is { Expressions: { Count: > 0 } elements } initializer
                && elements.SeparatorCount < elements.Count:
                array = initializer;
                break;
            default:
                return null;
        }

        var function = Functions.Innermost(wait, member);
        if (function is null)
        {
            return null;
        }

        var use = UseOf(invocation, model, cancellationToken, out var slot);
        if (use == Use.Value)
        {
            // The handle's index answers "was it signalled"; after cancellation that is false at once, so a loop that
            // retries on false must stop on its own condition.
            return receiver is not null && (LoopFacts.Enclosing(wait) is not { } loop || ConditionChecksToken(loop, types))
                ? new WaitPlan(invocation, use, ExitKind.None, slot: null, receiver, array)
                : null;
        }

        if (use == Use.Declaration && array is null)
        {
            return null;
        }

        var exit = ExitFor(wait, function, types);
        return exit == ExitKind.None || slot is null ? null : new WaitPlan(invocation, use, exit, slot, receiver, array);
    }

    /// <summary>
    /// Async code and code that already throws on cancellation throw; a loop is left with <c>break</c>; a function with
    /// a plain <c>return</c>; anything else has no quiet exit.
    /// </summary>
    private static ExitKind ExitFor(IInvocationOperation wait, IMethodSymbol function, WellKnownTypes types)
    {
        if (Functions.IsAsynchronous(function, types) || ThrowsOnCancellation(wait, types))
        {
            return ExitKind.Throw;
        }

        if (LoopFacts.Enclosing(wait) is { } loop)
        {
            return QuietExit.CanBreakOutOf(wait, loop) ? ExitKind.Break : ExitKind.None;
        }

        return QuietExit.CanReturnFrom(wait, function, types) ? ExitKind.Return : ExitKind.None;
    }

    /// <summary>Does the function around the wait already call <c>ThrowIfCancellationRequested</c>?</summary>
    private static bool ThrowsOnCancellation(IOperation wait, WellKnownTypes types)
    {
        return OperationWalker.Find(OperationWalker.FunctionBody(wait), enterNestedFunctions: false, operation =>
            operation is IInvocationOperation { TargetMethod: { Name: "ThrowIfCancellationRequested" } method }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationToken)) is not null;
    }

    private static bool ConditionChecksToken(ILoopOperation loop, WellKnownTypes types)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        return condition is not null && CancellationObservation.Of(condition, types) == Observation.Observes;
    }

    private static Use UseOf(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken, out StatementSlot? slot)
    {
        slot = null;
        switch (invocation.Parent)
        {
            case ExpressionStatementSyntax statement:
                slot = new StatementSlot(statement, returnsValue: false);
                return Use.Statement;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }:
                slot = new StatementSlot(declaration, returnsValue: false);
                return Use.Declaration;
            case ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax
                when StatementSlot.Around(invocation, model, cancellationToken) is { IsExpressionBody: true, ReturnsValue: false } body:
                slot = body;
                return Use.Statement;
            default:
                return Use.Value;
        }
    }

    /// <summary>The initializer of <c>new[] { … }</c> or <c>new WaitHandle[] { … }</c>.</summary>
    private static InitializerExpressionSyntax? InitializerOf(ExpressionSyntax expression) => expression switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer,
        _ => null,
    };

    private static async Task<Document> ApplyAsync(Document document, WaitPlan plan, TokenInScope token, INamedTypeSymbol waitHandleType, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var tokenExpression = SyntaxFactory.ParseExpression(token.TokenExpression);
        var newWait = NewWait(plan, tokenExpression, waitHandleType).WithTriviaFrom(plan.Invocation);
        var tokenIndex = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(plan.TokenIndex));
        switch (plan.Use)
        {
            case Use.Value:
                var signalled = SyntaxFactory.BinaryExpression(
                    SyntaxKind.EqualsExpression,
                    newWait.WithoutTrivia(),
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
                editor.ReplaceNode(plan.Invocation, SyntaxFactory.ParenthesizedExpression(signalled).WithTriviaFrom(plan.Invocation).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));
                break;
            case Use.Declaration:
                var declaration = (LocalDeclarationStatementSyntax)plan.Slot!.Anchor;
                var variable = SyntaxFactory.IdentifierName(declaration.Declaration.Variables[0].Identifier.WithoutTrivia());
                plan.Slot.Replace(editor, new StatementSyntax[]
                {
                    declaration.ReplaceNode(plan.Invocation, newWait.WithAdditionalAnnotations(Formatter.Annotation)),
                    Exit(plan.Exit, SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, variable, tokenIndex), tokenExpression).WithAdditionalAnnotations(Formatter.Annotation),
                });
                break;
            default:
                var statements = plan.Exit == ExitKind.Throw
                    ? new StatementSyntax[] { SyntaxFactory.ExpressionStatement(newWait.WithoutTrivia()), QuietExit.Leave(ExitKind.Throw, tokenExpression) }
                    : new StatementSyntax[] { Exit(plan.Exit, SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, newWait.WithoutTrivia(), tokenIndex), tokenExpression) };
                plan.Slot!.Replace(editor, statements.Select(statement => statement.WithAdditionalAnnotations(Formatter.Annotation)).ToList());
                break;
        }

        return editor.GetChangedDocument();
    }

    /// <summary><c>if (cancelled) { break; }</c>, or <c>token.ThrowIfCancellationRequested();</c>, which needs no condition.</summary>
    private static StatementSyntax Exit(ExitKind exit, ExpressionSyntax cancelled, ExpressionSyntax token)
        => exit == ExitKind.Throw ? QuietExit.Leave(exit, token) : QuietExit.IfThenLeave(cancelled, exit, token);

    /// <summary><c>WaitHandle.WaitAny(new[] { h, token.WaitHandle }, …)</c> for a <c>WaitOne</c>; the <c>WaitAny</c> with the token's handle added for a <c>WaitAny</c>.</summary>
    private static ExpressionSyntax NewWait(WaitPlan plan, ExpressionSyntax token, INamedTypeSymbol waitHandleType)
    {
        var tokenHandle = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token, SyntaxFactory.IdentifierName("WaitHandle"));
        if (plan.Array is { } array)
        {
            var elements = array.Expressions;
            // Comments after the last handle stay with it; the whitespace before the closing brace follows the new one.
            var last = elements[elements.Count - 1];
            var trailing = last.GetTrailingTrivia();
            var kept = trailing.Count;
            while (kept > 0 && trailing[kept - 1].Kind() is SyntaxKind.WhitespaceTrivia or SyntaxKind.EndOfLineTrivia)
            {
                kept--;
            }

            var grown = array.WithExpressions(elements.Replace(last, last.WithTrailingTrivia(trailing.Take(kept)))
                .AddRange(new ExpressionSyntax[] { tokenHandle.WithTrailingTrivia(trailing.Skip(kept)) }));
            var separators = grown.Expressions.GetSeparators().ToList();
            var spaced = grown.Expressions.ReplaceSeparator(separators[separators.Count - 1], SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return plan.Invocation.ReplaceNode(array, grown.WithExpressions(spaced));
        }

        var type = SyntaxFactory.ParseTypeName(waitHandleType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);
        var handles = SyntaxFactory.ImplicitArrayCreationExpression(SyntaxFactory.InitializerExpression(
            SyntaxKind.ArrayInitializerExpression,
            SyntaxFactory.SeparatedList(new[] { plan.Receiver!.WithoutTrivia(), tokenHandle })));
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(handles) };
        arguments.AddRange(plan.Invocation.ArgumentList.Arguments);
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName("WaitAny")),
            plan.Invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));
    }
}
