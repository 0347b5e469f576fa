using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Suppression;

/// <summary>
/// The suppressor sees the compiler's and the peers' diagnostics on any code, half-typed code included: it never
/// throws, and whatever it suppresses is a peer diagnostic on a call one of our rules reports.
/// </summary>
public class OverlapSuppressorRobustnessTests
{
    private const int CutsPerSource = 4;

    [Fact]
    public async Task OnEveryTestSourceAndItsPrefixes_NeverThrows_AndSuppressesOnlyWhereOursReport()
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var analyzers = AnalyzerHarness.Analyzers.AddRange(PeerAnalyzers.NetAnalyzers("CA2016", "CA1849"));
        var peerIds = Overlaps.All.Select(o => o.PeerId).ToHashSet(StringComparer.Ordinal);
        var failures = new ConcurrentBag<string>();
        var suppressed = 0;
        await Parallel.ForEachAsync(TestSources.All, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, _) =>
        {
            foreach (var text in Cuts(source.Text))
            {
                var compilation = CSharpCompilation.Create(
                    "Overlaps",
                    new[] { AnalyzerHarness.Parse(text, source.Name + ".cs") },
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                        .WithSpecificDiagnosticOptions(new[] { new KeyValuePair<string, ReportDiagnostic>("CA1849", ReportDiagnostic.Warn) }));
                var options = new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    onAnalyzerException: (exception, analyzer, _) => failures.Add(source.Name + ": " + analyzer.GetType().Name + ": " + exception),
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false,
                    reportSuppressedDiagnostics: true);
                var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync(CancellationToken.None);
                var ours = diagnostics.Where(d => d.Id.StartsWith("TSA", StringComparison.Ordinal)).ToList();
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id == "AD0001")
                    {
                        failures.Add(source.Name + ": " + diagnostic);
                    }

                    if (!diagnostic.IsSuppressed)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref suppressed);
                    if (!peerIds.Contains(diagnostic.Id) || !ours.Any(d => d.Location.SourceSpan.Contains(diagnostic.Location.SourceSpan)))
                    {
                        failures.Add(source.Name + ": suppressed without a report of ours around it: " + diagnostic);
                    }
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(5)));
        Assert.True(suppressed > 0, "nothing was suppressed: the test no longer exercises the suppressor");
    }

    /// <summary>The whole source and a few prefixes of it, cut mid-way the way a user stops typing.</summary>
    private static IEnumerable<string> Cuts(string text)
    {
        yield return text;
        for (var i = 1; i < CutsPerSource; i++)
        {
            yield return text.Substring(0, text.Length * i / CutsPerSource);
        }
    }
}
