using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Tests.Options;
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

    public const string OverlapStart = "<!-- overlaps:start -->";
    public const string OverlapEnd = "<!-- overlaps:end -->";

    [Fact]
    public void Readme_OptionsTableMatchesTheCatalogue() => GeneratedFiles.CheckSection("README.md", OptionDocs.Start, OptionDocs.End, OptionDocs.ReadmeTable());

    [Fact]
    public void Readme_OverlapTableMatchesTheSuppressor() => GeneratedFiles.CheckSection("README.md", OverlapStart, OverlapEnd, OverlapTable());

    /// <summary>
    /// One row per rule: link, title, category, default severity, whether it reports without any setting (its default
    /// severity is not hidden and the Default preset leaves it on), the options it reads besides
    /// <c>excluded_symbol_names</c>, whether a code fix exists.
    /// </summary>
    public static string Table(Func<string, string> link)
    {
        var table = new StringBuilder()
            .Append("| Rule | Title | Category | Default severity | Enabled by default | Options | Code fix |\n")
            .Append("|------|-------|----------|------------------|--------------------|---------|----------|\n");
        foreach (var descriptor in ExportedRules.Descriptors())
        {
            table.Append(Row(descriptor, link)).Append('\n');
        }

        return table.ToString();
    }

    public static string Row(DiagnosticDescriptor descriptor, Func<string, string> link)
    {
        var enabled = descriptor.IsEnabledByDefault && Presets.SeverityIn("Default", descriptor) is { } severity && severity != DiagnosticSeverity.Hidden;
        var options = OptionDocs.OptionNamesOf(descriptor.Id);
        var fix = ExportedRules.FixableIds().Contains(descriptor.Id) ? "Yes" : "No";
        return $"| [{descriptor.Id}]({link(descriptor.Id)}) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {(enabled ? "Yes" : "No")} | {(options.Count == 0 ? "—" : string.Join(", ", options.Select(o => $"`{o}`")))} | {fix} |";
    }

    /// <summary>Which diagnostic of the compiler or of another analyzer each rule of ours covers, from <see cref="Overlaps"/>.</summary>
    public static string OverlapTable()
    {
        var table = new StringBuilder()
            .Append("| Diagnostic | From | Suppressed where this rule of ours reports the same call |\n")
            .Append("|------------|------|-----------------------------------------------------------|\n");
        foreach (var overlap in Overlaps.All)
        {
            table.Append($"| {overlap.PeerId} | {PeerSource(overlap.PeerId)} | [{overlap.Rule.Id}](docs/rules/{overlap.Rule.Id}.md) {overlap.Rule.Title} |\n");
        }

        return table.ToString();
    }

    internal static string PeerSource(string id) => id switch
    {
        _ when id.StartsWith("CS", StringComparison.Ordinal) || id.StartsWith("SYSLIB", StringComparison.Ordinal) => "compiler",
        _ when id.StartsWith("CA", StringComparison.Ordinal) => "NetAnalyzers",
        _ when id.StartsWith("MA", StringComparison.Ordinal) => "Meziantou.Analyzer",
        _ => "other",
    };

    private static void Check(string relativePath, string expected) => GeneratedFiles.CheckSection(relativePath, StartMarker, EndMarker, expected);
}
