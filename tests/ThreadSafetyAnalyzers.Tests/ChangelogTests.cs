using System;
using System.IO;
using System.Linq;
using System.Text;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// CHANGELOG.md lists the unreleased rules from release tracking (AnalyzerReleases.Unshipped.md), and the package takes
/// its release notes from it.
/// </summary>
public class ChangelogTests
{
    [Fact]
    public void Changelog_ListsTheUnshippedRules()
    {
        var rows = File.ReadAllLines(RepositoryFiles.PathOf(Path.Combine("src", "Analyzers", "AnalyzerReleases.Unshipped.md")))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length >= 3 && cells[0].StartsWith("TSA", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(rows);
        var descriptors = ExportedRules.Descriptors().ToDictionary(d => d.Id, StringComparer.Ordinal);
        var list = new StringBuilder();
        foreach (var cells in rows.OrderBy(cells => cells[0], StringComparer.Ordinal))
        {
            var title = descriptors.TryGetValue(cells[0], out var descriptor) ? descriptor.Title.ToString() : "(no longer exported)";
            list.Append($"- [{cells[0]}](docs/rules/{cells[0]}.md) {title} ({cells[1]}, {cells[2]})\n");
        }

        GeneratedFiles.CheckSection("CHANGELOG.md", "<!-- releases:start -->", "<!-- releases:end -->", list.ToString());
    }

    [Fact]
    public void Package_TakesItsReleaseNotesFromTheChangelog()
    {
        var project = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "ThreadSafetyAnalyzers.Package.csproj")));
        Assert.Contains("<PackageReleaseNotes>$([System.IO.File]::ReadAllText('$(MSBuildThisFileDirectory)../../CHANGELOG.md'))</PackageReleaseNotes>", project, StringComparison.Ordinal);
    }
}
