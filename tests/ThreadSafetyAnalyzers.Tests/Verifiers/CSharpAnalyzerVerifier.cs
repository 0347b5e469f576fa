using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>Runs one analyzer over markup sources and compares its diagnostics with the markup.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        => VerifyAnalyzerAsync(TargetFramework.Net80, source, expected);

    public static Task VerifyAnalyzerAsync(TargetFramework framework, string source, params DiagnosticResult[] expected)
    {
        var test = new Test(framework) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
            : this(TargetFramework.Net80)
        {
        }

        public Test(TargetFramework framework)
        {
            ReferenceAssemblies = TestTargets.ReferencesFor(framework);
            SolutionTransforms.Add(TestSolution.UseLanguageVersion);
        }
    }
}

internal static class TestSolution
{
    public static Solution UseLanguageVersion(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(TestTargets.Language);
        return solution.WithProjectParseOptions(projectId, parseOptions);
    }
}
