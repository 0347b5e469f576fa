using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.LoopCheckCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class LoopCheckCodeFixTests
{
    private const string Preferred = "TSA2001.Preferred.0";
    private const string Alternative = "TSA2001.Alternative.0";

    [Fact]
    public Task SyncWhileTrue_BecomesQuietCondition() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                // Poll forever.
                {|TSA2001:while (true)|} // keep polling
                {
                    Thread.SpinWait(10); // spin
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                // Poll forever.
                while (!token.IsCancellationRequested) // keep polling
                {
                    Thread.SpinWait(10); // spin
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task SyncForEver_BecomesQuietCondition() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                {|TSA2001:for (;;)|}
                {
                    Thread.SpinWait(10);
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                for (; !token.IsCancellationRequested;)
                {
                    Thread.SpinWait(10);
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task SyncWaitingLoop_GetsBreakCheck() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool[] flags)
            {
                {|TSA2001:foreach (var flag in flags)|}
                {
                    // Sleep between flags.
                    Thread.Sleep(10);
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool[] flags)
            {
                foreach (var flag in flags)
                {
                    if (token.IsCancellationRequested)
                    {
                        break;
                    }
                    // Sleep between flags.
                    Thread.Sleep(10);
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task AsyncLoop_GetsThrowIfCancellationRequested() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                {|TSA2001:while (true)|}
                {
                    await Task.Yield();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task AsyncLoopInsideACatchAll_GetsOnlyTheQuietForm() => new Verify.Test
    {
        // A thrown OperationCanceledException would be swallowed by the catch-all (or end the process with FailFast).
        TestCode = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task RunAsync(CancellationToken cancellationToken)
                {
                    try
                    {
                        {|TSA2001:while (true)|}
                        {
                            await Task.Yield();
                        }
                    }
                    catch (Exception)
                    {
                        Environment.FailFast("worker died");
                    }
                }
            }
            """,
        FixedCode = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task RunAsync(CancellationToken cancellationToken)
                {
                    try
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            await Task.Yield();
                        }
                    }
                    catch (Exception)
                    {
                        Environment.FailFast("worker died");
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = Preferred,
        CodeActionVerifier = (action, verifier) => verifier.Equal("Stop the loop when 'cancellationToken' is cancelled", action.Title),
    }.RunAsync();

    [Fact]
    public Task AsyncLoopInsideACatchAllThatRethrows_KeepsTheThrowForm() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    {|TSA2001:while (true)|}
                    {
                        await Task.Yield();
                    }
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Yield();
                    }
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task TaskReturningLoop_AlternativeIsQuiet() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                {|TSA2001:while (true)|}
                {
                    await Task.Yield();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Yield();
                }
            }
        }
        """, Alternative);

    [Fact]
    public Task EmbeddedStatement_BecomesBlockKeepingComment() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool more)
            {
                {|TSA2001:while (more)|}
                    // wait a little
                    Thread.Sleep(1);
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool more)
            {
                while (more)
                {
                    token.ThrowIfCancellationRequested();
                    // wait a little
                    Thread.Sleep(1);
                }
            }
        }
        """, Alternative);

    [Fact]
    public Task SourceAndNullableTokens_UseTheirOwnExpressions() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Source()
            {
                using var cts = new CancellationTokenSource(30000);
                {|TSA2001:while (true)|} { Thread.SpinWait(1); }
            }

            void Nullable(CancellationToken? token, bool more)
            {
                {|TSA2001:while (more)|} { Thread.Sleep(1); }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Source()
            {
                using var cts = new CancellationTokenSource(30000);
                while (true) { cts.Token.ThrowIfCancellationRequested(); Thread.SpinWait(1); }
            }

            void Nullable(CancellationToken? token, bool more)
            {
                while (more) { token.GetValueOrDefault().ThrowIfCancellationRequested(); Thread.Sleep(1); }
            }
        }
        """, Alternative);

    [Fact]
    public Task SeveralTokens_SecondTokenAction() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class C
        {
            void Run(CancellationToken outer)
            {
                Action<CancellationToken> work = inner =>
                {
                    {|TSA2001:while (true)|}
                    {
                        Thread.SpinWait(1);
                    }
                };
            }
        }
        """, """
        using System;
        using System.Threading;

        class C
        {
            void Run(CancellationToken outer)
            {
                Action<CancellationToken> work = inner =>
                {
                    while (!outer.IsCancellationRequested)
                    {
                        Thread.SpinWait(1);
                    }
                };
            }
        }
        """, "TSA2001.Preferred.1");

    [Fact]
    public Task NonVoidMethod_QuietFormNotOfferedWhereItWouldNotCompile()
    {
        // Ending the loop quietly would fall off the end of a method that must return a value (CS0161),
        // so only the throwing form is offered, even though it is not the preferred one in synchronous code.
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                class C
                {
                    int Next(CancellationToken token)
                    {
                        {|TSA2001:while (true)|}
                        {
                            Thread.Sleep(1);
                            if (Ready()) return 1;
                        }
                    }

                    static bool Ready() => true;
                }
                """,
            FixedCode = """
                using System.Threading;

                class C
                {
                    int Next(CancellationToken token)
                    {
                        while (true)
                        {
                            token.ThrowIfCancellationRequested();
                            Thread.Sleep(1);
                            if (Ready()) return 1;
                        }
                    }

                    static bool Ready() => true;
                }
                """,
            CodeActionEquivalenceKey = Alternative,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NonVoidMethod_PreferredQuietFormIsNotOffered()
    {
        const string source = """
            using System.Threading;

            class C
            {
                int Next(CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                        Thread.Sleep(1);
                        if (Ready()) return 1;
                    }
                }

                static bool Ready() => true;
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = Preferred,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_FixesEveryLoopWithItsOwnToken()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void A(CancellationToken first)
                    {
                        {|TSA2001:while (true)|}
                        {
                            Thread.SpinWait(1);
                        }
                    }

                    void B(CancellationToken second, bool more)
                    {
                        {|TSA2001:do|}
                        {
                            Thread.Sleep(1);
                        }
                        while (more);
                    }

                    async Task CAsync(CancellationToken third)
                    {
                        {|TSA2001:for (;;)|}
                        {
                            await Task.Yield();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void A(CancellationToken first)
                    {
                        while (!first.IsCancellationRequested)
                        {
                            Thread.SpinWait(1);
                        }
                    }

                    void B(CancellationToken second, bool more)
                    {
                        do
                        {
                            if (second.IsCancellationRequested)
                            {
                                break;
                            }
                            Thread.Sleep(1);
                        }
                        while (more);
                    }

                    async Task CAsync(CancellationToken third)
                    {
                        for (;;)
                        {
                            third.ThrowIfCancellationRequested();
                            await Task.Yield();
                        }
                    }
                }
                """,
            CodeActionEquivalenceKey = Preferred,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_AcrossDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            class A
            {
                void Run(System.Threading.CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                    }
                }
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            class B
            {
                void Run(System.Threading.CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("A.cs", """
            class A
            {
                void Run(System.Threading.CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("B.cs", """
            class B
            {
                void Run(System.Threading.CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                    }
                }
            }
            """));
        test.CodeActionEquivalenceKey = Preferred;
        return test.RunAsync();
    }
}
