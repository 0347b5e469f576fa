using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// Light-bulb latency: what the IDE waits for when it opens the light bulb on one of our diagnostics, the time of the
/// fixer's <c>RegisterCodeFixesAsync</c>. For each rule, one generated document of about 5,000 lines full of the
/// shapes the rule flags; up to 50 of its diagnostics, spread over the document, each asked once per run, after a
/// warm-up pass (the IDE has the document's semantic model by the time a light bulb opens: the squiggle came from it).
/// Timed in CPU time of the whole process (<see cref="CpuClock"/>), median and slowest per fixer.
/// </summary>
internal static class LightBulbReport
{
    private const int Lines = 5000;
    private const int DiagnosticsPerFixer = 50;

    public static void Run(TextWriter output)
    {
        var fixers = typeof(CodeFixes.CancelSourceCodeFixProvider).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(type => type.Name, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToList();
        output.WriteLine($"Light bulb: RegisterCodeFixesAsync per diagnostic, process CPU ms; {Settings.Runs} runs, {DiagnosticsPerFixer} diagnostics per fixer at most, documents of about {Lines:N0} lines");
        output.WriteLine();
        output.WriteLine("| Fixer | Rule | Document lines | Diagnostics timed | Offered a fix | Median (ms) | 90th percentile (ms) | Slowest (ms) | Target < 50 ms (median) |");
        output.WriteLine("|---|---|--:|--:|--:|--:|--:|--:|---|");
        foreach (var rule in Settings.Rules.Count > 0 ? Settings.Rules : Enum.GetValues<Rule>().ToList())
        {
            var file = Generator.NoisyFile(rule, Lines);
            var document = Document(file);
            var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
            var diagnostics = compilation.WithAnalyzers(ImmutableArray.Create(Analyzers.Create(rule)))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
                .Where(Analyzers.IsOurs)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToList();
            foreach (var fixer in fixers)
            {
                var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToList();
                if (fixable.Count == 0)
                {
                    continue;
                }

                var chosen = Spread(fixable, DiagnosticsPerFixer);
                var offered = chosen.Count(d => Register(fixer, document, d).Count > 0);
                var times = new List<double>();
                for (var run = 0; run < Settings.Runs; run++)
                {
                    foreach (var diagnostic in chosen)
                    {
                        var start = CpuClock.Now();
                        Register(fixer, document, diagnostic);
                        times.Add((CpuClock.Now() - start).TotalMilliseconds);
                    }
                }

                times.Sort();
                var median = times[times.Count / 2];
                var ids = string.Join(", ", chosen.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {fixer.GetType().Name} | {ids} | {Generator.CountLines(file.Text):N0} | {chosen.Count} | {offered} | {median:F1} | {times[(int)(times.Count * 0.9)]:F1} | {times[^1]:F1} | {(median < 50 ? "met" : "NOT met")} |"));
            }
        }
    }

    private static List<CodeAction> Register(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fixer.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        return actions;
    }

    private static List<Diagnostic> Spread(List<Diagnostic> diagnostics, int count)
    {
        if (diagnostics.Count <= count)
        {
            return diagnostics;
        }

        var chosen = new List<Diagnostic>(count);
        for (var i = 0; i < count; i++)
        {
            chosen.Add(diagnostics[i * diagnostics.Count / count]);
        }

        return chosen;
    }

    private static Document Document(GeneratedFile file)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "LightBulb",
            "LightBulb",
            LanguageNames.CSharp,
            compilationOptions: Measure.CompilationOptions(),
            parseOptions: Measure.ParseOptions,
            metadataReferences: Measure.References));
        return workspace.AddDocument(project.Id, Path.GetFileName(file.Path), SourceText.From(file.Text));
    }
}
