using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using LoopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UnstoppableLoopCodeFixProvider>;
using WorkFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UncancellableWorkCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// A parameter the add-parameter fixes write is documented where its method's other parameters are, and a new public
/// overload keeps the documentation: with the documentation built, the fixed code raises no CS1573 (a parameter without
/// its tag) and no CS1591 (a public member without documentation). The tests build with documentation diagnostics on
/// and compare warnings too.
/// </summary>
public class ParameterDocsTests
{
    private static TTest WithDocumentation<TTest>(TTest test)
        where TTest : CodeFixTest<DefaultVerifier>
    {
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectParseOptions(
            projectId,
            ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithDocumentationMode(DocumentationMode.Diagnose)));
        return test;
    }

    [Fact]
    public Task DocumentedParameters_TokenTagFollowsTheParameterBeforeIt() => WithDocumentation(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run(1);

                /// <summary>Runs the pump.</summary>
                /// <param name="delay">Pause between beats.</param>
                /// <remarks>Never returns.</remarks>
                internal void Run(int delay)
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(delay);
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run(1, stopping);

                /// <summary>Runs the pump.</summary>
                /// <param name="delay">Pause between beats.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                /// <remarks>Never returns.</remarks>
                internal void Run(int delay, CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(delay);
                    }
                }
            }
            """,
    }).RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenBeforeAParamsArray_TagGoesBeforeTheArraysTag() => WithDocumentation(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run("a", "b");

                /// <summary>Runs the pump.</summary>
                /// <param name="names">What to pump.</param>
                internal void Run(params string[] names)
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(names.Length);
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run(stopping, "a", "b");

                /// <summary>Runs the pump.</summary>
                /// <param name="cancellationToken">The token that stops the work.</param>
                /// <param name="names">What to pump.</param>
                internal void Run(CancellationToken cancellationToken = default, params string[] names)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(names.Length);
                    }
                }
            }
            """,
    }).RunAsync(CancellationToken.None);

    [Fact]
    public Task SummaryOnly_NoTagAdded_ForALoneTagWouldMakeTheOthersUndocumented() => WithDocumentation(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run(1);

                /// <summary>Runs the pump.</summary>
                internal void Run(int delay)
                {
                    {|TSA2002:while (true)|} { Thread.Sleep(delay); }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            /// <summary>Pumps.</summary>
            class Pump
            {
                internal void Start(CancellationToken stopping) => Run(1, stopping);

                /// <summary>Runs the pump.</summary>
                internal void Run(int delay, CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(delay); }
                }
            }
            """,
    }).RunAsync(CancellationToken.None);

    [Fact]
    public Task LibraryOverload_KeepsTheDocumentationWithTheTokensTag_CommentsAboveStayWithTheOriginal() => WithDocumentation(new WorkFix.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            /// <summary>Works.</summary>
            public class Worker
            {
                // Kept for old callers.
                /// <summary>Starts the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                /// <returns>The work.</returns>
                public Task Start(int delay)
                {
                    return {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(delay))|};
                }
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            /// <summary>Works.</summary>
            public class Worker
            {
                // Kept for old callers.
                /// <summary>Starts the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                /// <returns>The work.</returns>
                public Task Start(int delay) => Start(delay, CancellationToken.None);

                /// <summary>Starts the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                /// <returns>The work.</returns>
                public Task Start(int delay, CancellationToken cancellationToken)
                {
                    return Task.Run(() => System.Threading.Thread.Sleep(delay), cancellationToken);
                }
            }
            """,
    }).RunAsync(CancellationToken.None);

    [Fact]
    public Task FixAll_EveryDocumentedMethodGetsItsTag() => WithDocumentation(new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            /// <summary>Works.</summary>
            class Worker
            {
                Task Caller(CancellationToken stopping) => Task.WhenAll(A(1), B(2));

                /// <param name="a">First.</param>
                Task A(int a) => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(a))|};

                /// <param name="b">Second.</param>
                Task B(int b) => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(b))|};
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            /// <summary>Works.</summary>
            class Worker
            {
                Task Caller(CancellationToken stopping) => Task.WhenAll(A(1, stopping), B(2, stopping));

                /// <param name="a">First.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                Task A(int a, CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(a), cancellationToken);

                /// <param name="b">Second.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                Task B(int b, CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(b), cancellationToken);
            }
            """,
    }).RunAsync(CancellationToken.None);
}
