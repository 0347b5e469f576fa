using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;

namespace ThreadSafetyAnalyzers.Tests.Suppression;

/// <summary>
/// Runs <see cref="OverlapSuppressor"/> with our analyzers, the compiler's warnings and the given peer analyzers, and
/// compares every diagnostic, suppressed or not, with the expected ones.
/// </summary>
public static class OverlapSuppressorVerifier
{
    public static DiagnosticResult Ours(DiagnosticDescriptor rule, int location) => new DiagnosticResult(rule.Id, rule.DefaultSeverity).WithLocation(location);

    public static DiagnosticResult Peer(string id, DiagnosticSeverity severity, int location, bool suppressed)
        => new DiagnosticResult(id, severity).WithLocation(location).WithIsSuppressed(suppressed);

    public static Task VerifyAsync(string source, IEnumerable<DiagnosticAnalyzer> peers, string[] editorConfig, params DiagnosticResult[] expected)
        => VerifyAsync(TargetFramework.Net80, source, peers, editorConfig, expected);

    public static Task VerifyAsync(TargetFramework framework, string source, IEnumerable<DiagnosticAnalyzer> peers, string[] editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test(framework, peers) { TestCode = source };
        if (editorConfig.Length > 0)
        {
            test.WithEditorConfig(editorConfig);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private sealed class Test : CSharpAnalyzerTest<OverlapSuppressor, DefaultVerifier>
    {
        private readonly ImmutableArray<DiagnosticAnalyzer> _others;

        public Test(TargetFramework framework, IEnumerable<DiagnosticAnalyzer> peers)
        {
            ReferenceAssemblies = TestTargets.ReferencesFor(framework);
            SolutionTransforms.Add(TestSolution.UseLanguageVersion);
            CompilerDiagnostics = CompilerDiagnostics.Warnings;
            _others = ImmutableArray.Create<DiagnosticAnalyzer>(new ThreadTerminationAnalyzer(), new StartedWorkAnalyzer(), new SleepAnalyzer()).AddRange(peers);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(_others);
    }
}
