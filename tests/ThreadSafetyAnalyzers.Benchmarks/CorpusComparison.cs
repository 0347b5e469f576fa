using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>What to compile for the `--corpus` mode, as the real project would.</summary>
internal sealed record CorpusOptions(string Folder, IReadOnlyList<string> Defines, LanguageVersion LanguageVersion, bool ImplicitUsings);

/// <summary>
/// The `--corpus` mode: every *.cs file of a real codebase (bin/ and obj/ skipped) as one library against the
/// reference pack, analyzed in four runs: by all our analyzers, by CA2016, and by each of the two hollow (its floor:
/// the same registrations, callbacks that do nothing). Every analyzer is wrapped in a <see cref="CpuTimedAnalyzer"/>,
/// which sums the thread CPU time spent inside its callbacks.
/// Nothing from the corpus is written anywhere; only times and sizes are printed.
/// </summary>
internal static class CorpusComparison
{
    /// <summary>What the SDK adds to a project with ImplicitUsings enabled.</summary>
    private static readonly string[] SdkImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static void Run(CorpusOptions options, TextWriter output)
    {
        var root = Path.GetFullPath(options.Folder);
        var parseOptions = Measure.ParseOptions.WithLanguageVersion(options.LanguageVersion).WithPreprocessorSymbols(options.Defines);
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)
                .Any(part => part.Equals("bin", StringComparison.OrdinalIgnoreCase) || part.Equals("obj", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path)), parseOptions, path))
            .ToList();
        var sourceFiles = trees.Count;
        var sourceLines = trees.Sum(tree => tree.GetText().Lines.Count);
        if (options.ImplicitUsings)
        {
            var usings = string.Concat(SdkImplicitUsings.Select(u => $"global using global::{u};\n"));
            trees.Add(CSharpSyntaxTree.ParseText(usings, parseOptions, Path.Combine(root, "ImplicitUsings.cs")));
        }

        var ca2016 = Ca2016.Load();
        var compilation = CSharpCompilation.Create("Corpus", trees, Measure.References, Measure.CompilationOptions(Ca2016.OnlyCa2016(ca2016)));
        var ours = Timed(Analyzers.All(), hollow: false);
        var ourFloor = Timed(Analyzers.All(), hollow: true);
        var theirs = Timed(ca2016, hollow: false);
        var theirFloor = Timed(ca2016, hollow: true);
        var sets = new[] { ourFloor, ours, theirFloor, theirs };
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        // Warm-up: JIT for all four, and the references loaded once for every later copy of the compilation.
        var warm = sets.Select(set => Analyze(compilation, set)).ToArray();
        var ourDiagnostics = warm[1].Timed.Diagnostics.Count(Analyzers.IsOurs);
        var caDiagnostics = warm[3].Timed.Diagnostics.Count(d => d.Id == Ca2016.RuleId);
        SameAsBare(compilation, Analyzers.All(), warm[1].Timed.Diagnostics);
        SameAsBare(compilation, ca2016, warm[3].Timed.Diagnostics);

        // Each run measures the four sets in a rotating order, so that none always runs first on a fresh heap.
        var runs = new List<SetRun[]>();
        for (var run = 0; run < Settings.Runs; run++)
        {
            Console.Error.WriteLine($"corpus run {run + 1}/{Settings.Runs}");
            var results = new SetRun[sets.Length];
            for (var step = 0; step < sets.Length; step++)
            {
                var index = (run + step) % sets.Length;
                results[index] = Analyze(compilation, sets[index]);
            }

            runs.Add(results);
        }

        TimeSpan Median(int set) => Measure.Median(runs.Select(r => r[set].Total));
        var raw = Measure.Median(runs.Select(r => r[1].Total / r[3].Total));
        var net = Measure.Median(runs.Select(r => (r[1].Total - r[0].Total) / (r[3].Total - r[2].Total)));
        var netOfOurFloor = Measure.Median(runs.Select(r => (r[1].Total - r[0].Total) / r[3].Total));
        output.WriteLine($"corpus: {root}");
        output.WriteLine($"files: {sourceFiles}, lines: {sourceLines}, compiler errors: {errors} (missing third-party references), references: {Measure.ReferenceDirectory}");
        output.WriteLine($"CA2016 from {Ca2016.Package}; diagnostics: ours {ourDiagnostics}, CA2016 {caDiagnostics}; analysis: {(Settings.Concurrent ? "concurrent" : "one thread")}; Roslyn {typeof(Compilation).Assembly.GetName().Version}");
        output.WriteLine($"median of {Settings.Runs} runs; callback CPU = thread CPU time inside every callback the analyzers registered, summed; "
            + "floor = the same analyzers hollow (the same registrations, callbacks that do nothing); net = callback CPU − floor; ratios are medians of the per-run ratios");
        output.WriteLine();
        output.WriteLine("| Corpus | Files | Lines | Ours (ms) | Our floor (ms) | CA2016 (ms) | CA2016 floor (ms) | Ours ÷ CA2016, raw | Ours ÷ CA2016, net | Ours net ÷ CA2016 raw | Target net ≤ 0.5 |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        output.WriteLine(string.Join(" | ", [
            "| " + Label(root),
            sourceFiles.ToString(CultureInfo.InvariantCulture),
            sourceLines.ToString(CultureInfo.InvariantCulture),
            TelemetryReport.Ms(Median(1)),
            TelemetryReport.Ms(Median(0)),
            TelemetryReport.Ms(Median(3)),
            TelemetryReport.Ms(Median(2)),
            TelemetryReport.Times(raw),
            TelemetryReport.Times(net),
            TelemetryReport.Times(netOfOurFloor),
            (net <= 0.5 ? "met" : "MISSED") + " |"]));
        output.WriteLine();
        output.WriteLine("per run, ours / our floor / CA2016 / CA2016 floor (ms): "
            + string.Join(", ", runs.Select(r => $"{TelemetryReport.Ms(r[1].Total)} / {TelemetryReport.Ms(r[0].Total)} / {TelemetryReport.Ms(r[3].Total)} / {TelemetryReport.Ms(r[2].Total)}")));
        output.WriteLine("ours by analyzer, median callback CPU / floor / net (ms): " + string.Join(", ", ours.Select((analyzer, i) =>
            $"{analyzer.Inner.GetType().Name} {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[1].Callbacks[i])))}"
            + $" / {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[0].Callbacks[i])))}"
            + $" / {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[1].Callbacks[i] - r[0].Callbacks[i])))}")));
        output.WriteLine("process CPU of the whole analysis, median (ms): "
            + $"our floor {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[0].Timed.Cpu)))}, ours {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[1].Timed.Cpu)))}, "
            + $"CA2016 floor {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[2].Timed.Cpu)))}, CA2016 {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[3].Timed.Cpu)))}");
        output.WriteLine("collections per analysis (all generations), median: "
            + $"our floor {Measure.Median(runs.Select(r => (double)r[0].Collections))}, ours {Measure.Median(runs.Select(r => (double)r[1].Collections))}, "
            + $"CA2016 floor {Measure.Median(runs.Select(r => (double)r[2].Collections))}, CA2016 {Measure.Median(runs.Select(r => (double)r[3].Collections))}; "
            + $"DOTNET_GCgen0size={Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "unset"}");
        output.WriteLine("driver's execution-time stopwatch, median (ms; also counts waiting for a core): "
            + $"ours {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[1].Timed.Execution)))}, CA2016 {TelemetryReport.Ms(Measure.Median(runs.Select(r => r[3].Timed.Execution)))}");
    }

    /// <summary>The wrapper must not change what is analyzed: the wrapped analyzers report exactly what the bare ones do.</summary>
    private static void SameAsBare(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> bare, ImmutableArray<Diagnostic> wrapped)
    {
        static string[] Keys(IEnumerable<Diagnostic> diagnostics) => diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal).ToArray();
        if (!Keys(Measure.Analyze(compilation, bare)).SequenceEqual(Keys(wrapped)))
        {
            throw new InvalidOperationException("The CPU-timed analyzers report other diagnostics than the bare ones: " + bare[0].GetType().Name);
        }
    }

    private static ImmutableArray<CpuTimedAnalyzer> Timed(ImmutableArray<DiagnosticAnalyzer> analyzers, bool hollow)
        => analyzers.Select(analyzer => new CpuTimedAnalyzer(analyzer, hollow)).ToImmutableArray();

    private static SetRun Analyze(Compilation compilation, ImmutableArray<CpuTimedAnalyzer> set)
    {
        foreach (var analyzer in set)
        {
            analyzer.Reset();
        }

        var analyzers = ImmutableArray<DiagnosticAnalyzer>.CastUp(set);
        var collections = GC.CollectionCount(0);
        var timed = Measure.AnalyzeTimed(compilation, analyzers, analyzers);
        return new SetRun(timed, set.Select(analyzer => analyzer.Time).ToImmutableArray(), GC.CollectionCount(0) - collections);
    }

    /// <summary>
    /// One analysis by one set of analyzers: the driver's figures, the thread CPU time in each analyzer's callbacks, and
    /// the collections the analysis took (a collection runs on the thread that allocates, inside whichever callback that
    /// was: the compiler's garbage is charged to a callback at random).
    /// </summary>
    private sealed record SetRun(Timed Timed, ImmutableArray<TimeSpan> Callbacks, int Collections)
    {
        public TimeSpan Total => Callbacks.Aggregate(TimeSpan.Zero, (sum, time) => sum + time);
    }

    /// <summary>The corpus folder's name, with its parent's when it is only "src" ("StackExchange.Redis/src").</summary>
    private static string Label(string root)
    {
        var folder = root.TrimEnd(Path.DirectorySeparatorChar);
        var name = Path.GetFileName(folder);
        return name.Equals("src", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileName(Path.GetDirectoryName(folder)) + "/" + name
            : name;
    }
}
