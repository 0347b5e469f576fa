using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// Per rule and input kind: GetAnalyzerDiagnosticsAsync over the generated files with the rule's analyzer, against
/// the same call with <see cref="EmptyAnalyzer"/> (the baseline of the Ratio column) and with
/// <see cref="NoOpAnalyzer"/>, all on one compilation built in setup.
/// </summary>
public class RuleBenchmarks
{
    private Compilation? _compilation;
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private ImmutableArray<DiagnosticAnalyzer> _noOp;
    private ImmutableArray<DiagnosticAnalyzer> _rule;

    [ParamsAllValues]
    public Rule Rule { get; set; }

    [ParamsAllValues]
    public InputKind Input { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Measure.Compile(Generator.RuleFiles(Rule, Input, Settings.Files));
        _empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
        _noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer(Rule));
        _rule = ImmutableArray.Create(Analyzers.Create(Rule));

        // Loads the references once for all runs (later copies of the compilation share them), warms the JIT,
        // and refuses to measure an input that does not compile or does not do what its kind says.
        Measure.Validate(_compilation, _rule, Input, $"{Rule} {Input} ({Settings.Files} files)");
    }

    [GlobalCleanup]
    public void Cleanup() => _compilation = null;

    [Benchmark(Baseline = true)]
    public int EmptyAnalyzer() => Measure.Analyze(_compilation!, _empty).Length;

    [Benchmark]
    public int NoOpSameKinds() => Measure.Analyze(_compilation!, _noOp).Length;

    [Benchmark]
    public int RuleAnalyzer() => Measure.Analyze(_compilation!, _rule).Length;
}
