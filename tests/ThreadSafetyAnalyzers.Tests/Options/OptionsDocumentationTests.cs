using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>Each rule page shows how to configure and suppress the rule, and documents the options the rule reads.</summary>
public class OptionsDocumentationTests
{
    public static TheoryData<string> RuleIds => DocumentationTests.RuleIds;

    [Theory, MemberData(nameof(RuleIds))]
    public void RulePage_ShowsConfigurationAndSuppressionExamples(string id)
    {
        var page = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("docs", "rules", id + ".md")));
        var configuration = page.Substring(page.IndexOf("## Configuration", StringComparison.Ordinal));
        foreach (var expected in new[]
        {
            $"dotnet_diagnostic.{id}.severity",
            "ThreadSafetyAnalysisMode",
            $"#pragma warning disable {id}",
            $"#pragma warning restore {id}",
            $"SuppressMessage(\"{ExportedRules.Descriptors().Single(d => d.Id == id).Category}\", \"{id}\"",
        })
        {
            Assert.Contains(expected, configuration, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The keys a rule reads, with values and defaults, the lookup order, <c>excluded_symbol_names</c> and the overlap
    /// switch are the same facts on every page: generated from <see cref="ThreadSafetyAnalyzers.Options.OptionCatalogue"/>
    /// into the page's Options section.
    /// </summary>
    [Theory, MemberData(nameof(RuleIds))]
    public void RulePage_OptionsMatchTheCatalogue(string id)
        => GeneratedFiles.CheckSection(
            Path.Combine("docs", "rules", id + ".md"), OptionDocs.Start, OptionDocs.End, OptionDocs.RulePage(ExportedRules.Descriptors().Single(d => d.Id == id)), PresetTests.PageStart);

    [Fact]
    public void Readme_DocumentsEveryOption()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        foreach (var option in OptionCatalogue.All.Select(option => $"`{option.Name}`").Concat(new[]
        {
            "dotnet_code_quality.excluded_symbol_names",
            "dotnet_code_quality.suppress_overlapping_diagnostics",
            "## Overlap with other analyzers",
            "ThreadSafetyAnalysisMode",
            "ErrorLog",
            "dotnet format analyzers --diagnostics TSA2001 TSA2003 --severity info",
        }))
        {
            Assert.Contains(option, readme, StringComparison.Ordinal);
        }
    }
}
