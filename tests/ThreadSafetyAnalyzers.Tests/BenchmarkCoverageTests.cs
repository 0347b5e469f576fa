using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// CONTRIBUTING's "benchmarks" place for a new rule: every analyzer of ours has a <c>Rule</c> of the benchmarks
/// project, named with its IDs in that value's summary (<c>LoopCancellationAnalyzer: TSA2001, TSA2002.</c>), with
/// quiet and noisy inputs and an empty analyzer's registrations. The benchmarks project is not run in CI, so without
/// this test a new analyzer would go unmeasured and unnoticed.
/// </summary>
public class BenchmarkCoverageTests
{
    [Fact]
    public void EveryAnalyzer_HasABenchmarkRule_WithItsIds()
    {
        Assert.True(AnalyzerHarness.Analyzers.Length >= 10, "the analyzers were not found");
        var generator = File.ReadAllText(RepositoryFiles.PathOf("tests/ThreadSafetyAnalyzers.Benchmarks/Generator.cs"));
        var missing = AnalyzerHarness.Analyzers
            .Where(analyzer => analyzer is not DiagnosticSuppressor && analyzer.GetType().Name != nameof(OptionValuesAnalyzer))
            .Select(analyzer => (Name: analyzer.GetType().Name, Ids: analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id).ToList()))
            .Where(analyzer => !generator.Split('\n').Any(line => line.Contains("/// <summary>" + analyzer.Name + ": ") && analyzer.Ids.All(line.Contains)))
            .Select(analyzer => analyzer.Name + " (" + string.Join(", ", analyzer.Ids) + ")")
            .ToList();
        Assert.True(missing.Count == 0, "no benchmark Rule in tests/ThreadSafetyAnalyzers.Benchmarks/Generator.cs for: " + string.Join("; ", missing));
    }
}
