using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.AbortHandlerAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.RemoveDeadAbortHandlerCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class RemoveDeadAbortHandlerCodeFixTests
{
    [Fact]
    public Task OnlyCatch_UnwrapsTheTry_KeepsItsCommentsAndDropsTheCatchs() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                // Process the queue.
                try
                {
                    Step(); // first
                    if (Ready())
                    {
                        Step();
                    }
                }
                // Aborted by the host.
                [|catch (ThreadAbortException)|]
                {
                    /* tell the host */
                    Thread.ResetAbort();
                }

                Step();
            }

            static bool Ready() => true;

            static void Step() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                // Process the queue.
                Step(); // first
                if (Ready())
                {
                    Step();
                }

                Step();
            }

            static bool Ready() => true;

            static void Step() { }
        }
        """);

    /// <summary>
    /// A comment that explained the removed catch (MQTTnet's keep-alive sleep turned an abort into a cancellation)
    /// would be left above the code that remains and describe nothing: it goes with the catch.
    /// </summary>
    [Fact]
    public Task CommentOfTheRemovedCatch_GoesWithIt() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Monitor
        {
            static void Pause(TimeSpan timeout)
            {
                try
                {
                    Thread.Sleep(timeout);
                }
                [|catch (ThreadAbortException)|]
                {
                    // Nothing here catches aborts, so report the stop as a cancellation,
                    // which the caller does catch.
                    throw new OperationCanceledException();
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        class Monitor
        {
            static void Pause(TimeSpan timeout)
            {
                Thread.Sleep(timeout);
            }
        }
        """);

    [Fact]
    public Task OneOfSeveralCatches_RemovesOnlyThatOne() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Step();
                }
                [|catch (ThreadAbortException e)|] when (e.ExceptionState is null)
                {
                    // Ignore aborts.
                }
                catch (InvalidOperationException)
                {
                }
                finally
                {
                    Step();
                }
            }

            static void Step() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Step();
                }
                catch (InvalidOperationException)
                {
                }
                finally
                {
                    Step();
                }
            }

            static void Step() { }
        }
        """);

    [Fact]
    public Task CatchWithFinally_KeepsTryFinally() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Step();
                }
                [|catch (ThreadAbortException)|]
                {
                }
                finally
                {
                    Step();
                }
            }

            static void Step() { }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Step();
                }
                finally
                {
                    Step();
                }
            }

            static void Step() { }
        }
        """);

    [Fact]
    public Task TryBlockDeclaringVariables_StaysABlock() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    var count = 1;
                    Use(count);
                }
                [|catch (ThreadAbortException)|]
                {
                }

                Use(2);
            }

            static void Use(int value) { }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run()
            {
                {
                    var count = 1;
                    Use(count);
                }

                Use(2);
            }

            static void Use(int value) { }
        }
        """);

    [Fact]
    public Task FixAll_NestedTriesFiltersAndOrTests() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    try
                    {
                        Step();
                    }
                    [|catch (ThreadAbortException)|]
                    {
                        throw;
                    }
                }
                [|catch (ThreadAbortException)|]
                {
                }
                catch (Exception e) when ([|e is ThreadAbortException|])
                {
                }
            }

            void Check(Exception e)
            {
                if ([|e is ThreadAbortException abort|])
                {
                    Console.WriteLine(abort.ExceptionState);
                }

                Step();
            }

            static bool IsFatal(Exception e)
                => e is OutOfMemoryException || [|e is ThreadAbortException|] || ([|e.InnerException is ThreadAbortException|]);

            static void Step() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                Step();
            }

            void Check(Exception e)
            {
                Step();
            }

            static bool IsFatal(Exception e)
                => e is OutOfMemoryException;

            static void Step() { }
        }
        """);

    [Fact]
    public Task OnNetFramework_NothingToFix() => Verify.VerifyCodeFixAsync(TargetFramework.NetFramework48, """
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { } catch (ThreadAbortException) { }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { } catch (ThreadAbortException) { }
            }
        }
        """);

    /// <summary>
    /// A handler inside <c>#if</c> (Hangfire's <c>#if !NETSTANDARD1_3</c> catch, live in the .NET Framework builds) is
    /// left alone: removing it would split the <c>#if</c> from its <c>#endif</c> (CS1028), or leave the directives
    /// around the code that stays.
    /// </summary>
    [Fact]
    public Task HandlerInsidePreprocessorDirectives_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Step();
                }
        #if !NETSTANDARD1_3
                [|catch (ThreadAbortException)|]
                {
                    Thread.ResetAbort();
                }
        #endif
                catch (Exception)
                {
                }
            }

            void RunAll()
            {
        #if !NETSTANDARD1_3
                try
                {
        #endif
                    Step();
        #if !NETSTANDARD1_3
                }
                [|catch (ThreadAbortException)|]
                {
                    Thread.ResetAbort();
                }
        #endif
            }

            void Dispatch()
            {
                try
                {
                    Step();
                }
        #if !NETSTANDARD1_3
                catch (Exception ex) when ([|ex is ThreadAbortException|] || ex is ThreadInterruptedException)
                {
                    Step();
                }
        #endif
            }

            static void Step() { }
        }
        """);

    [Fact]
    public Task ReturnedTest_BecomesItsConstant() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Handler
        {
            public bool IsUnexpected(Exception exception)
            {
                return !([|exception is ThreadAbortException|]);
            }

            public static bool IsIgnorable(Exception e)
            {
                return [|e is ThreadAbortException|];
            }

            static bool NotAbort(Exception e) => !([|e is ThreadAbortException|]);

            static bool Abort(Exception e) => [|e.InnerException is ThreadAbortException|]; // trailing note
        }
        """, """
        using System;
        using System.Threading;

        class Handler
        {
            public bool IsUnexpected(Exception exception)
            {
                return true;
            }

            public static bool IsIgnorable(Exception e)
            {
                return false;
            }

            static bool NotAbort(Exception e) => true;

            static bool Abort(Exception e) => false; // trailing note
        }
        """);

    [Fact]
    public Task PragmaPairInsideTheRemovedCatch_GoesWithIt() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Scheduler
        {
            void Loop()
            {
                while (true)
                {
                    try
                    {
                        Step();
                    }
                    [|catch (ThreadAbortException)|]
                    {
                        if (!Environment.HasShutdownStarted)
                        {
        #pragma warning disable SYSLIB0006
                            Thread.ResetAbort();
        #pragma warning restore SYSLIB0006
                        }
                    }
                }
            }

            static void Step() { }
        }
        """, """
        using System;
        using System.Threading;

        class Scheduler
        {
            void Loop()
            {
                while (true)
                {
                    Step();
                }
            }

            static void Step() { }
        }
        """);

    [Fact]
    public Task UnwrapThatMakesCodeUnreachable_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Worker
        {
            int Run()
            {
                try
                {
                    return Compute();
                }
                [|catch (ThreadAbortException)|]
                {
                }

                return -1;
            }

            static int Compute() => 1;
        }
        """);

    [Fact]
    public Task TestsThatCannotBeSimplifiedSafely_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            static string Describe(Exception e) => e switch
            {
                [|ThreadAbortException|] => "aborted",
                _ => "failed",
            };

            static bool Wrapped(Exception e) => (!([|e is ThreadAbortException|]));

            // Aborts are ignored.
            static bool Commented(Exception e) => /* not an abort */ !([|e is ThreadAbortException|]);

            static bool Both(Exception e) => e.Message.Length > 0 && [|e is ThreadAbortException|];

            static bool Called(Exception e) => e is OutOfMemoryException || [|Inner(e) is ThreadAbortException|];

            void WithElse(Exception e)
            {
                if ([|e is ThreadAbortException|])
                {
                    Console.WriteLine("aborted");
                }
                else
                {
                    Console.WriteLine("failed");
                }

                // Aborts are logged elsewhere.
                if ([|e is ThreadAbortException|])
                {
                    return;
                }

                try { }
                // Keep this note.
                [|catch (ThreadAbortException)|] { }
            }

            static Exception Inner(Exception e) => e.InnerException ?? e;

            // The restore is outside the catch: removing the catch would leave the warning disabled after it.
            void Unpaired()
            {
                try
                {
                    Inner(null!);
                }
                [|catch (ThreadAbortException)|]
                {
        #pragma warning disable SYSLIB0006
                    Thread.ResetAbort();
                }
        #pragma warning restore SYSLIB0006
            }
        }
        """);
}
