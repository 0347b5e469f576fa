using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>The command line: runs the modes the options ask for and prints one report on stdout.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args, Console.Error);
        if (options is null)
        {
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        var output = Console.Out;
        var cancellationToken = CancellationToken.None;
        var corpus = Corpus.Load(options);
        var ours = AnalyzerDiscovery.LoadOurAnalyzers();
        var comparisons = options.Compare
            ? ImmutableArray.Create(
                AnalyzerDiscovery.LoadComparisonRule("Microsoft.CodeAnalysis.NetAnalyzers", "NetAnalyzersVersion", "CA2016"),
                AnalyzerDiscovery.LoadComparisonRule("Meziantou.Analyzer", "MeziantouAnalyzerVersion", "MA0040"))
            : ImmutableArray<ComparisonRule>.Empty;
        var specificOptions = comparisons.SelectMany(AnalyzerDiscovery.OnlyThisRule).ToDictionary();
        var allAnalyzers = ours.AddRange(comparisons.SelectMany(c => c.Analyzers));
        var ourNames = ours.Select(Analysis.Name).ToHashSet(StringComparer.Ordinal);

        PrintCorpus(output, corpus, options, ours, comparisons);

        var runs = new List<AnalysisRun>();
        for (var i = 1; i <= options.Runs; i++)
        {
            Console.Error.WriteLine($"analysis run {i}/{options.Runs}");
            runs.Add(await Analysis.RunAsync(() => corpus.CreateCompilation(specificOptions), allAnalyzers, corpus.AnalyzerOptions, cancellationToken).ConfigureAwait(false));
        }

        PrintCompilerErrors(output, runs[0].CompilerErrors);
        var ruleIds = ours.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id)
            .Concat(comparisons.Where(c => c.SkipReason is null).Select(c => c.RuleId));
        PrintDiagnostics(output, corpus, runs[0].Diagnostics, ruleIds, options.OutFile);

        var failures = runs.SelectMany(r => r.Failures).DistinctBy(f => f.Describe()).ToList();
        Section(output, "Analyzer exceptions");
        PrintFailures(output, failures);
        PrintTiming(output, runs, ours, comparisons);
        var crashed = failures.Any(f => ourNames.Contains(f.Analyzer));

        if (options.FixAll)
        {
            Console.Error.WriteLine("fix-all");
            var report = await FixAll.RunAsync(corpus, ours, AnalyzerDiscovery.LoadOurCodeFixes(), cancellationToken).ConfigureAwait(false);
            PrintFixAll(output, corpus, report, options.ShowAllDiffs);
            crashed |= report.Threw.Length > 0;
        }

        if (options.Fuzz)
        {
            var report = await Fuzz.RunAsync(corpus, ours, options, Console.Error, cancellationToken).ConfigureAwait(false);
            PrintFuzz(output, options, report);
            crashed |= report.Crashes.Length > 0;
        }

        Section(output, "Result");
        output.WriteLine(crashed ? "FAILED: an analyzer or code fix of ours threw (exit code 1)" : "OK: no analyzer or code fix of ours threw");
        return crashed ? 1 : 0;
    }

    private static void PrintCorpus(TextWriter output, Corpus corpus, Options options, ImmutableArray<DiagnosticAnalyzer> ours, ImmutableArray<ComparisonRule> comparisons)
    {
        var (lines, nonBlank) = corpus.CountLines();
        Section(output, "Corpus");
        output.WriteLine($"folder: {corpus.Root}");
        output.WriteLine($"files: {corpus.SourceTrees.Length}");
        output.WriteLine($"lines: {lines} ({nonBlank} not blank)");
        output.WriteLine($"language version: {LanguageVersionFacts.ToDisplayString(corpus.ParseOptions.SpecifiedLanguageVersion)} (effective {LanguageVersionFacts.ToDisplayString(corpus.ParseOptions.LanguageVersion)})");
        output.WriteLine($"preprocessor symbols: {(options.Defines.Count == 0 ? "(none)" : string.Join(";", options.Defines))}");
        output.WriteLine($"references: {corpus.References.Length} assemblies from {corpus.ReferenceDirectory}");
        output.WriteLine($"our analyzers: {string.Join(", ", ours.Select(Analysis.Name))}");
        foreach (var comparison in comparisons)
        {
            output.WriteLine(comparison.SkipReason is null
                ? $"compare {comparison.RuleId}: {comparison.Package} ({string.Join(", ", comparison.Analyzers.Select(Analysis.Name))})"
                : $"compare {comparison.RuleId}: skipped, {comparison.SkipReason}");
        }
    }

    /// <summary>Errors are expected (third-party references are missing); their number says how much of the code bound.</summary>
    private static void PrintCompilerErrors(TextWriter output, ImmutableArray<(string Id, int Count)> errors)
    {
        var total = errors.Sum(e => e.Count);
        var top = string.Join(", ", errors.Take(8).Select(e => $"{e.Id} x{e.Count}"));
        output.WriteLine($"compiler errors: {total}{(total == 0 ? "" : $" ({top})")}");
    }

    private static void PrintDiagnostics(TextWriter output, Corpus corpus, ImmutableArray<Diagnostic> diagnostics, IEnumerable<string> ruleIds, string? outFile)
    {
        Section(output, "Diagnostics per rule");
        var counts = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        foreach (var id in ruleIds.Concat(counts.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            output.WriteLine($"{id}\t{counts.GetValueOrDefault(id)}");
        }

        var rows = new List<string> { "rule\tfile\tline\tmessage\tsource" };
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            var source = diagnostic.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? "";
            rows.Add(string.Join('\t', diagnostic.Id, corpus.RelativePath(diagnostic.Location.SourceTree), span.StartLinePosition.Line + 1, Field(diagnostic.GetMessage(CultureInfo.InvariantCulture)), Field(source)));
        }

        Section(output, "Diagnostics (TSV)");
        if (outFile is null)
        {
            rows.ForEach(output.WriteLine);
        }
        else
        {
            File.WriteAllLines(outFile, rows);
            output.WriteLine($"{rows.Count - 1} rows written to {Path.GetFullPath(outFile)}");
        }
    }

    private static void PrintFailures(TextWriter output, IReadOnlyCollection<AnalyzerFailure> failures)
    {
        if (failures.Count == 0)
        {
            output.WriteLine("none");
        }

        foreach (var failure in failures)
        {
            output.WriteLine(failure.Describe());
            output.WriteLine();
        }
    }

    private static void PrintTiming(TextWriter output, List<AnalysisRun> runs, ImmutableArray<DiagnosticAnalyzer> ours, ImmutableArray<ComparisonRule> comparisons)
    {
        Section(output, runs.Count == 1 ? "Timing (one run)" : $"Timing (median of {runs.Count} runs)");
        var binding = Analysis.Median(runs.Select(r => r.Binding));
        var bindingCpu = Analysis.Median(runs.Select(r => r.BindingCpu));
        output.WriteLine($"compiler binding, GetDiagnostics(): {Ms(binding)}{Each(runs, r => r.Binding)}");
        output.WriteLine($"compiler binding, CPU time of all threads: {Ms(bindingCpu)}{Each(runs, r => r.BindingCpu)}");
        output.WriteLine($"analysis wall time (binds again, runs all analyzers concurrently): {Ms(Analysis.Median(runs.Select(r => r.AnalysisWallTime)))}");

        void Group(string title, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            Func<AnalysisRun, TimeSpan> total = r => analyzers.Aggregate(TimeSpan.Zero, (sum, a) => sum + r.ExecutionTimes[a]);
            var median = Analysis.Median(runs.Select(total));
            output.WriteLine($"{title}: {Ms(median)} = {Percent(median, binding)} of binding time, {Percent(median, bindingCpu)} of binding CPU time{Each(runs, total)}");
            foreach (var analyzer in analyzers)
            {
                output.WriteLine($"  {Analysis.Name(analyzer)}: {Ms(Analysis.Median(runs.Select(r => r.ExecutionTimes[analyzer])))}");
            }
        }

        output.WriteLine("(analyzer execution time: AnalyzerTelemetryInfo.ExecutionTime, callback time summed over all threads; the first run also pays for JIT)");
        Group("ThreadSafetyAnalyzers, total analyzer execution time", ours);
        foreach (var comparison in comparisons.Where(c => c.SkipReason is null))
        {
            Group($"{comparison.RuleId} ({comparison.Package}), analyzer execution time", comparison.Analyzers);
        }
    }

    private static void PrintFixAll(TextWriter output, Corpus corpus, FixAllReport report, bool showAllDiffs)
    {
        var broken = report.Applied.Where(f => f.NewErrors.Length > 0).ToList();
        Section(output, "Fix all");
        output.WriteLine($"fixable diagnostics: {report.FixableDiagnostics}");
        output.WriteLine($"fixes applied: {report.Applied.Length}");
        output.WriteLine($"fixers that offered no action: {report.WithoutAction}");
        output.WriteLine($"fixes that introduced new compiler errors: {broken.Count}");
        output.WriteLine($"fixers that threw: {report.Threw.Length}");
        foreach (var fix in report.Applied)
        {
            output.WriteLine($"  {Where(corpus, fix.Diagnostic)} {fix.Diagnostic.Id} {fix.Fixer} '{fix.Title}': {(fix.NewErrors.Length == 0 ? "compiles" : $"{fix.NewErrors.Length} new error(s)")}");
        }

        foreach (var fix in showAllDiffs ? report.Applied.ToList() : broken)
        {
            output.WriteLine();
            output.WriteLine($"{Where(corpus, fix.Diagnostic)} {fix.Diagnostic.Id}: {fix.Fixer} '{fix.Title}'{(fix.NewErrors.Length > 0 ? " introduced:" : "")}");
            foreach (var error in fix.NewErrors)
            {
                output.WriteLine($"  {Where(corpus, error)} {error.Id}: {error.GetMessage(CultureInfo.InvariantCulture)}");
            }

            output.WriteLine(fix.Diff);
        }

        foreach (var (diagnostic, fixer, exception) in report.Threw)
        {
            output.WriteLine();
            output.WriteLine($"{Where(corpus, diagnostic)} {diagnostic.Id}: {fixer} threw {exception}");
        }
    }

    private static void PrintFuzz(TextWriter output, Options options, FuzzReport report)
    {
        Section(output, "Fuzz");
        output.WriteLine($"seed {options.Seed}, {options.Variants} variant(s) of each kind per file");
        output.WriteLine($"files: {report.Files}, variants analyzed: {report.Variants}, variants with analyzer exceptions: {report.Crashes.Length}");
        foreach (var crash in report.Crashes)
        {
            output.WriteLine();
            output.WriteLine($"{crash.Variant.File} [{crash.Variant.Kind} #{crash.Variant.Number}] {crash.Variant.Edit}{(crash.SavedTo is null ? "" : " -> " + crash.SavedTo)}");
            PrintFailures(output, crash.Failures);
            output.WriteLine("variant text:");
            output.WriteLine(Fuzz.Excerpt(crash.Variant));
        }
    }

    private static string Where(Corpus corpus, Diagnostic diagnostic) =>
        $"{corpus.RelativePath(diagnostic.Location.SourceTree)}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}";

    private static void Section(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Percent(TimeSpan part, TimeSpan whole) =>
        whole > TimeSpan.Zero ? (part / whole).ToString("P2", CultureInfo.InvariantCulture) : "n/a";

    private static string Each(List<AnalysisRun> runs, Func<AnalysisRun, TimeSpan> value) =>
        runs.Count == 1 ? "" : $" (runs: {string.Join(", ", runs.Select(r => Ms(value(r))))})";

    /// <summary>Keeps a TSV field on one line and in one column.</summary>
    private static string Field(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
