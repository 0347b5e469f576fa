using System;
using System.IO;
using System.Linq;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// The presets the package ships (<c>ThreadSafetyAnalysisMode</c>): one global config per mode, generated from the
/// rules by <see cref="Presets"/>, with category keys at the lowest level so that a project's own rule and category
/// settings win. The CI smoke test builds with each of them and checks every documented precedence.
/// </summary>
public class PresetTests
{
    public static TheoryData<string> Modes => new(Presets.Modes);

    [Theory, MemberData(nameof(Modes))]
    public void Preset_IsGeneratedFromTheRules(string mode)
        => GeneratedFiles.Check(Presets.ConfigPath(mode), Presets.ConfigFile(mode, ExportedRules.Descriptors()));

    [Theory, MemberData(nameof(Modes))]
    public void Preset_SetsCategoriesNotRules_AtTheLowestLevel(string mode)
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf(Presets.ConfigPath(mode)))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
            .ToList();
        Assert.Equal("is_global = true", lines[0]);
        Assert.Contains("global_level = -1", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal));
        var categories = ExportedRules.Descriptors().Select(d => d.Category).Distinct().Count();
        Assert.Equal(mode == "Default" ? 0 : categories, lines.Count(line => line.StartsWith("dotnet_analyzer_diagnostic.category-", StringComparison.Ordinal)));
    }

    public const string PageStart = "<!-- presets:start -->";
    public const string PageEnd = "<!-- presets:end -->";

    public static TheoryData<string> RuleIds => DocumentationTests.RuleIds;

    /// <summary>Every rule page says what each preset sets it to and what wins over what, generated from <see cref="Presets"/>.</summary>
    [Theory, MemberData(nameof(RuleIds))]
    public void RulePage_StatesThePresetsAndWhatWins(string id)
    {
        // A page without the markers gets them where its Configuration section ends.
        GeneratedFiles.CheckSection(
            Path.Combine("docs", "rules", id + ".md"), PageStart, PageEnd, Presets.RulePageNote(ExportedRules.Descriptors().Single(d => d.Id == id)), "### Suppression examples");
    }

    public const string SeverityStart = "<!-- severity:start -->";
    public const string SeverityEnd = "<!-- severity:end -->";

    /// <summary>Every rule page opens its Configuration section with the same two facts: how to set the severity, how to suppress one occurrence.</summary>
    [Theory, MemberData(nameof(RuleIds))]
    public void RulePage_SaysHowToSetTheSeverity(string id)
        => GeneratedFiles.CheckSection(
            Path.Combine("docs", "rules", id + ".md"), SeverityStart, SeverityEnd, Presets.SeverityNote(ExportedRules.Descriptors().Single(d => d.Id == id)));

    [Fact]
    public void AllPreset_CountsFieldsAndPropertiesAsTokens()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf(Presets.ConfigPath("All")));
        Assert.Contains("dotnet_code_quality.token_sources = members", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// MSBuild compares strings in conditions without regard to case, so each file is chosen by a condition rather than
    /// by a path built from the mode (file names are case-sensitive on Linux and macOS); the smoke test builds with
    /// <c>recommended</c> and <c>NONE</c>.
    /// </summary>
    [Fact]
    public void Props_ChooseTheConfigByAConditionOnTheMode_AndBuildTransitiveImportsThem()
    {
        var props = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "build", "ThreadSafetyAnalyzers.props")));
        var targets = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "build", "ThreadSafetyAnalyzers.targets")));
        foreach (var mode in Presets.Modes)
        {
            Assert.Contains(
                $"<GlobalAnalyzerConfigFiles Include=\"$(MSBuildThisFileDirectory)config/ThreadSafetyAnalyzers.{mode}.globalconfig\" Condition=\"'$(ThreadSafetyAnalysisMode)' == '{mode}'\" />",
                props,
                StringComparison.Ordinal);
            Assert.Contains($"'$(ThreadSafetyAnalysisMode)' != '{mode}'", targets, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Exists(", props + targets, StringComparison.Ordinal);
        foreach (var file in new[] { "ThreadSafetyAnalyzers.props", "ThreadSafetyAnalyzers.targets" })
        {
            var transitive = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "buildTransitive", file)));
            Assert.Contains($"<Import Project=\"$(MSBuildThisFileDirectory)../build/{file}\" />", transitive, StringComparison.Ordinal);
        }
    }
}
