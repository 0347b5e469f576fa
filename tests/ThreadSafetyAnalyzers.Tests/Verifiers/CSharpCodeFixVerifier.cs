using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>Runs one analyzer and one code fix over markup sources: the diagnostics must match the markup, the fix must produce the fixed source.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => VerifyCodeFixAsync(TargetFramework.Net80, source, fixedSource, expected);

    public static Task VerifyCodeFixAsync(TargetFramework framework, string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test(framework) { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
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
