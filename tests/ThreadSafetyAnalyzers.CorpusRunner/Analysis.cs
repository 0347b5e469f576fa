using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>An exception thrown by an analyzer (or by the analyzer driver while running it).</summary>
internal sealed record AnalyzerFailure(string Analyzer, Exception Exception, Diagnostic? Diagnostic)
{
    public string Describe() =>
        $"{Analyzer}: {Exception.GetType().FullName}: {Exception.Message}"
        + (Diagnostic?.Location.IsInSource == true ? $" (at {Diagnostic.Location.GetLineSpan()})" : "")
        + Environment.NewLine + Exception.StackTrace;
}

/// <summary>
/// One analysis of a whole compilation: what was found, what threw and how long it took. It keeps no compilation
/// alive (compiler errors are kept as counts), so that one run's memory does not slow the next one's collections.
/// </summary>
internal sealed record AnalysisRun(
    ImmutableArray<(string Id, int Count)> CompilerErrors,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<AnalyzerFailure> Failures,
    TimeSpan Binding,
    TimeSpan BindingCpu,
    TimeSpan AnalysisWallTime,
    ImmutableDictionary<DiagnosticAnalyzer, TimeSpan> ExecutionTimes);

internal static class Analysis
{
    public const string AnalyzerExceptionId = "AD0001";

    /// <summary>
    /// Times the compiler alone (declaration and method-body diagnostics of a fresh compilation), then runs
    /// <paramref name="analyzers"/> over another fresh copy with execution-time logging on.
    /// </summary>
    public static async Task<AnalysisRun> RunAsync(
        Func<Compilation> createCompilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerOptions options,
        CancellationToken cancellationToken)
    {
        // Start every run from the same heap, without garbage of the previous one.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var compilation = createCompilation();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var binding = Stopwatch.StartNew();
        var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken);
        binding.Stop();
        var bindingCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var compilerErrors = compilerDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .GroupBy(d => d.Id)
            .Select(g => (Id: g.Key, Count: g.Count()))
            .OrderByDescending(e => e.Count)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToImmutableArray();

        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var withAnalyzers = createCompilation().WithAnalyzers(analyzers, CreateOptions(options, failures, logExecutionTime: true));
        var wall = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        wall.Stop();

        var times = ImmutableDictionary.CreateBuilder<DiagnosticAnalyzer, TimeSpan>();
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            times[analyzer] = telemetry.ExecutionTime;
        }

        return new AnalysisRun(
            compilerErrors,
            Sort(diagnostics.Where(d => d.Id != AnalyzerExceptionId)),
            WithReportedExceptions(failures, diagnostics),
            binding.Elapsed,
            bindingCpu,
            wall.Elapsed,
            times.ToImmutable());
    }

    /// <summary>The options every mode uses; analyzer exceptions are recorded, never rethrown.</summary>
    public static CompilationWithAnalyzersOptions CreateOptions(AnalyzerOptions options, ConcurrentQueue<AnalyzerFailure> failures, bool logExecutionTime) =>
        new(
            options,
            onAnalyzerException: (exception, analyzer, diagnostic) => failures.Enqueue(new(Name(analyzer), exception, diagnostic)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);

    /// <summary>
    /// AD0001 diagnostics that reached the result without passing through the exception callback
    /// (the driver reports them both ways; the callback has the real exception and stack).
    /// </summary>
    public static ImmutableArray<AnalyzerFailure> WithReportedExceptions(IEnumerable<AnalyzerFailure> failures, IEnumerable<Diagnostic> diagnostics)
    {
        var all = failures.ToList();
        foreach (var diagnostic in diagnostics.Where(d => d.Id == AnalyzerExceptionId))
        {
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (!all.Any(f => f.Diagnostic?.GetMessage(System.Globalization.CultureInfo.InvariantCulture) == message))
            {
                all.Add(new(diagnostic.Properties.GetValueOrDefault("Analyzer") ?? "?", new AnalyzerReportedException(message), diagnostic));
            }
        }

        return [.. all];
    }

    public static string Name(DiagnosticAnalyzer analyzer) => analyzer.GetType().Name;

    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>Stands in for an exception known only from its AD0001 message.</summary>
internal sealed class AnalyzerReportedException(string message) : Exception(message);
