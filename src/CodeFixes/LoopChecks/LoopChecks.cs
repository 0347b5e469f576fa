using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>Rewrites a loop so that it observes a token; shared by every fix that touches loops.</summary>
internal static class LoopChecks
{
    /// <summary>In async or Task-returning code an exception is expected; elsewhere it would tear down a thread.</summary>
    public static LoopCheckForm PreferredForm(bool asynchronous) => asynchronous ? LoopCheckForm.Throw : LoopCheckForm.Quiet;

    public static LoopCheckForm Other(LoopCheckForm form) => form == LoopCheckForm.Throw ? LoopCheckForm.Quiet : LoopCheckForm.Throw;

    /// <summary>
    /// The forms a check at <paramref name="loop"/> may take, best first: where the code already throws cancellation
    /// into a catch-all around the loop (its designed way out), the throw form first, whatever the function's kind;
    /// where such a catch-all would lose the exception (or fail fast) and nothing routes cancellation into it, only the
    /// quiet form, and none at all where work follows the loop inside that try (it would run after cancellation, or
    /// the exception would be taken for an error); in a loop whose quiet end would let an outer loop go on with its
    /// work, no quiet form; elsewhere the function's preferred form, then the other.
    /// </summary>
    public static LoopCheckForm[] FormsAt(IOperation loop, bool asynchronous, WellKnownTypes types)
    {
        // A quiet exit from a loop nested in another that then goes on with its work is no stop (QuietExit.BreakEndsWork).
        var quietStops = loop is not ILoopOperation nested || QuietExit.BreakEndsWork(nested, testedOnEntry: true, types);
        if (CancellationHandlers.SurfacesAsException(loop, types))
        {
            return quietStops ? new[] { LoopCheckForm.Throw, LoopCheckForm.Quiet } : new[] { LoopCheckForm.Throw };
        }

        if (CancellationHandlers.SwallowsCancellationAround(loop, types))
        {
            return CancellationHandlers.WorkFollowsInSwallowingTry(loop, types) || !quietStops ? new LoopCheckForm[0] : new[] { LoopCheckForm.Quiet };
        }

        if (!quietStops)
        {
            // Synchronous code would tear its thread down with the exception, so it gets no check at all.
            return asynchronous ? new[] { LoopCheckForm.Throw } : new LoopCheckForm[0];
        }

        var preferred = PreferredForm(asynchronous);
        return new[] { preferred, Other(preferred) };
    }

    /// <summary>
    /// For the add-parameter fixes: the check on the new parameter, in the preferred form for the loop's own function
    /// on attempt 0 and the other form as the fallback on attempt 1.
    /// </summary>
    public static AddCancellationParameter.RewriteSite? RewriteForParameter(SyntaxNode loop, SemanticModel model, int attempt, CancellationToken cancellationToken)
    {
        if (model.GetOperation(loop, cancellationToken) is not { } operation)
        {
            return null;
        }

        var member = Functions.ContainingMember(model.GetEnclosingSymbol(loop.SpanStart, cancellationToken));
        var types = WellKnownTypes.For(model.Compilation);
        var forms = FormsAt(operation, Functions.IsAsynchronous(Functions.Innermost(operation, member), types), types);
        if (forms.Length == 0)
        {
            return null;
        }

        var form = forms[attempt < forms.Length ? attempt : 0];

        return (current, name) => Apply((StatementSyntax)current, form, name, name + ".IsCancellationRequested");
    }

    /// <summary>
    /// <c>await foreach (var x in source)</c> becomes <c>await foreach (var x in source.WithCancellation(token))</c>, the
    /// token handed to the enumerator, which is where such a loop waits; a <c>.ConfigureAwait(…)</c> that ends the
    /// expression stays last (<c>source.WithCancellation(token).ConfigureAwait(false)</c>).
    /// </summary>
    public static CommonForEachStatementSyntax WithCancellation(CommonForEachStatementSyntax loop, string tokenExpression)
    {
        var collection = loop.Expression;
        var rewritten = collection is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access } configured
            ? configured.WithExpression(access.WithExpression(WithToken(access.Expression, tokenExpression)))
            : WithToken(collection.WithoutTrivia(), tokenExpression).WithTriviaFrom(collection);
        return loop.WithExpression(rewritten);
    }

    private static ExpressionSyntax WithToken(ExpressionSyntax source, string tokenExpression)
    {
        var receiver = source.WithoutTrailingTrivia() is var bare && bare is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax
            or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ThisExpressionSyntax or ParenthesizedExpressionSyntax
            ? bare
            : SyntaxFactory.ParenthesizedExpression(bare);
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(tokenExpression)))))
            .WithTrailingTrivia(source.GetTrailingTrivia());
    }

    /// <summary>
    /// The loops of <paramref name="target"/> (not of functions nested in it that get their own parameter) that observe
    /// nothing and are of the kind <paramref name="reported"/> picks: the sites an added token parameter is checked in.
    /// </summary>
    public static IEnumerable<SyntaxNode> UnobservedLoopsOf(SyntaxNode target, SemanticModel model, Func<ILoopOperation, WellKnownTypes, bool> reported, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        foreach (var node in target.DescendantNodes(n => n == target || n is not LocalFunctionStatementSyntax))
        {
            if (LoopFacts.IsLoopStatement(node)
                && ParameterTargets.FindTarget(node, model, cancellationToken) == target
                && model.GetOperation(node, cancellationToken) is ILoopOperation loop
                && reported(loop, types)
                && !LoopFacts.YieldsValues(loop, containingMember: null)
                && CancellationObservation.Of(loop, types) == Observation.None)
            {
                yield return node;
            }
        }
    }

    public static StatementSyntax Apply(StatementSyntax loop, LoopCheckForm form, TokenInScope token)
        => Apply(loop, form, token.TokenExpression, token.IsCancellationRequestedExpression);

    public static StatementSyntax Apply(StatementSyntax loop, LoopCheckForm form, string tokenExpression, string isCancellationRequested)
    {
        if (form == LoopCheckForm.Throw)
        {
            return InsertFirst(loop, SyntaxFactory.ExpressionStatement(SyntaxFactory.ParseExpression(tokenExpression + ".ThrowIfCancellationRequested()")));
        }

        if (form == LoopCheckForm.Return)
        {
            return InsertFirst(loop, SyntaxFactory.IfStatement(
                SyntaxFactory.ParseExpression(isCancellationRequested),
                SyntaxFactory.Block(SyntaxFactory.ReturnStatement())));
        }

        var notCancelled = SyntaxFactory.ParseExpression("!" + isCancellationRequested);
        switch (loop)
        {
            case WhileStatementSyntax whileLoop when IsTrueLiteral(whileLoop.Condition):
                return whileLoop.WithCondition(notCancelled.WithTriviaFrom(whileLoop.Condition));
            case ForStatementSyntax { Condition: null } forLoop:
                return forLoop.WithCondition(notCancelled.WithLeadingTrivia(SyntaxFactory.Space));
            case ForStatementSyntax forLoop when IsTrueLiteral(forLoop.Condition!):
                return forLoop.WithCondition(notCancelled.WithTriviaFrom(forLoop.Condition!));
            default:
                return InsertFirst(loop, SyntaxFactory.IfStatement(
                    SyntaxFactory.ParseExpression(isCancellationRequested),
                    SyntaxFactory.Block(SyntaxFactory.BreakStatement())));
        }
    }

    private static bool IsTrueLiteral(ExpressionSyntax condition) => condition.IsKind(SyntaxKind.TrueLiteralExpression);

    /// <summary>Puts <paramref name="statement"/> first in the loop body, turning an embedded statement into a block.</summary>
    private static StatementSyntax InsertFirst(StatementSyntax loop, StatementSyntax statement)
    {
        if (Body(loop) is BlockSyntax { Statements.Count: > 0 } oneLine && StatementSlot.IsOnOneLine(oneLine))
        {
            // `{ Work(); }` stays on its line: `{ token.ThrowIfCancellationRequested(); Work(); }`.
            var text = System.Text.RegularExpressions.Regex.Replace(statement.NormalizeWhitespace().ToFullString(), @"\s*\r?\n\s*", " ");
            var inline = SyntaxFactory.ParseStatement(text).WithTrailingTrivia(SyntaxFactory.Space);
            return WithBody(loop, oneLine.WithStatements(oneLine.Statements.Insert(0, inline)));
        }

        statement = statement
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(EndOfLine(loop))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var body = Body(loop);
        StatementSyntax newBody;
        if (body is BlockSyntax block)
        {
            newBody = block.WithStatements(block.Statements.Insert(0, statement));
        }
        else
        {
            // `while (x) Work();` becomes a block; the embedded statement keeps its comments.
            newBody = SyntaxFactory.Block(statement, body.WithoutLeadingTrivia().WithLeadingTrivia(KeepComments(body.GetLeadingTrivia())))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        return WithBody(loop, newBody);
    }

    /// <summary>Drops the line break and indentation in front of an embedded statement; comments and their line breaks stay.</summary>
    private static SyntaxTriviaList KeepComments(SyntaxTriviaList trivia)
    {
        var start = 0;
        while (start < trivia.Count && (trivia[start].IsKind(SyntaxKind.WhitespaceTrivia) || trivia[start].IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            start++;
        }

        var kept = SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker);
        for (var i = start; i < trivia.Count; i++)
        {
            kept = kept.Add(trivia[i]);
        }

        return kept;
    }

    /// <summary>The line break the file already uses, so a fix never mixes CRLF into an LF file or the reverse.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        foreach (var trivia in node.SyntaxTree.GetRoot().DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return SyntaxFactory.EndOfLine(trivia.ToString());
            }
        }

        return SyntaxFactory.EndOfLine("\n");
    }

    private static StatementSyntax Body(StatementSyntax loop) => loop switch
    {
        WhileStatementSyntax whileLoop => whileLoop.Statement,
        DoStatementSyntax doLoop => doLoop.Statement,
        ForStatementSyntax forLoop => forLoop.Statement,
        CommonForEachStatementSyntax forEach => forEach.Statement,
        _ => throw new System.ArgumentException("not a loop", nameof(loop)),
    };

    private static StatementSyntax WithBody(StatementSyntax loop, StatementSyntax body) => loop switch
    {
        WhileStatementSyntax whileLoop => whileLoop.WithStatement(body),
        DoStatementSyntax doLoop => doLoop.WithStatement(body),
        ForStatementSyntax forLoop => forLoop.WithStatement(body),
        CommonForEachStatementSyntax forEach => forEach.WithStatement(body),
        _ => throw new System.ArgumentException("not a loop", nameof(loop)),
    };
}
