using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.SwallowedCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.SwallowedCancellationCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class SwallowedCancellationCodeFixTests
{
    /// <summary>The flagged shapes that <see cref="SwallowedCancellationFixedCodeRunsTests"/> also runs, before and after the fix.</summary>
    internal const string Spinning = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static int Iterations;
            public static volatile bool Over;

            /// <summary>Counts the rounds; once the test is over, ends a loop the catch does not take this exception in.</summary>
            static void Tick()
            {
                Interlocked.Increment(ref Iterations);
                if (Over) throw new InvalidOperationException("over");
            }

            public static async Task PollAsync(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        await Task.Delay(10, token);
                    }
                    {|TSA2009:catch (OperationCanceledException)|}
                    {
                        // Expected when the delay is cut short.
                    }
                }
            }

            public static void Consume(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        signal.Wait(token);
                    }
                    {|TSA2009:catch (Exception ex)|}
                    {
                        Console.Write(ex.GetType().Name[0]);
                    }
                }
            }

            public static void Drain(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        signal.Wait(token);
                    }
                    {|TSA2009:catch (OperationCanceledException)|}
                    {
                        continue;
                    }
                }

                Console.Write("drained");
            }
        }
        """;

    internal const string Fixed = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Shapes
        {
            public static int Iterations;
            public static volatile bool Over;

            /// <summary>Counts the rounds; once the test is over, ends a loop the catch does not take this exception in.</summary>
            static void Tick()
            {
                Interlocked.Increment(ref Iterations);
                if (Over) throw new InvalidOperationException("over");
            }

            public static async Task PollAsync(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        await Task.Delay(10, token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Expected when the delay is cut short.
                        throw;
                    }
                }
            }

            public static void Consume(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        signal.Wait(token);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        Console.Write(ex.GetType().Name[0]);
                    }
                }
            }

            public static void Drain(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Tick();
                        signal.Wait(token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                Console.Write("drained");
            }
        }
        """;

    [Fact]
    public Task ThrowReturnAndBreak_ByWhereTheLoopIs_FixAllInDocument() => Verify.VerifyCodeFixAsync(Spinning, Fixed);

    [Fact]
    public Task SourceField_FilterUsesTheSource_AndBreakBeforeCodeAfterTheLoop() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            private readonly CancellationTokenSource _cts = new();

            void Run(SemaphoreSlim signal)
            {
                while (true)
                {
                    try { signal.Wait(_cts.Token); }
                    {|TSA2009:catch|} { Console.WriteLine("failed"); } // keep going
                }
            }

            void Nullable(SemaphoreSlim signal, CancellationToken? maybe)
            {
                while (true)
                {
                    try { signal.Wait(maybe.GetValueOrDefault()); }
                    {|TSA2009:catch (Exception)|} { }
                }

                Console.WriteLine("done");
            }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly CancellationTokenSource _cts = new();

            void Run(SemaphoreSlim signal)
            {
                while (true)
                {
                    try { signal.Wait(_cts.Token); }
                    catch (OperationCanceledException) when (_cts.IsCancellationRequested)
                    {
                        return;
                    }
                    catch { Console.WriteLine("failed"); } // keep going
                }
            }

            void Nullable(SemaphoreSlim signal, CancellationToken? maybe)
            {
                while (true)
                {
                    try { signal.Wait(maybe.GetValueOrDefault()); }
                    catch (OperationCanceledException) when (maybe.GetValueOrDefault().IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception) { }
                }

                Console.WriteLine("done");
            }
        }
        """);

    [Fact]
    public Task SyncMethodThatThrowsOnCancellation_Rethrows_LambdaReturns() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Run(SemaphoreSlim signal, CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                while (true)
                {
                    try
                    {
                        signal.Wait(token);
                    }
                    {|TSA2009:catch (OperationCanceledException ex)|}
                    {
                        Console.WriteLine(ex.Message); // log it
                    }
                }
            }

            Thread Start(SemaphoreSlim signal, CancellationToken token) => new Thread(() =>
            {
                while (true)
                {
                    try
                    {
                        signal.Wait(token);
                    }
                    {|TSA2009:catch (OperationCanceledException)|}
                    {
                    }
                }
            });
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Run(SemaphoreSlim signal, CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                while (true)
                {
                    try
                    {
                        signal.Wait(token);
                    }
                    catch (OperationCanceledException ex)
                    {
                        Console.WriteLine(ex.Message); // log it
                        throw;
                    }
                }
            }

            Thread Start(SemaphoreSlim signal, CancellationToken token) => new Thread(() =>
            {
                while (true)
                {
                    try
                    {
                        signal.Wait(token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
        }
        """);

    [Fact]
    public Task NestedLoops_BreakOnlyWhenTheOuterLoopStops() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void OuterStops(SemaphoreSlim signal, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    while (true)
                    {
                        try { signal.Wait(token); }
                        {|TSA2009:catch (OperationCanceledException)|}
                        {
                        }
                    }
                }

                Console.WriteLine("stopped");
            }

            void OuterIsLast(SemaphoreSlim signal, CancellationToken token)
            {
                Console.WriteLine("starting");
                while (true)
                {
                    while (true)
                    {
                        try { signal.Wait(token); }
                        {|TSA2009:catch (OperationCanceledException)|}
                        {
                        }
                    }
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void OuterStops(SemaphoreSlim signal, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    while (true)
                    {
                        try { signal.Wait(token); }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }

                Console.WriteLine("stopped");
            }

            void OuterIsLast(SemaphoreSlim signal, CancellationToken token)
            {
                Console.WriteLine("starting");
                while (true)
                {
                    while (true)
                    {
                        try { signal.Wait(token); }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task RethrowPastACatchOfAnotherType_Rethrows() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        try { await Task.Delay(100, token); }
                        {|TSA2009:catch (OperationCanceledException)|} { }
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        try { await Task.Delay(100, token); }
                        catch (OperationCanceledException)
                        {
                            throw;
                        }
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WhereNoExitFits() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void InSwitch(SemaphoreSlim signal, int mode, CancellationToken token)
            {
                while (true)
                {
                    switch (mode)
                    {
                        case 1:
                            try { signal.Wait(token); }
                            {|TSA2009:catch (OperationCanceledException)|} { }
                            break;
                    }
                }

                Console.WriteLine("after");
            }

            void InnerOfEndlessOuter(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    while (true)
                    {
                        try { signal.Wait(token); }
                        {|TSA2009:catch (OperationCanceledException)|} { }
                    }
                }

                Console.WriteLine("after");
            }

            void EarlyContinue(SemaphoreSlim signal, bool retry, CancellationToken token)
            {
                while (true)
                {
                    try { signal.Wait(token); }
                    {|TSA2009:catch (OperationCanceledException)|}
                    {
                        if (retry)
                        {
                            continue;
                        }

                        Console.WriteLine("cancelled");
                    }
                }
            }

            void InFinally(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                    }
                    finally
                    {
                        try { signal.Wait(token); }
                        {|TSA2009:catch (OperationCanceledException)|} { }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task CaughtAgainByACatchAllInTheLoop_DoesNotRethrow()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Worker
                {
                    async Task RunAsync(CancellationToken token)
                    {
                        while (true)
                        {
                            try
                            {
                                try { await Task.Delay(100, token); }
                                {|TSA2009:catch (OperationCanceledException)|} { }
                            }
                            finally
                            {
                                Console.WriteLine("round");
                            }

                            try { Console.WriteLine(); }
                            catch (Exception) { }
                        }
                    }

                    async Task Nested(CancellationToken token)
                    {
                        while (true)
                        {
                            try
                            {
                                try { await Task.Delay(100, token); }
                                {|TSA2009:catch (OperationCanceledException)|} { }
                            }
                            catch (Exception)
                            {
                                Console.WriteLine("swallowed again");
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Worker
                {
                    async Task RunAsync(CancellationToken token)
                    {
                        while (true)
                        {
                            try
                            {
                                try { await Task.Delay(100, token); }
                                catch (OperationCanceledException)
                                {
                                    throw;
                                }
                            }
                            finally
                            {
                                Console.WriteLine("round");
                            }

                            try { Console.WriteLine(); }
                            catch (Exception) { }
                        }
                    }

                    async Task Nested(CancellationToken token)
                    {
                        while (true)
                        {
                            try
                            {
                                try { await Task.Delay(100, token); }
                                catch (OperationCanceledException)
                                {
                                    break;
                                }
                            }
                            catch (Exception)
                            {
                                Console.WriteLine("swallowed again");
                            }
                        }
                    }
                }
                """,
        };

        return test.RunAsync(CancellationToken.None);
    }
}
