using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>Settings that the command line sets for every mode (the in-process toolchain shares them with BenchmarkDotNet).</summary>
internal static class Settings
{
    /// <summary>Files per rule and input kind.</summary>
    public static int Files { get; set; } = 1000;

    /// <summary>The rules to measure (--rule); empty for all.</summary>
    public static List<Rule> Rules { get; } = new();

    /// <summary>Repetitions in the telemetry and corpus modes.</summary>
    public static int Runs { get; set; } = 5;

    /// <summary>
    /// Bind and analyze on one thread (the default): on a shared two-core machine this is steadier than concurrent
    /// analysis, and it measures the work itself rather than how well it spreads over cores.
    /// </summary>
    public static bool Concurrent { get; set; }
}

/// <summary>
/// One timed analysis: wall-clock and process CPU time of GetAnalyzerDiagnosticsAsync, and the execution time that the
/// driver logged for the measured analyzers (callback wall-clock time, summed).
/// </summary>
internal sealed record Timed(TimeSpan Wall, TimeSpan Cpu, ImmutableArray<TimeSpan> ExecutionTimes, ImmutableArray<Diagnostic> Diagnostics)
{
    public TimeSpan Execution => ExecutionTimes.Aggregate(TimeSpan.Zero, (sum, time) => sum + time);
}

/// <summary>Compilations and analyzer runs, done the same way by every mode.</summary>
internal static class Measure
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The newest Microsoft.NETCore.App.Ref pack of the dotnet installation that runs us.</summary>
    public static string ReferenceDirectory { get; } = FindReferencePack();

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilationOptions CompilationOptions(IReadOnlyDictionary<string, ReportDiagnostic>? specificOptions = null) =>
        new(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true,
            concurrentBuild: Settings.Concurrent,
            specificDiagnosticOptions: specificOptions);

    public static CSharpCompilation Compile(IEnumerable<GeneratedFile> files) =>
        CSharpCompilation.Create(
            "Generated",
            files.Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.Path)),
            References,
            CompilationOptions());

    /// <summary>
    /// Runs <paramref name="analyzers"/> over <paramref name="compilation"/>. Each call builds a new
    /// <see cref="CompilationWithAnalyzers"/>, which analyzes a fresh copy of the compilation (it needs one with an event
    /// queue): every call binds every method body again, whatever the analyzers are, so two calls on the same compilation
    /// do the same compiler work and differ only by what the analyzers add.
    /// </summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        compilation.WithAnalyzers(analyzers, Options(logExecutionTime: false, failures: null))
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();

    /// <summary>Like <see cref="Analyze"/> with execution-time logging for each of <paramref name="measured"/>, in order, from a collected heap.</summary>
    public static Timed AnalyzeTimed(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<DiagnosticAnalyzer> measured)
    {
        var failures = new ConcurrentQueue<string>();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, Options(logExecutionTime: true, failures));

        // Each measurement starts on a collected heap, so that a full collection left over from the previous one does
        // not land inside this one's callbacks (the driver charges a pause to whichever callback is running).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = CpuClock.Now();
        var wall = Stopwatch.StartNew();
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        wall.Stop();
        var cpuTime = CpuClock.Now() - cpu;
        ThrowOnFailures(failures);

        var execution = measured
            .Select(analyzer => withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime)
            .ToImmutableArray();

        return new Timed(wall.Elapsed, cpuTime, execution, diagnostics);
    }

    /// <summary>Checks a generated input before it is measured: it compiles, no analyzer throws, and the rule reports what the input kind promises.</summary>
    public static ImmutableArray<Diagnostic> Validate(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, InputKind? kind, string what)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{what} does not compile ({errors.Count} errors), first: {errors[0]}");
        }

        var failures = new ConcurrentQueue<string>();
        var diagnostics = compilation.WithAnalyzers(analyzers, Options(logExecutionTime: false, failures))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        ThrowOnFailures(failures);
        var ours = diagnostics.Where(Analyzers.IsOurs).ToImmutableArray();
        if (kind == InputKind.Quiet && ours.Length > 0)
        {
            throw new InvalidOperationException($"{what} should trigger nothing, but reports {ours.Length}, first: {ours[0]}");
        }

        if (kind == InputKind.Noisy && ours.Length == 0)
        {
            throw new InvalidOperationException($"{what} should be full of diagnostics, but reports none");
        }

        return ours;
    }

    public static int CountLines(Compilation compilation) => compilation.SyntaxTrees.Sum(tree => tree.GetText().Lines.Count);

    public static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks)));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return 0;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static CompilationWithAnalyzersOptions Options(bool logExecutionTime, ConcurrentQueue<string>? failures) =>
        new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: failures is null ? null : (exception, analyzer, _) => failures.Enqueue($"{analyzer}: {exception}"),
            concurrentAnalysis: Settings.Concurrent,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);

    private static void ThrowOnFailures(ConcurrentQueue<string> failures)
    {
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException("An analyzer threw: " + failures.First());
        }
    }

    private static ImmutableArray<MetadataReference> LoadReferences() =>
        Directory.EnumerateFiles(ReferenceDirectory, "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    private static string FindReferencePack()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<tfm>
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        var newest = Directory.Exists(packs)
            ? Directory.EnumerateDirectories(packs)
                .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .SelectMany(x => Directory.Exists(Path.Combine(x.Dir, "ref")) ? Directory.EnumerateDirectories(Path.Combine(x.Dir, "ref"), "net*") : [])
                .FirstOrDefault()
            : null;
        return newest ?? throw new DirectoryNotFoundException($"No Microsoft.NETCore.App.Ref pack under {packs}");
    }
}
