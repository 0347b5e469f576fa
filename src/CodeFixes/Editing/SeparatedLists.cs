using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>Edits of comma-separated lists (parameters, arguments) that keep the list's layout.</summary>
internal static class SeparatedLists
{
    /// <summary>Inserts <paramref name="node"/> so that the list keeps its layout: on one line, or one item per line.</summary>
    public static SeparatedSyntaxList<T> InsertSeparated<T>(SeparatedSyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        if (list.Count == 0)
        {
            return list.Add(node.WithoutLeadingTrivia());
        }

        var nodes = new List<T>(list);
        var separators = new List<SyntaxToken>(list.GetSeparators());
        var neighbour = index < nodes.Count ? nodes[index] : nodes[nodes.Count - 1];
        var separatorTrivia = separators.Count > 0
            ? separators[Math.Max(0, Math.Min(index, separators.Count) - 1)].TrailingTrivia
            : SyntaxFactory.TriviaList(SyntaxFactory.Space);
        if (index == 0)
        {
            // The old first item moves behind a separator; the new one takes its place and its leading layout.
            nodes[0] = nodes[0].WithLeadingTrivia(separators.Count > 0 ? nodes.Count > 1 ? nodes[1].GetLeadingTrivia() : default : default);
        }

        var inserted = node.WithLeadingTrivia(neighbour.GetLeadingTrivia());
        var last = nodes[nodes.Count - 1];
        if (index == nodes.Count && separators.Count < nodes.Count && last.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            // The list's closer stands on a line of its own. With one item per line, the comma ends the last item's
            // line (before its comment) and the new item takes a line of its own above the closer; with the items on
            // one line, the new one joins them there.
            var trailing = last.GetTrailingTrivia();
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            var lineBefore = separators.Count > 0 ? separators[separators.Count - 1].TrailingTrivia : last.GetFirstToken().GetPreviousToken().TrailingTrivia;
            if (lineBefore.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                separatorTrivia = trailing;
                inserted = inserted.WithTrailingTrivia(trailing.Last(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
            }
            else
            {
                separatorTrivia = SyntaxFactory.TriviaList(SyntaxFactory.Space);
                inserted = inserted.WithLeadingTrivia().WithTrailingTrivia(trailing);
            }
        }

        nodes.Insert(index, inserted);
        separators.Insert(Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(separatorTrivia));
        return SyntaxFactory.SeparatedList(nodes, separators);
    }
}
