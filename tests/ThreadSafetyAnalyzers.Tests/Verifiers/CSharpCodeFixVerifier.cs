using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs one analyzer and one code fix over markup sources: the diagnostics must match the markup, the fix (applied
/// one diagnostic at a time, and through Fix All in document, project and solution) must produce the fixed source.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    /// <summary>Applies the action with <paramref name="equivalenceKey"/> (or the first one) to every diagnostic and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        return test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => VerifyCodeFixAsync(TargetFramework.Net80, source, fixedSource, expected);

    public static Task VerifyCodeFixAsync(TargetFramework framework, string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test(framework) { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Checks that no fix is offered for the diagnostics in <paramref name="source"/>.</summary>
    public static Task VerifyNoFixAsync(string source)
    {
        var test = new Test { TestCode = source, FixedCode = source };
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

        /// <summary>
        /// More analyzers whose diagnostics the sources' markup must show, before and after the fix: for fixes that
        /// must not make another rule report (a token brought into scope that a loop then ignores).
        /// </summary>
        public List<DiagnosticAnalyzer> AlsoRun { get; } = new();

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(AlsoRun);
    }
}
