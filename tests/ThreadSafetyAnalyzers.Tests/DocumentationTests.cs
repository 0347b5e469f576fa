using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>Every rule the package exports has its help link, docs page, README row and release-tracking entry.</summary>
public class DocumentationTests
{
    public static TheoryData<string> RuleIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var descriptor in ExportedDescriptors())
            {
                data.Add(descriptor.Id);
            }

            return data;
        }
    }

    [Fact]
    public void Package_ExportsRules()
    {
        Assert.NotEmpty(ExportedDescriptors());
    }

    /// <summary>Every relative link of the README and of the pages under docs/ leads to a file of the repository.</summary>
    [Fact]
    public void Documentation_RelativeLinksLeadToFiles()
    {
        var pages = Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories)
            .Append(RepositoryFiles.PathOf("README.md"))
            .ToList();
        var broken = new List<string>();
        var links = 0;
        foreach (var page in pages)
        {
            foreach (Match match in Regex.Matches(File.ReadAllText(page), @"\]\(([^)\s]+)\)"))
            {
                var target = match.Groups[1].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal))
                {
                    continue;
                }

                links++;
                if (!File.Exists(Path.Combine(Path.GetDirectoryName(page)!, target)))
                {
                    broken.Add($"{Path.GetRelativePath(RepositoryFiles.Root, page)}: {match.Value}");
                }
            }
        }

        Assert.True(links > 0, "no relative links found: the pattern no longer matches the pages");
        Assert.Empty(broken);
    }

    /// <summary>The performance figures are reachable from the README.</summary>
    [Fact]
    public void Readme_LinksThePerformancePage()
    {
        Assert.Contains("](docs/performance.md)", File.ReadAllText(RepositoryFiles.PathOf("README.md")), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(RuleIds))]
    public void Rule_HasHelpLinkToItsDocsPage(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal($"https://github.com/threadsafetyanalyzers/threadsafetyanalyzers/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory, MemberData(nameof(RuleIds))]
    public void Rule_HasDocsPageWithEverySection(string id)
    {
        var path = RepositoryFiles.PathOf(Path.Combine("docs", "rules", id + ".md"));
        Assert.True(File.Exists(path), $"missing {path}");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {Descriptor(id).Title}", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Configuration" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        Assert.Contains("```csharp", page, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(RuleIds))]
    public void Rule_HasReadmeRow(string id)
    {
        var expected = ReadmeTableTests.Row(Descriptor(id), rule => $"docs/rules/{rule}.md");
        var readme = File.ReadAllLines(RepositoryFiles.PathOf("README.md"));
        Assert.Contains(expected, readme);
    }

    [Theory, MemberData(nameof(RuleIds))]
    public void Rule_IsTrackedInAnalyzerReleases(string id)
    {
        var descriptor = Descriptor(id);
        var folder = RepositoryFiles.PathOf(Path.Combine("src", "Analyzers"));
        var lines = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")));
        var row = lines
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .SingleOrDefault(cells => cells[0] == id);
        Assert.NotNull(row);
        Assert.Equal(descriptor.Category, row![1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
    }

    private static DiagnosticDescriptor Descriptor(string id) => ExportedDescriptors().Single(d => d.Id == id);

    private static IReadOnlyList<DiagnosticDescriptor> ExportedDescriptors() => ExportedRules.Descriptors();
}
