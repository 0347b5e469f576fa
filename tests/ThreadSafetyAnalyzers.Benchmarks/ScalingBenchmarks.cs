using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// One generated file of 1k to 8k lines (one class mixing every rule's quiet and noisy code), analyzed by all our
/// analyzers together and by an <see cref="EmptyAnalyzer"/> for each. Program prints how the difference grows per doubling.
/// Each invocation analyzes the file <see cref="Repeats"/> times, so that even the 1k-line file takes 100 ms or more.
/// </summary>
public class ScalingBenchmarks
{
    private const int Repeats = 4;

    private Compilation? _compilation;
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private ImmutableArray<DiagnosticAnalyzer> _ours;

    [Params(1000, 2000, 4000, 8000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Measure.Compile([Generator.ScalingFile(Lines)]);
        _empty = EmptyAnalyzer.ForAll();
        _ours = Analyzers.All();
        Measure.Validate(_compilation, _ours, kind: null, $"scaling file of {Lines} lines");
    }

    [GlobalCleanup]
    public void Cleanup() => _compilation = null;

    [Benchmark(Baseline = true, OperationsPerInvoke = Repeats)]
    public int Empty() => AnalyzeRepeatedly(_empty);

    [Benchmark(OperationsPerInvoke = Repeats)]
    public int Ours() => AnalyzeRepeatedly(_ours);

    private int AnalyzeRepeatedly(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var diagnostics = 0;
        for (var i = 0; i < Repeats; i++)
        {
            diagnostics += Measure.Analyze(_compilation!, analyzers).Length;
        }

        return diagnostics;
    }
}
