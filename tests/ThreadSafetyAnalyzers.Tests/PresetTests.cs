using System;
using System.IO;
using System.Linq;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// The presets the package ships (<c>ThreadSafetyAnalysisMode</c>): one global config per mode that names every rule,
/// below every config of the project's own. The CI smoke test builds with each of them.
/// </summary>
public class PresetTests
{
    public static TheoryData<string, string?> Modes => new()
    {
        { "Default", null },
        { "Recommended", "warning" },
        { "All", "warning" },
        { "None", "none" },
    };

    [Theory, MemberData(nameof(Modes))]
    public void Preset_IsGlobalAtTheLowestLevel_AndSetsEveryRule(string mode, string? severity)
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf(Path.Combine("src", "Package", "build", "config", $"ThreadSafetyAnalyzers.{mode}.globalconfig")))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
            .ToList();
        Assert.Equal("is_global = true", lines[0]);
        Assert.Contains("global_level = -1", lines);

        var severities = lines.Where(line => line.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)).ToList();
        if (severity is null)
        {
            Assert.Empty(severities);
            return;
        }

        var expected = ExportedRules.Descriptors().Select(d => $"dotnet_diagnostic.{d.Id}.severity = {severity}");
        Assert.Equal(expected, severities);
    }

    [Fact]
    public void AllPreset_CountsFieldsAndPropertiesAsTokens()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "build", "config", "ThreadSafetyAnalyzers.All.globalconfig")));
        Assert.Contains("dotnet_code_quality.token_sources = members", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Props_ChooseTheConfigByMode_AndBuildTransitiveImportsThem()
    {
        var props = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "build", "ThreadSafetyAnalyzers.props")));
        Assert.Contains("<GlobalAnalyzerConfigFiles Include=\"$(MSBuildThisFileDirectory)config/ThreadSafetyAnalyzers.$(ThreadSafetyAnalysisMode).globalconfig\" />", props, StringComparison.Ordinal);
        foreach (var file in new[] { "ThreadSafetyAnalyzers.props", "ThreadSafetyAnalyzers.targets" })
        {
            var transitive = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("src", "Package", "buildTransitive", file)));
            Assert.Contains($"<Import Project=\"$(MSBuildThisFileDirectory)../build/{file}\" />", transitive, StringComparison.Ordinal);
        }
    }
}
