using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Where a fix can put statements around a piece of code: a statement in a block, a switch section or a top-level
/// program; an embedded statement (the body of an <c>if</c>, a loop, …), which becomes a block; or the expression body
/// of a method, accessor, local function or lambda, which becomes a block body.
/// </summary>
internal sealed class StatementSlot
{
    public StatementSlot(SyntaxNode anchor, bool returnsValue)
    {
        Anchor = anchor;
        ReturnsValue = returnsValue;
    }

    /// <summary>The statement, or the expression that is a whole expression body.</summary>
    public SyntaxNode Anchor { get; }

    /// <summary>For an expression body: does its function return the value (then the expression becomes a <c>return</c>).</summary>
    public bool ReturnsValue { get; }

    public bool IsExpressionBody => Anchor is ExpressionSyntax;

    /// <summary>The nearest statement or expression body around <paramref name="node"/>, without leaving its function; null in a field initializer or a property's expression body.</summary>
    public static StatementSlot? Around(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case StatementSyntax statement:
                    return new StatementSlot(statement, returnsValue: false);
                case ExpressionSyntax expression when current.Parent is ArrowExpressionClauseSyntax { Parent: var owner }
                    && owner is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax:
                    var function = model.GetDeclaredSymbol(owner, cancellationToken) as IMethodSymbol;
                    return function is null ? null : new StatementSlot(expression, !function.ReturnsVoid && owner is not ConstructorDeclarationSyntax);
                case ExpressionSyntax expression when current.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.ExpressionBody == current:
                    var lambdaSymbol = model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol;
                    return lambdaSymbol is null ? null : new StatementSlot(expression, !lambdaSymbol.ReturnsVoid);
                case AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Does the block, braces included, stand on one line (<c>{ Work(); }</c>)? New statements then join that line.</summary>
    public static bool IsOnOneLine(BlockSyntax block)
    {
        var lines = block.SyntaxTree.GetLineSpan(block.Span);
        return lines.StartLinePosition.Line == lines.EndLinePosition.Line;
    }

    /// <summary>The same slot in a later version of the tree.</summary>
    public StatementSlot At(SyntaxNode currentAnchor) => new(currentAnchor, ReturnsValue);

    /// <summary>The statements after this one in its block or switch section.</summary>
    public IEnumerable<StatementSyntax> FollowingStatements()
    {
        var statements = Anchor.Parent switch
        {
            BlockSyntax block => block.Statements,
            SwitchSectionSyntax section => section.Statements,
            _ => default,
        };

        return Anchor is StatementSyntax statement ? statements.SkipWhile(s => s != statement).Skip(1) : Enumerable.Empty<StatementSyntax>();
    }

    /// <summary>Puts <paramref name="statements"/> right before the anchor, each on its own line at the anchor's indentation.</summary>
    public void InsertBefore(SyntaxEditor editor, IReadOnlyList<StatementSyntax> statements)
    {
        var returnsValue = ReturnsValue;
        switch (Anchor)
        {
            case StatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement:
                // The first new statement takes over the blank lines and comments in front of the anchor: they now introduce the group.
                var layout = LineLayout.Of(statement);
                var leading = statement.GetLeadingTrivia();
                editor.InsertBefore(InList(statement), statements.Select((s, i) => InList(statement, s
                    .WithLeadingTrivia(i == 0 ? leading : layout.Indentation)
                    .WithTrailingTrivia(layout.Separator))));
                editor.ReplaceNode(statement, (current, _) => current.WithLeadingTrivia(layout.Indentation));
                break;
            case StatementSyntax statement:
                editor.ReplaceNode(statement, (current, _) => EmbeddedBlock(statements.Append((StatementSyntax)current), current));
                break;
            case ExpressionSyntax expression:
                editor.ReplaceNode(expression.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : expression.Parent!, (current, _) => WithBlockBody(
                    current,
                    body => statements.Append(returnsValue ? SyntaxFactory.ReturnStatement(body) : SyntaxFactory.ExpressionStatement(body)).ToList(),
                    commentsOnFirst: false));
                break;
        }
    }

    /// <summary>
    /// Replaces the anchor (a statement, or a whole expression body that yields nothing) with <paramref name="statements"/>:
    /// the first takes the anchor's place and comments, the others follow on lines of their own (or on the same line,
    /// when the anchor shared its line with other code).
    /// </summary>
    public void Replace(SyntaxEditor editor, IReadOnlyList<StatementSyntax> statements)
    {
        switch (Anchor)
        {
            case StatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement:
                var layout = LineLayout.Of(statement);
                var trailing = statement.GetTrailingTrivia();
                var endsLine = trailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var last = statements.Count - 1;
                var rest = statements.Skip(1).Select((s, i) => InList(statement, s
                    .WithLeadingTrivia(layout.Indentation)
                    .WithTrailingTrivia(i + 1 == last && !endsLine ? trailing : layout.Separator))).ToList();
                if (rest.Count > 0)
                {
                    editor.InsertAfter(InList(statement), rest);
                }

                var firstTrailing = rest.Count == 0 || endsLine ? trailing : layout.Separator;
                editor.ReplaceNode(statement, (current, _) => statements[0].WithLeadingTrivia(current.GetLeadingTrivia()).WithTrailingTrivia(firstTrailing));
                break;
            case StatementSyntax statement:
                editor.ReplaceNode(statement, (current, _) => EmbeddedBlock(statements, current));
                break;
            case ExpressionSyntax expression:
                editor.ReplaceNode(expression.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : expression.Parent!, (current, _) => WithBlockBody(
                    current,
                    _ => statements,
                    commentsOnFirst: true));
                break;
        }
    }

    /// <summary>
    /// Puts <paramref name="before"/> in front of the anchor statement and <paramref name="after"/> behind it, each on a
    /// line of its own; the anchor stays as it is, comments included. An embedded statement becomes a block of all of them.
    /// </summary>
    public void Surround(SyntaxEditor editor, IReadOnlyList<StatementSyntax> before, IReadOnlyList<StatementSyntax> after)
    {
        switch (Anchor)
        {
            case StatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement:
                if (after.Count > 0)
                {
                    var layout = LineLayout.Of(statement);
                    editor.InsertAfter(InList(statement), after.Select(s => InList(statement, s.WithLeadingTrivia(layout.Indentation).WithTrailingTrivia(layout.Separator))));
                }

                if (before.Count > 0)
                {
                    InsertBefore(editor, before);
                }

                break;
            case StatementSyntax statement:
                editor.ReplaceNode(statement, (current, _) => SyntaxFactory.Block(
                        before.Select(s => Formatted(s.WithoutTrivia()))
                            .Append((StatementSyntax)current)
                            .Concat(after.Select(s => Formatted(s.WithoutTrivia()))))
                    .WithTrailingTrivia(LoopChecks.EndOfLine(Anchor))
                    .WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    /// <summary>A statement of a top-level program sits in a global statement; that is the node in the member list.</summary>
    private static SyntaxNode InList(StatementSyntax statement) => statement.Parent is GlobalStatementSyntax global ? global : statement;

    private static SyntaxNode InList(StatementSyntax anchor, StatementSyntax statement)
        => anchor.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;

    /// <summary>How the statements around an anchor are laid out: its indentation, and what separates it from the next one.</summary>
    private readonly struct LineLayout
    {
        private LineLayout(SyntaxTriviaList indentation, SyntaxTriviaList separator)
        {
            Indentation = indentation;
            Separator = separator;
        }

        public SyntaxTriviaList Indentation { get; }

        public SyntaxTriviaList Separator { get; }

        /// <summary>A statement that starts its line is indented by the whitespace in front of it and ends with a line break; otherwise statements share the line.</summary>
        public static LineLayout Of(StatementSyntax statement)
        {
            var leading = statement.GetLeadingTrivia();
            var previous = statement.GetFirstToken().GetPreviousToken();
            var startsLine = previous.IsKind(SyntaxKind.None)
                || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                || leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!startsLine)
            {
                return new LineLayout(default, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            }

            var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                : default;
            return new LineLayout(indentation, SyntaxFactory.TriviaList(LoopChecks.EndOfLine(statement)));
        }
    }

    private StatementSyntax Formatted(StatementSyntax statement)
        => statement.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(LoopChecks.EndOfLine(Anchor)).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>An embedded statement becomes a block; the old statement's comments stay in front of the block.</summary>
    private BlockSyntax EmbeddedBlock(IEnumerable<StatementSyntax> statements, SyntaxNode replaced)
        => SyntaxFactory.Block(statements.Select(s => Formatted(s.WithoutTrivia())))
            .WithLeadingTrivia(replaced.GetLeadingTrivia())
            .WithTrailingTrivia(replaced.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// Turns the expression body of <paramref name="owner"/> into a block of the statements built from the expression.
    /// Comments after the old semicolon go to the first statement (<paramref name="commentsOnFirst"/>) or the last.
    /// </summary>
    private SyntaxNode WithBlockBody(SyntaxNode owner, System.Func<ExpressionSyntax, IReadOnlyList<StatementSyntax>> build, bool commentsOnFirst)
    {
        var (expression, semicolon) = owner switch
        {
            BaseMethodDeclarationSyntax method => (method.ExpressionBody!.Expression, method.SemicolonToken),
            AccessorDeclarationSyntax accessor => (accessor.ExpressionBody!.Expression, accessor.SemicolonToken),
            LocalFunctionStatementSyntax local => (local.ExpressionBody!.Expression, local.SemicolonToken),
            AnonymousFunctionExpressionSyntax lambda => (lambda.ExpressionBody!, default),
            _ => throw new System.ArgumentException("no expression body", nameof(owner)),
        };

        var trailing = semicolon.TrailingTrivia;
        var comments = SyntaxFactory.TriviaList(trailing.TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)));
        var statements = build(expression.WithoutTrivia()).Select(s => Formatted(s.WithoutTrivia())).ToList();
        if (comments.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))
        {
            var index = commentsOnFirst ? 0 : statements.Count - 1;
            statements[index] = statements[index].WithTrailingTrivia(comments.Add(LoopChecks.EndOfLine(Anchor)));
        }

        var block = SyntaxFactory.Block(statements).WithAdditionalAnnotations(Formatter.Annotation);
        switch (owner)
        {
            case BaseMethodDeclarationSyntax method:
                return method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(EndOfLineAfter(trailing)));
            case AccessorDeclarationSyntax accessor:
                return accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(EndOfLineAfter(trailing)));
            case LocalFunctionStatementSyntax local:
                return local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(EndOfLineAfter(trailing)));
            default:
                var lambda = (AnonymousFunctionExpressionSyntax)owner;
                return lambda.WithExpressionBody(null).WithBlock(block.WithTrailingTrivia(expression.GetTrailingTrivia()));
        }
    }

    private static SyntaxTriviaList EndOfLineAfter(SyntaxTriviaList trailing)
        => SyntaxFactory.TriviaList(trailing.SkipWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)));
}
