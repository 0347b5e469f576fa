using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>Each rule page shows how to configure and suppress the rule, and documents the options the rule reads.</summary>
public class OptionsDocumentationTests
{
    public static TheoryData<string> RuleIds => DocumentationTests.RuleIds;

    /// <summary>The options each rule's analyzer or code fix reads, besides <c>excluded_symbol_names</c>.</summary>
    private static readonly Dictionary<string, string[]> OptionsByRule = new(StringComparer.Ordinal)
    {
        ["TSA1004"] = new[] { "dotnet_code_quality.TSA1004.exit_timeout_ms" },
        ["TSA2001"] = new[] { "dotnet_code_quality.TSA2001.loop_kinds", "dotnet_code_quality.TSA2001.token_sources" },
        ["TSA2002"] = new[] { "dotnet_code_quality.TSA2001.token_sources", "dotnet_code_quality.add_cancellation_parameter.api_surface" },
        ["TSA2003"] = new[] { "dotnet_code_quality.TSA2003.token_sources" },
        ["TSA2005"] = new[] { "dotnet_code_quality.TSA2003.token_sources", "dotnet_code_quality.add_cancellation_parameter.api_surface" },
        ["TSA2006"] = new[] { "dotnet_code_quality.TSA2006.min_sleep_ms", "dotnet_code_quality.TSA2006.token_sources" },
        ["TSA2007"] = new[] { "dotnet_code_quality.TSA2007.min_wait_ms", "dotnet_code_quality.TSA2007.token_sources" },
        ["TSA2008"] = new[] { "dotnet_code_quality.TSA2001.loop_kinds", "dotnet_code_quality.TSA2001.token_sources" },
    };

    /// <summary>
    /// The option names (<c>loop_kinds</c>, …) a rule reads besides <c>excluded_symbol_names</c>, for the README's
    /// Options column: those above, and <c>suppress_overlapping_diagnostics</c> for a rule the suppressor acts for.
    /// </summary>
    public static IReadOnlyList<string> OptionNamesOf(string id)
    {
        var names = OptionsByRule.GetValueOrDefault(id, Array.Empty<string>()).Select(key => key.Substring(key.LastIndexOf('.') + 1)).ToList();
        if (Overlaps.All.Any(overlap => overlap.Rule.Id == id))
        {
            names.Add("suppress_overlapping_diagnostics");
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    [Theory, MemberData(nameof(RuleIds))]
    public void RulePage_ShowsConfigurationAndSuppressionExamples(string id)
    {
        var page = File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("docs", "rules", id + ".md")));
        var configuration = page.Substring(page.IndexOf("## Configuration", StringComparison.Ordinal));
        foreach (var expected in new[]
        {
            $"dotnet_diagnostic.{id}.severity",
            $"dotnet_code_quality.{id}.excluded_symbol_names",
            "ThreadSafetyAnalysisMode",
            $"#pragma warning disable {id}",
            $"#pragma warning restore {id}",
            $"SuppressMessage(\"{ExportedRules.Descriptors().Single(d => d.Id == id).Category}\", \"{id}\"",
        })
        {
            Assert.Contains(expected, configuration, StringComparison.Ordinal);
        }

        foreach (var option in OptionsByRule.GetValueOrDefault(id, Array.Empty<string>()))
        {
            Assert.Contains(option, configuration, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_DocumentsEveryOption()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        foreach (var option in new[]
        {
            "dotnet_code_quality.TSA2001.loop_kinds",
            "token_sources",
            "dotnet_code_quality.TSA2006.min_sleep_ms",
            "dotnet_code_quality.TSA1004.exit_timeout_ms",
            "dotnet_code_quality.TSA2007.min_wait_ms",
            "dotnet_code_quality.add_cancellation_parameter.api_surface",
            "dotnet_code_quality.excluded_symbol_names",
            "dotnet_code_quality.suppress_overlapping_diagnostics",
            "## Overlap with other analyzers",
            "ThreadSafetyAnalysisMode",
            "ErrorLog",
            "dotnet format analyzers --diagnostics TSA2001 TSA2003 --severity info",
        })
        {
            Assert.Contains(option, readme, StringComparison.Ordinal);
        }
    }
}
