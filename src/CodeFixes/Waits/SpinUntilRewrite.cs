using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// "Check the token in the condition" for <c>SpinWait.SpinUntil(() => condition[, timeout]);</c> as a statement: the
/// lambda becomes <c>() => token.IsCancellationRequested || condition</c>, and the work is left once the spin ended
/// because of the token (the quiet exit of <see cref="WaitRewrite.ExitFor"/>; none where the function ends anyway with
/// a plain return). Only for a lambda with an expression body; a result that is used (<c>if (SpinUntil(…, t))</c>)
/// would read "true" on cancellation, so it gets no fix.
/// </summary>
internal sealed class SpinUntilRewrite : WaitRewrite
{
    private readonly ExpressionSyntax _condition;
    private readonly StatementSlot _slot;
    private readonly ExitKind _exit;
    private readonly bool _leave;

    private SpinUntilRewrite(ExpressionSyntax condition, StatementSlot slot, ExitKind exit, bool leave)
    {
        _condition = condition;
        _slot = slot;
        _exit = exit;
        _leave = leave;
    }

    public override string Title(TokenInScope token) => $"Check the token in the condition: '{token.Name}'";

    public static SpinUntilRewrite? Plan(IInvocationOperation wait, InvocationExpressionSyntax invocation, SemanticModel model, IMethodSymbol function, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (invocation.ArgumentList.Arguments.FirstOrDefault() is not { NameColon: null, Expression: ParenthesizedLambdaExpressionSyntax { ExpressionBody: { } condition, ParameterList.Parameters.Count: 0 } lambda }
            || lambda.Modifiers.Any(SyntaxKind.StaticKeyword)
            || UseOf(invocation, model, cancellationToken, out var slot) != WaitUse.Statement
            || slot is not { IsExpressionBody: false })
        {
            return null;
        }

        var exit = ExitFor(wait, function, types);
        if (exit == ExitKind.None)
        {
            return null;
        }

        var leave = !(exit == ExitKind.Return && QuietExit.EndsFunction((StatementSyntax)slot.Anchor));
        return new SpinUntilRewrite(condition, slot, exit, leave);
    }

    /// <summary>The condition as the right side of <c>||</c>: in parentheses where it is a conditional or an <c>&amp;&amp;</c>, which reads better so.</summary>
    private static ExpressionSyntax Operand(ExpressionSyntax condition)
        => condition is ConditionalExpressionSyntax or AssignmentExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.CoalesceExpression }
            ? SyntaxFactory.ParenthesizedExpression(condition)
            : condition;

    public override async Task<Document> ApplyAsync(Document document, TokenInScope token, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var cancelled = SyntaxFactory.ParseExpression(token.IsCancellationRequestedExpression);
        var tokenExpression = SyntaxFactory.ParseExpression(token.TokenExpression);
        var either = SyntaxFactory.BinaryExpression(
            SyntaxKind.LogicalOrExpression,
            cancelled,
            Operand(_condition.WithoutTrivia()))
            .WithTriviaFrom(_condition);
        var statement = (StatementSyntax)_slot.Anchor;
        var spin = statement.ReplaceNode(_condition, either);
        if (!_leave)
        {
            editor.ReplaceNode(statement, spin);
            return editor.GetChangedDocument();
        }

        var exit = _exit == ExitKind.Throw ? QuietExit.Leave(_exit, tokenExpression) : QuietExit.IfThenLeave(cancelled, _exit, tokenExpression);
        _slot.Replace(editor, new[] { spin, exit.WithAdditionalAnnotations(Formatter.Annotation) });
        return editor.GetChangedDocument();
    }
}
