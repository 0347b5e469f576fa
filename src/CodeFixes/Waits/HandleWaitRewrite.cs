using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// "Wait on the token too" for wait handles: the wait also waits on the token's <c>WaitHandle</c>, and leaves the work
/// when that is what ended it.
/// <list type="bullet">
/// <item><c>h.WaitOne([t]);</c> → <c>if (WaitHandle.WaitAny(new[] { h, token.WaitHandle }[, t]) == 1) { break; }</c>
/// (<c>return</c> outside loops; <c>WaitAny(…); token.ThrowIfCancellationRequested();</c> in async or token-throwing code).</item>
/// <item><c>h.WaitOne(t)</c> whose result is used → <c>WaitHandle.WaitAny(new[] { h, token.WaitHandle }, t) == 0</c>
/// (true only when <c>h</c> was signalled), outside loops or in a loop whose condition checks a token.</item>
/// <item><c>WaitHandle.WaitAny(new[] { a, b }[, t])</c> as a statement or a local's initializer → the token's handle
/// joins the end of the array; its index gets the exit.</item>
/// </list>
/// </summary>
internal sealed class HandleWaitRewrite : WaitRewrite
{
    private readonly InvocationExpressionSyntax _invocation;
    private readonly WaitUse _use;
    private readonly ExitKind _exit;
    private readonly StatementSlot? _slot;
    private readonly ExpressionSyntax? _receiver;
    private readonly InitializerExpressionSyntax? _array;
    private readonly INamedTypeSymbol _waitHandleType;

    private HandleWaitRewrite(InvocationExpressionSyntax invocation, WaitUse use, ExitKind exit, StatementSlot? slot, ExpressionSyntax? receiver, InitializerExpressionSyntax? array, INamedTypeSymbol waitHandleType)
    {
        _invocation = invocation;
        _use = use;
        _exit = exit;
        _slot = slot;
        _receiver = receiver;
        _array = array;
        _waitHandleType = waitHandleType;
    }

    /// <summary>The index <c>WaitAny</c> returns when the token ended the wait.</summary>
    private int TokenIndex => _array?.Expressions.Count ?? 1;

    public override string Title(TokenInScope token) => $"Wait on the token too: '{token.Name}'";

    public static HandleWaitRewrite? Plan(IInvocationOperation wait, InvocationExpressionSyntax invocation, SemanticModel model, IMethodSymbol function, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (types.WaitHandle is null)
        {
            return null;
        }

        ExpressionSyntax? receiver = null;
        InitializerExpressionSyntax? array = null;
        switch (UncancellableWaits.KindOf(wait, types))
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

        var use = UseOf(invocation, model, cancellationToken, out var slot);
        if (use == WaitUse.Value)
        {
            // The handle's index answers "was it signalled"; after cancellation that is false at once, so a loop that
            // retries on false must stop on its own condition.
            return receiver is not null && (LoopFacts.Enclosing(wait) is not { } loop || LoopFacts.ConditionObservesToken(loop, types))
                ? new HandleWaitRewrite(invocation, use, ExitKind.None, slot: null, receiver, array, types.WaitHandle)
                : null;
        }

        if (use == WaitUse.Declaration && array is null)
        {
            return null;
        }

        var exit = ExitFor(wait, function, types);
        return exit == ExitKind.None || slot is null ? null : new HandleWaitRewrite(invocation, use, exit, slot, receiver, array, types.WaitHandle);
    }

    public override async Task<Document> ApplyAsync(Document document, TokenInScope token, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var tokenExpression = SyntaxFactory.ParseExpression(token.TokenExpression);
        var newWait = NewWait(tokenExpression).WithTriviaFrom(_invocation);
        var tokenIndex = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(TokenIndex));
        switch (_use)
        {
            case WaitUse.Value:
                // `!h.WaitOne(t)` reads as `WaitAny(…) != 0`, as a person would write it, not `!(WaitAny(…) == 0)` (naps2's poll).
                var negated = _invocation.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not ? not : null;
                var signalled = SyntaxFactory.BinaryExpression(
                    negated is null ? SyntaxKind.EqualsExpression : SyntaxKind.NotEqualsExpression,
                    newWait.WithoutTrivia(),
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
                SyntaxNode replaced = negated ?? (SyntaxNode)_invocation;
                editor.ReplaceNode(replaced, SyntaxFactory.ParenthesizedExpression(signalled).WithTriviaFrom(replaced).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));
                break;
            case WaitUse.Declaration:
                var declaration = (LocalDeclarationStatementSyntax)_slot!.Anchor;
                var variable = SyntaxFactory.IdentifierName(declaration.Declaration.Variables[0].Identifier.WithoutTrivia());
                _slot.Replace(editor, new StatementSyntax[]
                {
                    declaration.ReplaceNode(_invocation, newWait.WithAdditionalAnnotations(Formatter.Annotation)),
                    Exit(_exit, SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, variable, tokenIndex), tokenExpression).WithAdditionalAnnotations(Formatter.Annotation),
                });
                break;
            case WaitUse.Statement when _exit == ExitKind.Return && (_slot!.Anchor is not StatementSyntax anchor || QuietExit.EndsFunction(anchor)):
                // The wait ends its function (the last statement, or an expression body: Polly's mocked callback): a
                // return after it would be redundant, so the new wait stands alone where the old one stood.
                editor.ReplaceNode(_invocation, newWait.WithAdditionalAnnotations(Formatter.Annotation));
                break;
            default:
                var statements = _exit == ExitKind.Throw
                    ? new StatementSyntax[] { SyntaxFactory.ExpressionStatement(newWait.WithoutTrivia()), QuietExit.Leave(ExitKind.Throw, tokenExpression) }
                    : new StatementSyntax[] { Exit(_exit, SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, newWait.WithoutTrivia(), tokenIndex), tokenExpression) };
                _slot!.Replace(editor, statements.Select(statement => statement.WithAdditionalAnnotations(Formatter.Annotation)).ToList());
                break;
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The initializer of <c>new[] { … }</c> or <c>new WaitHandle[] { … }</c>.</summary>
    private static InitializerExpressionSyntax? InitializerOf(ExpressionSyntax expression) => expression switch
    {
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer,
        _ => null,
    };

    /// <summary><c>if (cancelled) { break; }</c>, or <c>token.ThrowIfCancellationRequested();</c>, which needs no condition.</summary>
    private static StatementSyntax Exit(ExitKind exit, ExpressionSyntax cancelled, ExpressionSyntax token)
        => exit == ExitKind.Throw ? QuietExit.Leave(exit, token) : QuietExit.IfThenLeave(cancelled, exit, token);

    /// <summary><c>WaitHandle.WaitAny(new[] { h, token.WaitHandle }, …)</c> for a <c>WaitOne</c>; the <c>WaitAny</c> with the token's handle added for a <c>WaitAny</c>.</summary>
    private ExpressionSyntax NewWait(ExpressionSyntax token)
    {
        var tokenHandle = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token, SyntaxFactory.IdentifierName("WaitHandle"));
        if (_array is { } array)
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
            return _invocation.ReplaceNode(array, grown.WithExpressions(spaced));
        }

        var type = SyntaxFactory.ParseTypeName(_waitHandleType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);
        var handles = SyntaxFactory.ImplicitArrayCreationExpression(SyntaxFactory.InitializerExpression(
            SyntaxKind.ArrayInitializerExpression,
            SyntaxFactory.SeparatedList(new[] { _receiver!.WithoutTrivia(), tokenHandle })));
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(handles) };
        arguments.AddRange(_invocation.ArgumentList.Arguments);
        return SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName("WaitAny")),
            _invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));
    }
}
