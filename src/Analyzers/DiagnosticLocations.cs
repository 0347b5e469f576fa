using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers;

/// <summary>Where diagnostics start and end, the same way for every rule.</summary>
internal static class DiagnosticLocations
{
    /// <summary>
    /// A call or member reference: <c>t?.Abort()</c> is reported on the whole conditional access, not only on
    /// <c>.Abort()</c>; in half-typed code (<c>t.Abort(</c>) the location ends at the last token the user typed, not at
    /// the missing parenthesis.
    /// </summary>
    public static Location OfExpression(SyntaxNode node)
    {
        while (node.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node)
        {
            node = access;
        }

        var end = node.GetLastToken().Span.End;
        return Location.Create(node.SyntaxTree, TextSpan.FromBounds(node.SpanStart, end > node.SpanStart ? end : node.Span.End));
    }

    /// <summary>A loop: from its keyword (or <c>await</c>) to the end of its header; the <c>do</c> keyword alone for do loops.</summary>
    public static Location OfLoopHeader(SyntaxNode loop)
    {
        var end = loop switch
        {
            WhileStatementSyntax whileLoop => whileLoop.CloseParenToken.Span.End,
            ForStatementSyntax forLoop => forLoop.CloseParenToken.Span.End,
            CommonForEachStatementSyntax forEach => forEach.CloseParenToken.Span.End,
            DoStatementSyntax doLoop => doLoop.DoKeyword.Span.End,
            _ => loop.Span.End,
        };

        return Location.Create(loop.SyntaxTree, TextSpan.FromBounds(loop.SpanStart, end));
    }

    /// <summary>A catch clause: from the <c>catch</c> keyword to the end of its declaration (<c>catch (Exception ex)</c>), the keyword alone when it has none.</summary>
    public static Location OfCatchHeader(SyntaxNode catchClause)
    {
        var end = catchClause is CatchClauseSyntax clause
            ? (clause.Declaration is { } declaration ? declaration.Span.End : clause.CatchKeyword.Span.End)
            : catchClause.Span.End;
        return Location.Create(catchClause.SyntaxTree, TextSpan.FromBounds(catchClause.SpanStart, end));
    }
}
