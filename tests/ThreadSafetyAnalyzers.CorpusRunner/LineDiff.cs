using System;
using System.Collections.Generic;
using System.Text;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>
/// A small line diff for showing what a code fix changed: the common head and tail are skipped and the changed middle
/// is matched by longest common subsequence (fixes touch a few lines, so the middle is small).
/// </summary>
internal static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string path, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var head = 0;
        while (head < before.Count && head < after.Count && before[head] == after[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < before.Count - head && tail < after.Count - head
            && before[before.Count - 1 - tail] == after[after.Count - 1 - tail])
        {
            tail++;
        }

        var output = new StringBuilder();
        output.Append("--- a/").AppendLine(path).Append("+++ b/").AppendLine(path);
        var start = Math.Max(0, head - Context);
        var endBefore = Math.Min(before.Count, before.Count - tail + Context);
        var endAfter = Math.Min(after.Count, after.Count - tail + Context);
        output.AppendLine($"@@ -{start + 1},{endBefore - start} +{start + 1},{endAfter - start} @@");
        for (var i = start; i < head; i++)
        {
            output.Append(' ').AppendLine(before[i]);
        }

        AppendMiddle(output, Slice(before, head, before.Count - tail), Slice(after, head, after.Count - tail));
        for (var i = before.Count - tail; i < endBefore; i++)
        {
            output.Append(' ').AppendLine(before[i]);
        }

        return output.ToString();
    }

    private static void AppendMiddle(StringBuilder output, string[] before, string[] after)
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

    private static string[] Slice(IReadOnlyList<string> lines, int start, int end)
    {
        var slice = new string[end - start];
        for (var i = start; i < end; i++)
        {
            slice[i - start] = lines[i];
        }

        return slice;
    }
}
