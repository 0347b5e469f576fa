using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using LoopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UnstoppableLoopCodeFixProvider>;

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
    public Task LibraryOverload_KeepsTheDocumentationWithTheTokensTag_CommentsAboveStayWithTheOriginal() => WithDocumentation(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;

            /// <summary>Works.</summary>
            public class Worker
            {
                // Kept for old callers.
                /// <summary>Runs the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                public void Run(int delay)
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

            /// <summary>Works.</summary>
            public class Worker
            {
                // Kept for old callers.
                /// <summary>Runs the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                public void Run(int delay) => Run(delay, CancellationToken.None);

                /// <summary>Runs the work.</summary>
                /// <param name="delay">How long it sleeps.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                public void Run(int delay, CancellationToken cancellationToken)
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
    public Task FixAll_EveryDocumentedMethodGetsItsTag() => WithDocumentation(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;

            /// <summary>Works.</summary>
            class Worker
            {
                void Caller(CancellationToken stopping)
                {
                    A(1);
                    B(2);
                }

                /// <param name="a">First.</param>
                void A(int a)
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(a);
                    }
                }

                /// <param name="b">Second.</param>
                void B(int b)
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(b);
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            /// <summary>Works.</summary>
            class Worker
            {
                void Caller(CancellationToken stopping)
                {
                    A(1, stopping);
                    B(2, stopping);
                }

                /// <param name="a">First.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                void A(int a, CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(a);
                    }
                }

                /// <param name="b">Second.</param>
                /// <param name="cancellationToken">The token that stops the work.</param>
                void B(int b, CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(b);
                    }
                }
            }
            """,
    }).RunAsync(CancellationToken.None);
}
