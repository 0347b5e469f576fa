using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// Per rule and input kind: GetAnalyzerDiagnosticsAsync over the generated files with the rule's analyzer, against
/// the same call with <see cref="EmptyAnalyzer"/> (the baseline of the Ratio column), on one compilation built in setup.
/// </summary>
public class RuleBenchmarks
{
    private Compilation? _compilation;
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private ImmutableArray<DiagnosticAnalyzer> _rule;

    [ParamsSource(nameof(Rules))]
    public Rule Rule { get; set; }

    /// <summary>Every rule, or those picked with --rule.</summary>
    public static IEnumerable<Rule> Rules => Settings.Rules.Count > 0 ? Settings.Rules : Enum.GetValues<Rule>();

    [ParamsAllValues]
    public InputKind Input { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Measure.Compile(Generator.RuleFiles(Rule, Input, Settings.Files));
        _empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer(Rule));
        _rule = ImmutableArray.Create(Analyzers.Create(Rule));

        // Loads the references once for all runs (later copies of the compilation share them), warms the JIT,
        // and refuses to measure an input that does not compile or does not do what its kind says.
        Measure.Validate(_compilation, _rule, Input, $"{Rule} {Input} ({Settings.Files} files)");
        Measure.Analyze(_compilation, _empty);
    }

    [GlobalCleanup]
    public void Cleanup() => _compilation = null;

    [Benchmark(Baseline = true)]
    public int Empty() => Measure.Analyze(_compilation!, _empty).Length;

    [Benchmark]
    public int Analyzer() => Measure.Analyze(_compilation!, _rule).Length;
}
