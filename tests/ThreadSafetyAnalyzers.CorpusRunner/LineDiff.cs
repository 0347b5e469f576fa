using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>
/// A unified-style diff of what a code fix changed: one hunk per group of nearby text changes, with the lines of each
/// hunk matched by longest common subsequence (hunks are small, so the quadratic table is too).
/// </summary>
internal static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string path, SourceText before, SourceText after, IEnumerable<TextChange> changes)
    {
        var output = new StringBuilder();
        output.Append("--- a/").AppendLine(path).Append("+++ b/").AppendLine(path);
        foreach (var hunk in Hunks(before, after, changes))
        {
            if (Lines(before, hunk.OldStart, hunk.OldEnd).SequenceEqual(Lines(after, hunk.NewStart, hunk.NewEnd)))
            {
                // A syntax-tree change can span text that came out the same (a node rebuilt, not reused): nothing to show.
                continue;
            }

            var from = Math.Max(0, hunk.OldStart - Context);
            var to = Math.Min(before.Lines.Count, hunk.OldEnd + Context);
            var contextLines = (hunk.OldStart - from) + (to - hunk.OldEnd);
            output.AppendLine($"@@ -{from + 1},{to - from} +{hunk.NewStart - (hunk.OldStart - from) + 1},{hunk.NewEnd - hunk.NewStart + contextLines} @@");
            AppendLines(output, ' ', before, from, hunk.OldStart);
            AppendChanged(output, Lines(before, hunk.OldStart, hunk.OldEnd), Lines(after, hunk.NewStart, hunk.NewEnd));
            AppendLines(output, ' ', before, hunk.OldEnd, to);
        }

        return output.ToString();
    }

    /// <summary>Changed line ranges (end exclusive) in both texts; changes less than two contexts apart share a hunk.</summary>
    private static List<(int OldStart, int OldEnd, int NewStart, int NewEnd)> Hunks(SourceText before, SourceText after, IEnumerable<TextChange> changes)
    {
        var hunks = new List<(int OldStart, int OldEnd, int NewStart, int NewEnd)>();
        var shift = 0;
        foreach (var change in changes.OrderBy(c => c.Span.Start))
        {
            var newLength = change.NewText?.Length ?? 0;
            var newStart = change.Span.Start + shift;
            var hunk = (
                OldStart: before.Lines.GetLineFromPosition(change.Span.Start).LineNumber,
                OldEnd: before.Lines.GetLineFromPosition(change.Span.End).LineNumber + 1,
                NewStart: after.Lines.GetLineFromPosition(newStart).LineNumber,
                NewEnd: after.Lines.GetLineFromPosition(newStart + newLength).LineNumber + 1);
            shift += newLength - change.Span.Length;

            if (hunks.Count > 0 && hunk.OldStart - hunks[^1].OldEnd <= 2 * Context)
            {
                hunks[^1] = (hunks[^1].OldStart, hunk.OldEnd, hunks[^1].NewStart, hunk.NewEnd);
            }
            else
            {
                hunks.Add(hunk);
            }
        }

        return hunks;
    }

    private static void AppendChanged(StringBuilder output, string[] before, string[] after)
    {
        // common[i, j] = length of the longest common subsequence of before[i..] and after[j..].
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int b = 0, a = 0;
        while (b < before.Length || a < after.Length)
        {
            if (b < before.Length && a < after.Length && before[b] == after[a])
            {
                output.Append(' ').AppendLine(before[b++]);
                a++;
            }
            else if (b < before.Length && (a == after.Length || common[b + 1, a] >= common[b, a + 1]))
            {
                output.Append('-').AppendLine(before[b++]);
            }
            else
            {
                output.Append('+').AppendLine(after[a++]);
            }
        }
    }

    private static void AppendLines(StringBuilder output, char marker, SourceText text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            output.Append(marker).AppendLine(text.Lines[i].ToString());
        }
    }

    private static string[] Lines(SourceText text, int start, int end) =>
        Enumerable.Range(start, end - start).Select(i => text.Lines[i].ToString()).ToArray();
}
