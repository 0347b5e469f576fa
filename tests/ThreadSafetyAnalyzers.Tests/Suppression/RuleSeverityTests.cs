using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Options;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Suppression;

/// <summary>
/// How the suppressor works out whether our rule shows in a file: the rule's own setting, then its category's, then
/// every analyzer's, then the default. (The test harness's driver does not apply category settings to diagnostics;
/// the smoke test checks them in a real build.)
/// </summary>
public class RuleSeverityTests
{
    private static readonly SyntaxTree Tree = CSharpSyntaxTree.ParseText("class C { }", path: "/src/C.cs");

    [Theory]
    [InlineData(null, null, ReportDiagnostic.Default)]
    [InlineData("none", null, ReportDiagnostic.Suppress)]
    [InlineData("error", "none", ReportDiagnostic.Error)]
    [InlineData(null, "suggestion", ReportDiagnostic.Info)]
    [InlineData("loud", null, ReportDiagnostic.Default)]
    public void CategoryThenAllAnalyzers_DecideWhenTheRuleIsNotNamed(string? category, string? all, ReportDiagnostic expected)
    {
        var options = new Dictionary<string, string>();
        if (category is not null)
        {
            options["dotnet_analyzer_diagnostic.category-Termination.severity"] = category;
        }

        if (all is not null)
        {
            options["dotnet_analyzer_diagnostic.severity"] = all;
        }

        Assert.Equal(expected, RuleSeverity.Effective(Descriptors.DoNotAbortThreads, Compilation(), Tree, Options(options), CancellationToken.None));
    }

    [Fact]
    public void RuleSetting_WinsOverItsCategory()
    {
        var compilation = Compilation(new KeyValuePair<string, ReportDiagnostic>("TSA1001", ReportDiagnostic.Warn));
        var options = Options(new Dictionary<string, string> { ["dotnet_analyzer_diagnostic.category-Termination.severity"] = "none" });
        Assert.Equal(ReportDiagnostic.Warn, RuleSeverity.Effective(Descriptors.DoNotAbortThreads, compilation, Tree, options, CancellationToken.None));
        Assert.True(RuleSeverity.IsVisible(Descriptors.DoNotAbortThreads, compilation, Tree, options, CancellationToken.None));
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress, false)]
    [InlineData(ReportDiagnostic.Hidden, false)]
    [InlineData(ReportDiagnostic.Info, true)]
    [InlineData(ReportDiagnostic.Error, true)]
    public void OnlyAVisibleRule_Counts(ReportDiagnostic report, bool visible)
    {
        var compilation = Compilation(new KeyValuePair<string, ReportDiagnostic>("TSA2003", report));
        Assert.Equal(visible, RuleSeverity.IsVisible(Descriptors.PassTokenToStartedWork, compilation, Tree, Options(new Dictionary<string, string>()), CancellationToken.None));
    }

    private static CSharpCompilation Compilation(params KeyValuePair<string, ReportDiagnostic>[] specific)
        => CSharpCompilation.Create("Severity", new[] { Tree }, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSpecificDiagnosticOptions(specific));

    private static AnalyzerOptions Options(Dictionary<string, string> values)
        => new(ImmutableArray<AdditionalText>.Empty, new Provider(values));

    private sealed class Provider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Config _config = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _config;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _config;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _config;
    }

    private sealed class Config(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
