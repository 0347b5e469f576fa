using System;
using System.IO;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// Files, or parts of files between two marker lines, that are generated from the rules: a stale one fails with the
/// expected text, and <c>UPDATE_README=1 dotnet test</c> rewrites it.
/// </summary>
public static class GeneratedFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_README") == "1";

    public static void Check(string relativePath, string expected)
    {
        var path = RepositoryFiles.PathOf(relativePath);
        var current = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (current == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail($"{relativePath} is stale. Run `UPDATE_README=1 dotnet test tests/ThreadSafetyAnalyzers.Tests --filter \"ReadmeTableTests|PresetTests|DocumentationTests|OptionsDocumentationTests\"`, or make it:\n\n{expected}");
    }

    /// <summary>
    /// The text between the lines <paramref name="start"/> and <paramref name="end"/> (markers kept) must be
    /// <paramref name="expected"/>. When updating, a file without the markers gets them just before the first
    /// <paramref name="insertBefore"/> (or at its end).
    /// </summary>
    public static void CheckSection(string relativePath, string start, string end, string expected, string? insertBefore = null)
    {
        var path = RepositoryFiles.PathOf(relativePath);
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating && insertBefore is not null && !text.Contains(start, StringComparison.Ordinal))
        {
            var at = text.IndexOf(insertBefore, StringComparison.Ordinal);
            at = at < 0 ? text.Length : at;
            text = text.Substring(0, at) + start + "\n" + end + "\n\n" + text.Substring(at);
            File.WriteAllText(path, text);
        }

        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"{relativePath} needs the lines {start} and {end} around its generated part");

        from += start.Length + 1;
        if (text.Substring(from, to - from) == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, text.Substring(0, from) + expected + text.Substring(to));
            return;
        }

        Assert.Fail($"""
            The generated part of {relativePath} is stale. Run `UPDATE_README=1 dotnet test tests/ThreadSafetyAnalyzers.Tests --filter "ReadmeTableTests|PresetTests|DocumentationTests|OptionsDocumentationTests"`,
            or put this between {start} and {end}:

            {expected}
            """);
    }
}
