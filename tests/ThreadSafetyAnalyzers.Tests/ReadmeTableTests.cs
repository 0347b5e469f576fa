using System;
using System.IO;
using System.Linq;
using System.Text;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// The rule tables of README.md and of the package's README are generated from the exported descriptors and code
/// fixes, between <c>&lt;!-- rules:start --&gt;</c> and <c>&lt;!-- rules:end --&gt;</c>. A stale table fails with the
/// expected text; <c>UPDATE_README=1 dotnet test --filter ReadmeTableTests</c> rewrites it.
/// </summary>
public class ReadmeTableTests
{
    public const string StartMarker = "<!-- rules:start -->";
    public const string EndMarker = "<!-- rules:end -->";

    [Fact]
    public void Readme_RuleTableMatchesTheDescriptors() => Check("README.md", Table(id => $"docs/rules/{id}.md"));

    [Fact]
    public void PackageReadme_RuleTableMatchesTheDescriptors()
        => Check(Path.Combine("src", "Package", "README.md"), Table(ThreadSafetyAnalyzers.Descriptors.HelpLink));

    /// <summary>One row per rule: link, title, category, default severity, whether a code fix exists.</summary>
    public static string Table(Func<string, string> link)
    {
        var fixable = ExportedRules.FixableIds();
        var table = new StringBuilder()
            .Append("| Rule | Title | Category | Default severity | Code fix |\n")
            .Append("|------|-------|----------|------------------|----------|\n");
        foreach (var descriptor in ExportedRules.Descriptors())
        {
            table.Append($"| [{descriptor.Id}]({link(descriptor.Id)}) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {(fixable.Contains(descriptor.Id) ? "Yes" : "No")} |\n");
        }

        return table.ToString();
    }

    private static void Check(string relativePath, string expected) => GeneratedFiles.CheckSection(relativePath, StartMarker, EndMarker, expected);
}
