using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>The edits of the TSA1005 fix, planned on the original tree and applied innermost first.</summary>
internal static class DeadHandlerRemoval
{
    public const string Title = "Remove the dead handler";

    public static async Task<Solution?> FixOneAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await IsAlsoCompiledWhereAbortsHappenAsync(document, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || Plan(root, diagnostic) is not { } edit)
        {
            return null;
        }

        var changed = document.WithSyntaxRoot(Apply(root, new[] { edit })).Project.Solution;
        return await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, changed, cancellationToken, countWarnings: true).ConfigureAwait(false)
            ? null
            : changed;
    }

    /// <summary>Each document's fixable diagnostics together; a document whose combined result would not compile cleanly keeps only the edits that pass one by one, or none.</summary>
    public static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var group in diagnostics.GroupBy(d => d.Document.Id))
        {
            var document = solution.GetDocument(group.Key);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var edits = new List<Edit>();
            foreach (var (_, diagnostic) in group)
            {
                if (Plan(root, diagnostic) is { } edit && await FixOneAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not null)
                {
                    edits.Add(edit);
                }
            }

            if (edits.Count == 0)
            {
                continue;
            }

            var changed = document.WithSyntaxRoot(Apply(root, edits)).Project.Solution;
            if (!await CompileCheck.IntroducesErrorsAsync(solution, changed, cancellationToken, countWarnings: true).ConfigureAwait(false))
            {
                solution = changed;
            }
        }

        return solution;
    }

    /// <summary>A file linked into another project (multi-targeting) that targets .NET Framework or .NET Standard: there the handler can run.</summary>
    private static async Task<bool> IsAlsoCompiledWhereAbortsHappenAsync(Document document, CancellationToken cancellationToken)
    {
        foreach (var id in document.GetLinkedDocumentIds())
        {
            var compilation = document.Project.Solution.GetDocument(id) is { } linked
                ? await linked.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                : null;
            if (compilation is null || !WellKnownTypes.For(compilation).NeverRaisesThreadAbort)
            {
                return true;
            }
        }

        return false;
    }

    private enum EditKind
    {
        RemoveCatch,
        RemoveStatement,
        KeepLeft,
        KeepRight,
        ReturnFalse,
        ReturnTrue,
    }

    /// <summary>What to do at <see cref="Target"/>: a try (with the index of the catch to remove), an if, an <c>||</c>, or a returned test.</summary>
    private sealed class Edit
    {
        public Edit(EditKind kind, SyntaxNode target, int catchIndex = -1)
        {
            Kind = kind;
            Target = target;
            CatchIndex = catchIndex;
        }

        public EditKind Kind { get; }

        public SyntaxNode Target { get; }

        public int CatchIndex { get; }
    }

    private static Edit? Plan(SyntaxNode root, Diagnostic diagnostic)
        => PlanIgnoringDirectives(root, diagnostic) is { } edit && !HasDirectives(edit) ? edit : null;

    /// <summary>
    /// Does the code the edit rewrites hold a preprocessor directive, is it followed by one that may close it, or does
    /// its member hold an <c>#if</c>? An <c>#if</c> around a handler usually means the handler is live in another build
    /// (Hangfire's <c>#if !NETSTANDARD1_3</c> catch, or a filter's <c>ex is ThreadAbortException</c> term inside one):
    /// removing it would also split the <c>#if</c> from its <c>#endif</c>, or drop what that build needs. A removed catch
    /// may hold <c>#pragma warning</c> pairs that only silence its own code (Quartz's around <c>Thread.ResetAbort()</c>):
    /// they go with it.
    /// </summary>
    private static bool HasDirectives(Edit edit)
    {
        var node = edit.Target;
        var removed = edit.Kind == EditKind.RemoveCatch ? ((TryStatementSyntax)node).Catches[edit.CatchIndex] : null;
        if (node.DescendantTrivia(descendIntoTrivia: true).Any(t => t.IsDirective && !(removed is not null && removed.FullSpan.Contains(t.Span) && IsPragmaWarning(t)))
            || node.GetLastToken().GetNextToken().LeadingTrivia.Any(t => t.IsDirective)
            || (node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member
                && member.DescendantTrivia(descendIntoTrivia: true).Any(t => t.IsKind(SyntaxKind.IfDirectiveTrivia))))
        {
            return true;
        }

        return removed is not null && !PragmasPaired(removed);
    }

    private static bool IsPragmaWarning(SyntaxTrivia trivia) => trivia.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia);

    /// <summary>Does every <c>#pragma warning disable</c> in the removed code have its <c>restore</c> there too, for the same warnings?</summary>
    private static bool PragmasPaired(SyntaxNode removed)
    {
        var open = new List<string>();
        foreach (var trivia in removed.DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.GetStructure() is not PragmaWarningDirectiveTriviaSyntax pragma)
            {
                continue;
            }

            var ids = string.Join(",", pragma.ErrorCodes.Select(code => code.ToString().Trim()));
            if (pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword))
            {
                open.Add(ids);
            }
            else if (!open.Remove(ids))
            {
                return false;
            }
        }

        return open.Count == 0;
    }

    private static Edit? PlanIgnoringDirectives(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        if (root.FindToken(span.Start).Parent is CatchClauseSyntax clause && clause.CatchKeyword.SpanStart == span.Start)
        {
            return RemoveCatch(clause);
        }

        var test = root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionSyntax>(e => e.Span == span);
        if (test is not (BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } or IsPatternExpressionSyntax)
            || !IsPlainReference(test is BinaryExpressionSyntax binary ? binary.Left : ((IsPatternExpressionSyntax)test).Expression))
        {
            return null;
        }

        var outer = test;
        while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            outer = parenthesized;
        }

        // `return e is ThreadAbortException;`, `=> !(e is ThreadAbortException)`: the whole result is the test, so it is
        // a constant, and nothing is left for the reader to simplify.
        var negation = outer.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negated ? negated : null;
        if ((negation ?? outer).Parent is (ReturnStatementSyntax or ArrowExpressionClauseSyntax) and var result && !HasComments(result))
        {
            return new Edit(negation is null ? EditKind.ReturnFalse : EditKind.ReturnTrue, negation ?? outer);
        }

        switch (outer.Parent)
        {
            case CatchFilterClauseSyntax { Parent: CatchClauseSyntax filtered }:
                return RemoveCatch(filtered);
            case IfStatementSyntax { Else: null, Parent: BlockSyntax or SwitchSectionSyntax } statement when statement.Condition == outer && !HasComments(statement):
                return new Edit(EditKind.RemoveStatement, statement);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } either when !HasComments(outer):
                return new Edit(either.Right == outer ? EditKind.KeepLeft : EditKind.KeepRight, either);
            default:
                return null;
        }
    }

    private static Edit? RemoveCatch(CatchClauseSyntax clause)
    {
        if (clause.Parent is not TryStatementSyntax tryStatement)
        {
            return null;
        }

        // A try that would vanish altogether takes its comments with it: not offered.
        if (tryStatement.Catches.Count == 1 && tryStatement.Finally is null && tryStatement.Block.Statements.Count == 0 && HasComments(tryStatement))
        {
            return null;
        }

        return new Edit(EditKind.RemoveCatch, tryStatement, tryStatement.Catches.IndexOf(clause));
    }

    /// <summary>A test of a local, parameter, field or property (<c>e</c>, <c>e.InnerException</c>): dropping it drops no call.</summary>
    private static bool IsPlainReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainReference(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsPlainReference(parenthesized.Expression),
        _ => false,
    };

    private static bool HasComments(SyntaxNode node) => node.DescendantTrivia(descendIntoTrivia: true).Any(IsComment);

    private static bool IsComment(SyntaxTrivia trivia)
        => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    /// <summary>Applies the edits innermost first, so an outer edit sees what the inner ones left.</summary>
    private static SyntaxNode Apply(SyntaxNode root, IReadOnlyList<Edit> edits)
    {
        var byTarget = edits.GroupBy(e => e.Target).OrderByDescending(g => g.Key.Ancestors().Count()).ToList();
        root = root.TrackNodes(byTarget.Select(g => g.Key));
        foreach (var group in byTarget)
        {
            if (root.GetCurrentNode(group.Key) is not { } current)
            {
                continue;
            }

            var edit = group.First();
            switch (edit.Kind)
            {
                case EditKind.RemoveCatch:
                    root = RemoveCatches(root, (TryStatementSyntax)current, new HashSet<int>(group.Select(e => e.CatchIndex)));
                    break;
                case EditKind.RemoveStatement:
                    root = RemoveStatement(root, (StatementSyntax)current);
                    break;
                case EditKind.ReturnFalse or EditKind.ReturnTrue:
                    var constant = SyntaxFactory.LiteralExpression(edit.Kind == EditKind.ReturnTrue ? SyntaxKind.TrueLiteralExpression : SyntaxKind.FalseLiteralExpression);
                    root = root.ReplaceNode(current, constant.WithTriviaFrom(current));
                    break;
                default:
                    var either = (BinaryExpressionSyntax)current;
                    var kept = edit.Kind == EditKind.KeepLeft ? either.Left : either.Right;
                    root = root.ReplaceNode(current, kept.WithLeadingTrivia(either.GetLeadingTrivia()).WithTrailingTrivia(either.GetTrailingTrivia()));
                    break;
            }
        }

        return root;
    }

    /// <summary>Removes a statement of a block or switch section; when it was the first, the next one does not start with a blank line.</summary>
    private static SyntaxNode RemoveStatement(SyntaxNode root, StatementSyntax statement)
    {
        var statements = statement.Parent switch
        {
            BlockSyntax block => block.Statements,
            SwitchSectionSyntax section => section.Statements,
            _ => default,
        };

        var index = statements.IndexOf(statement);
        var rest = statements.RemoveAt(index);
        if (index == 0 && rest.Count > 0)
        {
            var next = rest[0];
            rest = rest.Replace(next, next.WithLeadingTrivia(next.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia))));
        }

        SyntaxNode parent = statement.Parent switch
        {
            BlockSyntax block => block.WithStatements(rest),
            _ => ((SwitchSectionSyntax)statement.Parent!).WithStatements(rest),
        };
        return root.ReplaceNode(statement.Parent!, parent);
    }

    private static SyntaxNode RemoveCatches(SyntaxNode root, TryStatementSyntax tryStatement, HashSet<int> removed)
    {
        // The comments of a removed catch, above it or inside it, describe the code that goes: they go with it.
        var remaining = tryStatement.Catches.Where((_, index) => !removed.Contains(index)).ToList();
        if (remaining.Count > 0 || tryStatement.Finally is not null)
        {
            return root.ReplaceNode(tryStatement, tryStatement.WithCatches(SyntaxFactory.List(remaining)));
        }

        var block = tryStatement.Block;
        var comments = block.OpenBraceToken.TrailingTrivia.Concat(block.CloseBraceToken.LeadingTrivia).Where(IsComment).ToList();
        if (block.Statements.Count == 0)
        {
            return root.RemoveNode(tryStatement, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        var leading = WithComments(tryStatement.GetLeadingTrivia(), comments, tryStatement);
        var declares = block.Statements.Any(s => s is LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax);
        if (declares || tryStatement.Parent is not (BlockSyntax or SwitchSectionSyntax))
        {
            // The block stays a block: its names keep their scope.
            var bare = block
                .WithOpenBraceToken(block.OpenBraceToken.WithTrailingTrivia(block.OpenBraceToken.TrailingTrivia.Where(t => !IsComment(t))))
                .WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(block.CloseBraceToken.LeadingTrivia.Where(t => !IsComment(t))))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(tryStatement.GetTrailingTrivia());
            return root.ReplaceNode(tryStatement, bare);
        }

        var text = root.GetText();
        var width = Indentation(block.Statements[0], text).Length - Indentation(tryStatement, text).Length;
        var statements = block.Statements.Select(s => width > 0 ? Dedent(s, width, text) : s).ToList();
        var first = statements[0];
        statements[0] = first.WithLeadingTrivia(leading.AddRange(first.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia))));
        return root.ReplaceNode(tryStatement, statements);
    }

    /// <summary>
    /// The statement's leading trivia with <paramref name="comments"/> on lines of their own, at the statement's
    /// indentation, just before the statement.
    /// </summary>
    private static SyntaxTriviaList WithComments(SyntaxTriviaList leading, IReadOnlyList<SyntaxTrivia> comments, SyntaxNode statement)
    {
        if (comments.Count == 0)
        {
            return leading;
        }

        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading[leading.Count - 1] : default;
        var result = leading;
        foreach (var comment in comments)
        {
            result = result.Add(comment).Add(LoopChecks.EndOfLine(statement));
            if (indentation.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                result = result.Add(indentation);
            }
        }

        return result;
    }

    /// <summary>The whitespace before the node on its first line ("" when code precedes it on that line).</summary>
    private static string Indentation(SyntaxNode node, Microsoft.CodeAnalysis.Text.SourceText text)
    {
        var line = text.Lines.GetLineFromPosition(node.SpanStart);
        var prefix = text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.Start, node.SpanStart));
        return prefix.Trim().Length == 0 ? prefix : "";
    }

    /// <summary>Moves every line of <paramref name="node"/> left by <paramref name="width"/> characters of indentation; string literals are tokens and stay as they are.</summary>
    private static SyntaxNode Dedent(SyntaxNode node, int width, Microsoft.CodeAnalysis.Text.SourceText text)
        => node.ReplaceTrivia(
            node.DescendantTrivia(descendIntoTrivia: false).Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && StartsLine(t, text)),
            (original, _) =>
            {
                var whitespace = original.ToString();
                return whitespace.Length >= width ? SyntaxFactory.Whitespace(whitespace.Substring(width)) : original;
            });

    private static bool StartsLine(SyntaxTrivia trivia, Microsoft.CodeAnalysis.Text.SourceText text)
        => trivia.SpanStart == 0 || text[trivia.SpanStart - 1] == '\n';
}
