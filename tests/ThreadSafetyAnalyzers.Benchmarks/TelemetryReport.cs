using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// The `--telemetry` mode: the same inputs as the BenchmarkDotNet classes, measured by hand with execution-time
/// logging on. Each repetition analyzes with the baseline and with the measured analyzers back to back (alternating
/// which goes first), so slow phases of a busy machine hit both; ratios are medians of the per-repetition ratios.
/// </summary>
internal static class TelemetryReport
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Empty = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

    public static void Rules(TextWriter output)
    {
        output.WriteLine($"### Rules: {Settings.Files} generated files per input, median of {Settings.Runs} runs");
        output.WriteLine();
        output.WriteLine("| Analyzer | Rules | Input | Lines | Diagnostics | Empty analyzer CPU (ms) | No-op, same kinds: CPU ratio | Rule CPU (ms) | Rule: CPU ratio | Rule: wall-clock ratio | Rule execution time (ms) | Target ≤ 1.5× |");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var rule in Enum.GetValues<Rule>())
        {
            foreach (var kind in Enum.GetValues<InputKind>())
            {
                Console.Error.WriteLine($"telemetry: {rule} {kind}");
                var compilation = Measure.Compile(Generator.RuleFiles(rule, kind, Settings.Files));
                var analyzers = ImmutableArray.Create(Analyzers.Create(rule));
                var diagnostics = Measure.Validate(compilation, analyzers, kind, $"{rule} {kind}").Length;
                var repetitions = Repeat(compilation, analyzers, new NoOpAnalyzer(rule), Settings.Runs);
                var cpuRatio = Measure.Median(repetitions.Select(p => p.Measured.Cpu / p.Baseline.Cpu));
                var wallRatio = Measure.Median(repetitions.Select(p => p.Measured.Wall / p.Baseline.Wall));
                output.WriteLine(string.Join(" | ", [
                    "| " + Analyzers.Create(rule).GetType().Name,
                    Analyzers.RuleIds(rule),
                    kind.ToString(),
                    Measure.CountLines(compilation).ToString(CultureInfo.InvariantCulture),
                    diagnostics.ToString(CultureInfo.InvariantCulture),
                    Ms(Measure.Median(repetitions.Select(p => p.Baseline.Cpu))),
                    Times(Measure.Median(repetitions.Select(p => p.NoOp!.Cpu / p.Baseline.Cpu))),
                    Ms(Measure.Median(repetitions.Select(p => p.Measured.Cpu))),
                    Times(cpuRatio),
                    Times(wallRatio),
                    Ms(Measure.Median(repetitions.Select(p => p.Measured.Execution))),
                    (cpuRatio <= 1.5 ? "met" : "MISSED") + " |"]));
            }
        }

        output.WriteLine();
    }

    public static void Scaling(TextWriter output)
    {
        var runs = Settings.Runs * 3;
        output.WriteLine($"### Scaling: one file, all our analyzers, median of {runs} runs");
        output.WriteLine();
        output.WriteLine("| Lines | Diagnostics | Empty analyzer CPU (ms) | Ours CPU (ms) | Ours − empty CPU (ms) | Our execution time (ms) | × previous: lines | × previous: ours − empty CPU | × previous: execution time | Target ≤ 2.4× |");
        output.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        var ours = Analyzers.All();
        (int Lines, TimeSpan Execution, TimeSpan Added)? previous = null;
        var perAnalyzer = new List<string>();
        foreach (var size in new[] { 1000, 2000, 4000, 8000 })
        {
            Console.Error.WriteLine($"telemetry: scaling {size}");
            var compilation = Measure.Compile([Generator.ScalingFile(size)]);
            var diagnostics = Measure.Validate(compilation, ours, kind: null, $"scaling {size}").Length;
            var repetitions = Repeat(compilation, ours, noOp: null, runs);
            var lines = Measure.CountLines(compilation);
            var execution = Measure.Median(repetitions.Select(p => p.Measured.Execution));
            var added = Measure.Median(repetitions.Select(p => p.Measured.Cpu - p.Baseline.Cpu));
            var growth = previous is { } p ? execution / p.Execution : (double?)null;
            output.WriteLine(string.Join(" | ", [
                "| " + lines.ToString(CultureInfo.InvariantCulture),
                diagnostics.ToString(CultureInfo.InvariantCulture),
                Ms(Measure.Median(repetitions.Select(p => p.Baseline.Cpu))),
                Ms(Measure.Median(repetitions.Select(p => p.Measured.Cpu))),
                Ms(added),
                Ms(execution),
                previous is { } a ? Times((double)lines / a.Lines) : "",
                previous is { } b ? Times(added / b.Added) : "",
                growth is { } g ? Times(g) : "",
                (growth is null ? "" : growth <= 2.4 ? "met" : "MISSED") + " |"]));
            previous = (lines, execution, added);
            perAnalyzer.Add($"| {lines} | " + string.Join(" | ", ours.Select((_, i) => Ms(Measure.Median(repetitions.Select(r => r.Measured.ExecutionTimes[i]))))) + " |");
        }

        output.WriteLine();
        output.WriteLine("Execution time per analyzer (ms):");
        output.WriteLine();
        output.WriteLine("| Lines | " + string.Join(" | ", ours.Select(a => a.GetType().Name)) + " |");
        output.WriteLine("|--:|" + string.Concat(ours.Select(_ => "--:|")));
        perAnalyzer.ForEach(output.WriteLine);
        output.WriteLine();
    }

    /// <summary>
    /// The baseline, the optional no-op analyzer and the measured analyzers back to back, in an order that rotates with
    /// every repetition, after one unmeasured warm-up of each.
    /// </summary>
    private static List<Repetition> Repeat(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> measured, DiagnosticAnalyzer? noOp, int runs)
    {
        var steps = new List<Func<Timed>>
        {
            () => Measure.AnalyzeTimed(compilation, Empty, []),
            () => Measure.AnalyzeTimed(compilation, measured, measured),
        };
        if (noOp is not null)
        {
            steps.Add(() => Measure.AnalyzeTimed(compilation, [noOp], []));
        }

        steps.ForEach(step => step());
        var repetitions = new List<Repetition>();
        for (var run = 0; run < runs; run++)
        {
            var results = new Timed[steps.Count];
            for (var i = 0; i < steps.Count; i++)
            {
                var step = (run + i) % steps.Count;
                results[step] = steps[step]();
            }

            repetitions.Add(new Repetition(results[0], results[1], noOp is null ? null : results[2]));
        }

        return repetitions;
    }

    private sealed record Repetition(Timed Baseline, Timed Measured, Timed? NoOp);

    internal static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    internal static string Times(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
