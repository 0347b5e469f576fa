using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Robustness;

/// <summary>What our fixes write must not upset the peer rules users also run.</summary>
public class PeerRuleTests
{
    [Fact]
    public async Task EveryFixedOutputWithAnAddedParameter_KeepsCA1068Silent()
    {
        var ca1068 = PeerAnalyzers.NetAnalyzers("CA1068");
        Assert.NotEmpty(ca1068);
        var fixedOutputs = TestSources.All.Where(s => s.Text.Contains("CancellationToken cancellationToken = default", StringComparison.Ordinal)).ToList();
        Assert.True(fixedOutputs.Count >= 10, "only " + fixedOutputs.Count + " fixed outputs found");

        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var reported = new System.Collections.Generic.List<string>();

        // The control proves CA1068 really runs here: a token before another parameter is reported.
        const string control = "public class Control { public void M(System.Threading.CancellationToken token, int value) { } }";
        foreach (var (name, text) in fixedOutputs.Prepend(("Control", control)))
        {
            var compilation = CSharpCompilation.Create(
                "CA1068Check",
                new[] { AnalyzerHarness.Parse(text, name + ".cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                    .WithSpecificDiagnosticOptions(new[] { new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CA1068", ReportDiagnostic.Warn) }));
            var diagnostics = await compilation.WithAnalyzers(ca1068).GetAnalyzerDiagnosticsAsync();
            reported.AddRange(diagnostics.Where(d => d.Id == "CA1068").Select(d => name + ": " + d));
        }

        Assert.Single(reported, r => r.StartsWith("Control:", StringComparison.Ordinal));
        Assert.True(reported.Count == 1, string.Join("\n", reported));
    }
}
