using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// reference pack, analyzed by all our analyzers in one run, by CA2016 in another and by an empty analyzer for each of
/// ours in a third, with execution-time logging.
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
        var ours = Analyzers.All();
        var empty = EmptyAnalyzer.ForAll();
        var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        // Warm-up: JIT for all three, and the references loaded once for every later copy of the compilation.
        Measure.AnalyzeTimed(compilation, empty, []);
        var ourDiagnostics = Measure.AnalyzeTimed(compilation, ours, ours).Diagnostics.Count(Analyzers.IsOurs);
        var caDiagnostics = Measure.AnalyzeTimed(compilation, ca2016, ca2016).Diagnostics.Count(d => d.Id == Ca2016.RuleId);

        var runs = new List<(Timed Empty, Timed Ours, Timed Ca2016)>();
        for (var run = 0; run < Settings.Runs; run++)
        {
            Console.Error.WriteLine($"corpus run {run + 1}/{Settings.Runs}");
            var order = run % 3;
            Timed? e = null, o = null, c = null;
            for (var step = 0; step < 3; step++)
            {
                switch ((order + step) % 3)
                {
                    case 0:
                        e = Measure.AnalyzeTimed(compilation, empty, []);
                        break;
                    case 1:
                        o = Measure.AnalyzeTimed(compilation, ours, ours);
                        break;
                    default:
                        c = Measure.AnalyzeTimed(compilation, ca2016, ca2016);
                        break;
                }
            }

            runs.Add((e!, o!, c!));
        }

        var ratio = Measure.Median(runs.Select(r => r.Ours.Execution / r.Ca2016.Execution));
        output.WriteLine($"corpus: {root}");
        output.WriteLine($"files: {sourceFiles}, lines: {sourceLines}, compiler errors: {errors} (missing third-party references), references: {Measure.ReferenceDirectory}");
        output.WriteLine($"CA2016 from {Ca2016.Package}; diagnostics: ours {ourDiagnostics}, CA2016 {caDiagnostics}; analysis: {(Settings.Concurrent ? "concurrent" : "one thread")}; Roslyn {typeof(Compilation).Assembly.GetName().Version}");
        output.WriteLine($"median of {Settings.Runs} runs; execution time = AnalyzerTelemetryInfo.ExecutionTime (callback time, summed over our analyzers); CPU = process CPU time of GetAnalyzerDiagnosticsAsync");
        output.WriteLine();
        output.WriteLine("| Corpus | Files | Lines | Empty CPU (ms) | Ours CPU (ms) | CA2016 CPU (ms) | Our execution time (ms) | CA2016 execution time (ms) | Ours ÷ CA2016 | Target < 1 |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        output.WriteLine(string.Join(" | ", [
            "| " + Label(root),
            sourceFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sourceLines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Empty.Cpu))),
            TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Ours.Cpu))),
            TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Ca2016.Cpu))),
            TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Ours.Execution))),
            TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Ca2016.Execution))),
            TelemetryReport.Times(ratio),
            (ratio < 1 ? "met" : "MISSED") + " |"]));
        output.WriteLine();
        output.WriteLine("per run, ours / CA2016 execution time (ms): " + string.Join(", ", runs.Select(r => $"{TelemetryReport.Ms(r.Ours.Execution)} / {TelemetryReport.Ms(r.Ca2016.Execution)}")));
        var fastestOurs = runs.Min(r => r.Ours.Execution);
        var fastestCa2016 = runs.Min(r => r.Ca2016.Execution);
        output.WriteLine($"fastest run (a pause of the garbage collector lands in whichever callback is running, so single runs spike): ours {TelemetryReport.Ms(fastestOurs)}, CA2016 {TelemetryReport.Ms(fastestCa2016)}, ratio {TelemetryReport.Times(fastestOurs / fastestCa2016)}");
        output.WriteLine("ours by analyzer, median (ms): " + string.Join(", ", ours.Select((analyzer, i) => $"{analyzer.GetType().Name} {TelemetryReport.Ms(Measure.Median(runs.Select(r => r.Ours.ExecutionTimes[i])))}")));
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
