using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreadSafetyAnalyzers.Tests.Verifiers;

namespace ThreadSafetyAnalyzers.Tests.Robustness;

/// <summary>
/// Every C# source the rule and fix tests use, read back from this test project's own files: each raw string literal
/// and each <c>[InlineData]</c> string that looks like code, with the test markup removed. New tests feed the
/// robustness tests automatically.
/// </summary>
public static class TestSources
{
    private static readonly Regex MarkupOpen = new(@"\{\|(?:[A-Za-z0-9#]+):|\[\|", RegexOptions.Compiled);
    private static readonly Regex MarkupClose = new(@"\|\}|\|\]", RegexOptions.Compiled);

    public static IReadOnlyList<(string Name, string Text)> All { get; } = Load();

    public static string WithoutMarkup(string text) => MarkupClose.Replace(MarkupOpen.Replace(text, string.Empty), string.Empty);

    private static List<(string Name, string Text)> Load()
    {
        var folder = RepositoryFiles.PathOf(Path.Combine("tests", "ThreadSafetyAnalyzers.Tests"));
        var sources = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "Rules"), "*.cs")
            .Concat(Directory.EnumerateFiles(Path.Combine(folder, "Fixes"), "*.cs"))
            .OrderBy(f => f, StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var index = 0;
            foreach (var token in root.DescendantTokens())
            {
                if (!IsCodeLiteral(token))
                {
                    continue;
                }

                var text = WithoutMarkup(token.ValueText);
                if (seen.Add(text))
                {
                    sources.Add((Path.GetFileNameWithoutExtension(file) + "#" + index++, text));
                }
            }
        }

        return sources;
    }

    private static bool IsCodeLiteral(SyntaxToken token)
        => token.Kind() switch
        {
            SyntaxKind.MultiLineRawStringLiteralToken => true,
            SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken
                => token.ValueText.Length > 20 && (token.ValueText.Contains("class ", StringComparison.Ordinal) || token.ValueText.Contains(';', StringComparison.Ordinal)),
            _ => false,
        };
}
