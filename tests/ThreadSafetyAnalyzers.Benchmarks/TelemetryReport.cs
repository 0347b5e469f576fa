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
/// logging on, and with more baselines. Each repetition runs every variant back to back, in an order that rotates,
/// so slow phases of a busy machine hit all of them; ratios are medians of the per-repetition ratios.
/// </summary>
internal static class TelemetryReport
{
    public static void Rules(TextWriter output)
    {
        output.WriteLine($"### Rules: {Settings.Files} generated files per input, median of {Settings.Runs} runs");
        output.WriteLine();
        output.WriteLine("| Analyzer | Rules | Input | Lines | Diagnostics | Empty CPU (ms) | Rule CPU (ms) | Rule ÷ empty, CPU | Rule ÷ empty, wall clock | Rule ÷ bind-only, CPU | Rule execution time (ms) | Target ≤ 1.5× |");
        output.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        string? nothing = null;
        foreach (var rule in RuleBenchmarks.Rules)
        {
            foreach (var kind in Enum.GetValues<InputKind>())
            {
                Console.Error.WriteLine($"telemetry: {rule} {kind}");
                var compilation = Measure.Compile(Generator.RuleFiles(rule, kind, Settings.Files));
                var analyzers = ImmutableArray.Create(Analyzers.Create(rule));
                var diagnostics = Measure.Validate(compilation, analyzers, kind, $"{rule} {kind}").Length;
                var runs = Repeat(
                    compilation,
                    [[new EmptyAnalyzer(rule)], analyzers, [new BindOnlyAnalyzer()]],
                    Settings.Runs,
                    repeats: 1);
                var empty = runs.Select(r => r[0]).ToList();
                var measured = runs.Select(r => r[1]).ToList();
                var bindOnly = runs.Select(r => r[2]).ToList();
                var ratio = Measure.Median(runs.Select(r => r[1].Cpu / r[0].Cpu));
                output.WriteLine(string.Join(" | ", [
                    "| " + analyzers[0].GetType().Name,
                    Analyzers.RuleIds(rule),
                    kind.ToString(),
                    Measure.CountLines(compilation).ToString(CultureInfo.InvariantCulture),
                    diagnostics.ToString(CultureInfo.InvariantCulture),
                    Ms(Measure.Median(empty.Select(t => t.Cpu))),
                    Ms(Measure.Median(measured.Select(t => t.Cpu))),
                    Times(ratio),
                    Times(Measure.Median(runs.Select(r => r[1].Wall / r[0].Wall))),
                    Times(Measure.Median(runs.Select(r => r[1].Cpu / r[2].Cpu))),
                    Ms(Measure.Median(measured.Select(t => t.Execution))),
                    (ratio <= 1.5 ? "met" : "MISSED") + " |"]));

                nothing ??= $"An analyzer that registers nothing, on the first input: {Ms(Measure.AnalyzeTimed(compilation, [new NothingAnalyzer()], []).Cpu)} ms CPU "
                    + $"(bind-only: {Ms(Measure.Median(bindOnly.Select(t => t.Cpu)))} ms): the driver skips it, so it cannot be a baseline.";
            }
        }

        output.WriteLine();
        output.WriteLine(nothing);
        output.WriteLine();
    }

    /// <summary>
    /// Every size is analyzed as often as it takes to analyze 16k lines per measurement, so that small files are not
    /// lost in the noise; times are per analysis.
    /// </summary>
    public static void Scaling(TextWriter output)
    {
        var runs = Settings.Runs * 2;
        output.WriteLine($"### Scaling: one file, all our analyzers against an empty analyzer for each, median of {runs} runs");
        output.WriteLine();
        output.WriteLine("The target is judged on our execution time (the driver's clock around our callbacks). Ours − empty is a");
        output.WriteLine("difference of two process CPU times a hundred times larger, so it carries their noise; Ours ÷ empty staying");
        output.WriteLine("flat as the file grows is the same check seen from the whole analysis.");
        output.WriteLine();
        output.WriteLine("| Lines | Diagnostics | Empty CPU (ms) | Ours CPU (ms) | Ours ÷ empty, CPU | Ours − empty, CPU (ms) | Our execution time (ms) | × previous: lines | × previous: execution time | × previous: ours − empty | Target ≤ 2.4× |");
        output.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        var ours = Analyzers.All();
        (int Lines, TimeSpan Execution, TimeSpan Added)? previous = null;
        var perAnalyzer = new List<string>();
        foreach (var size in new[] { 1000, 2000, 4000, 8000 })
        {
            Console.Error.WriteLine($"telemetry: scaling {size}");
            var compilation = Measure.Compile([Generator.ScalingFile(size)]);
            var diagnostics = Measure.Validate(compilation, ours, kind: null, $"scaling {size}").Length;
            var repetitions = Repeat(compilation, [EmptyAnalyzer.ForAll(), ours], runs, repeats: 16000 / size);
            var lines = Measure.CountLines(compilation);
            var execution = Measure.Median(repetitions.Select(r => r[1].Execution));
            var added = Measure.Median(repetitions.Select(r => r[1].Cpu - r[0].Cpu));
            var growth = previous is { } p ? execution / p.Execution : (double?)null;
            output.WriteLine(string.Join(" | ", [
                "| " + lines.ToString(CultureInfo.InvariantCulture),
                diagnostics.ToString(CultureInfo.InvariantCulture),
                Ms(Measure.Median(repetitions.Select(r => r[0].Cpu))),
                Ms(Measure.Median(repetitions.Select(r => r[1].Cpu))),
                Times(Measure.Median(repetitions.Select(r => r[1].Cpu / r[0].Cpu))),
                Ms(added),
                Ms(execution),
                previous is { } a ? Times((double)lines / a.Lines) : "",
                growth is { } g ? Times(g) : "",
                previous is { } b ? Times(added / b.Added) : "",
                (growth is null ? "" : growth <= 2.4 ? "met" : "MISSED") + " |"]));
            previous = (lines, execution, added);
            perAnalyzer.Add($"| {lines} | " + string.Join(" | ", ours.Select((_, i) => Ms(Measure.Median(repetitions.Select(r => r[1].ExecutionTimes[i]))))) + " |");
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
    /// Measures each analyzer set <paramref name="runs"/> times, the sets back to back in an order that rotates, after
    /// one unmeasured warm-up of each. One measurement analyzes <paramref name="repeats"/> times and reports per analysis.
    /// Execution times are logged for the analyzers of the second set.
    /// </summary>
    private static List<Timed[]> Repeat(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>[] sets, int runs, int repeats)
    {
        Timed Run(int set)
        {
            var timed = Enumerable.Range(0, repeats)
                .Select(_ => Measure.AnalyzeTimed(compilation, sets[set], set == 1 ? sets[set] : []))
                .ToList();
            return new Timed(
                timed.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Wall) / repeats,
                timed.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Cpu) / repeats,
                timed[0].ExecutionTimes.Select((_, i) => timed.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.ExecutionTimes[i]) / repeats).ToImmutableArray(),
                timed[0].Diagnostics);
        }

        for (var set = 0; set < sets.Length; set++)
        {
            Measure.AnalyzeTimed(compilation, sets[set], []);
        }

        var results = new List<Timed[]>();
        for (var run = 0; run < runs; run++)
        {
            var timed = new Timed[sets.Length];
            for (var step = 0; step < sets.Length; step++)
            {
                var set = (run + step) % sets.Length;
                timed[set] = Run(set);
            }

            results.Add(timed);
        }

        return results;
    }

    internal static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    internal static string Times(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
