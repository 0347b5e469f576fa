using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.UncancellableWaitAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.WaitOnTokenCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class WaitOnTokenCodeFixTests
{
    /// <summary>A worker whose loop knows nothing of the token but the wait: the fix must make it stop, not spin.</summary>
    private const string LoopWorker = """
        using System.Threading;

        public sealed class Worker
        {
            public readonly AutoResetEvent Work = new AutoResetEvent(false);
            public readonly ManualResetEvent Ready = new ManualResetEvent(false);
            public int Processed;
            public int Polls;

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    [|Work.WaitOne()|];
                    Processed++;
                }
            }

            public void Poll(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    Polls++;
                    if ([|Ready.WaitOne(10000)|])
                    {
                        Processed++;
                    }
                }
            }
        }
        """;

    private const string LoopWorkerFixed = """
        using System.Threading;

        public sealed class Worker
        {
            public readonly AutoResetEvent Work = new AutoResetEvent(false);
            public readonly ManualResetEvent Ready = new ManualResetEvent(false);
            public int Processed;
            public int Polls;

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    if (WaitHandle.WaitAny(new[] { Work, token.WaitHandle }) == 1)
                    {
                        break;
                    }
                    Processed++;
                }
            }

            public void Poll(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    Polls++;
                    if (WaitHandle.WaitAny(new[] { Ready, token.WaitHandle }, 10000) == 0)
                    {
                        Processed++;
                    }
                }
            }
        }
        """;

    /// <summary>Starts each fixed worker, signals it twice, cancels, and reports whether it stopped within two seconds and how often it went round.</summary>
    private const string Harness = """

        public static class Harness
        {
            public static string Check()
            {
                var worker = new Worker();
                using var cts = new CancellationTokenSource();
                var thread = new Thread(() => worker.Run(cts.Token));
                thread.Start();
                worker.Work.Set();
                Thread.Sleep(200);
                worker.Work.Set();
                Thread.Sleep(200);
                cts.Cancel();
                var runStopped = thread.Join(2000);

                var poller = new Worker();
                using var pollCts = new CancellationTokenSource();
                var pollThread = new Thread(() => poller.Poll(pollCts.Token));
                pollThread.Start();
                Thread.Sleep(200);
                pollCts.Cancel();
                var pollStopped = pollThread.Join(2000);
                return $"run stopped={runStopped} processed={worker.Processed}; poll stopped={pollStopped} polls={poller.Polls} processed={poller.Processed}";
            }
        }
        """;

    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Fact]
    public Task LoopWorker_IsFixed() => new Verify.Test
    {
        TestCode = LoopWorker,
        FixedCode = LoopWorkerFixed,
        CodeActionEquivalenceKey = "TSA2007:0",
    }.RunAsync();

    [Fact]
    public void LoopWorkerFixed_StopsOnCancelWithoutSpinning()
    {
        // Without the exit the first loop would spin once the token's handle is set; with it, it leaves at once.
        var result = FixedShapeRunner.Run(LoopWorkerFixed + Harness, "Harness", "Check");
        Assert.Equal("run stopped=True processed=2; poll stopped=True polls=1 processed=0", result);
    }

    [Theory, MemberData(nameof(Frameworks))]
    public Task WaitOneStatementInLoop_WaitsOnBothAndBreaks(TargetFramework framework) => Verify.VerifyCodeFixAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    [|_work.WaitOne()|];
                    Process();
                    [|this._work.WaitOne(TimeSpan.FromSeconds(5))|];
                }
            }

            void Process() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (WaitHandle.WaitAny(new[] { _work, cancellationToken.WaitHandle }) == 1)
                    {
                        break;
                    }
                    Process();
                    if (WaitHandle.WaitAny(new[] { this._work, cancellationToken.WaitHandle }, TimeSpan.FromSeconds(5)) == 1)
                    {
                        break;
                    }
                }
            }

            void Process() { }
        }
        """);

    [Fact]
    public Task WaitOneStatementOutsideLoops_Returns() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                // Wait for the producer.
                [|_ready.WaitOne()|]; // then go
                Console.WriteLine("ready");
            }

            void Expression(CancellationToken token) => [|_ready.WaitOne(500)|];
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                // Wait for the producer.
                if (WaitHandle.WaitAny(new[] { _ready, token.WaitHandle }) == 1)
                {
                    return;
                } // then go
                Console.WriteLine("ready");
            }

            void Expression(CancellationToken token) => WaitHandle.WaitAny(new[] { _ready, token.WaitHandle }, 500);
        }
        """);

    /// <summary>
    /// A wait that is the last thing its function does (Polly's mocked callback, which signals and then waits for the
    /// test): a return after it would be redundant, so the wait on both stands alone.
    /// </summary>
    [Fact]
    public Task WaitOneEndingItsFunction_GetsNoRedundantReturn() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class ControllerTests
        {
            void Run(CancellationToken cancellationToken)
            {
                var executing = new ManualResetEvent(false);
                var verified = new ManualResetEvent(false);
                Action callback = () =>
                {
                    executing.Set();
                    [|verified.WaitOne()|];
                };
                callback();
            }
        }
        """, """
        using System;
        using System.Threading;

        class ControllerTests
        {
            void Run(CancellationToken cancellationToken)
            {
                var executing = new ManualResetEvent(false);
                var verified = new ManualResetEvent(false);
                Action callback = () =>
                {
                    executing.Set();
                    WaitHandle.WaitAny(new[] { verified, cancellationToken.WaitHandle });
                };
                callback();
            }
        }
        """);

    [Fact]
    public Task WaitOneInAsyncOrThrowingCode_Throws() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    [|_ready.WaitOne()|];
                    await Task.Yield();
                }
            }

            int Take(CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                [|_ready.WaitOne()|];
                return 1;
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    WaitHandle.WaitAny(new[] { _ready, token.WaitHandle });
                    token.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }

            int Take(CancellationToken token)
            {
                token.ThrowIfCancellationRequested();
                WaitHandle.WaitAny(new[] { _ready, token.WaitHandle });
                token.ThrowIfCancellationRequested();
                return 1;
            }
        }
        """);

    [Fact]
    public Task WaitOneAsCondition_KeepsItsMeaning() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            bool Once(CancellationToken token)
            {
                if ([|_ready.WaitOne(1000)|])
                {
                    return true;
                }

                return ![|_ready.WaitOne(10)|];
            }

            void Loop(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    if ([|_ready.WaitOne(5000, false)|]) Process();
                }
            }

            void Process() { }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            bool Once(CancellationToken token)
            {
                if (WaitHandle.WaitAny(new[] { _ready, token.WaitHandle }, 1000) == 0)
                {
                    return true;
                }

                return WaitHandle.WaitAny(new[] { _ready, token.WaitHandle }, 10) != 0;
            }

            void Loop(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    if (WaitHandle.WaitAny(new[] { _ready, token.WaitHandle }, 5000, false) == 0) Process();
                }
            }

            void Process() { }
        }
        """);

    [Fact]
    public Task WaitAny_TokenHandleJoinsTheEndAndItsIndexLeaves() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private readonly ManualResetEvent _stop = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                while (true)
                {
                    var index = [|WaitHandle.WaitAny(new WaitHandle[] { _work, _stop /* stop last */ }, 1000)|];
                    if (index == 1)
                    {
                        return;
                    }

                    [|WaitHandle.WaitAny(new[] { _work })|];
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private readonly ManualResetEvent _stop = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                while (true)
                {
                    var index = WaitHandle.WaitAny(new WaitHandle[] { _work, _stop /* stop last */, token.WaitHandle }, 1000);
                    if (index == 2)
                    {
                        break;
                    }
                    if (index == 1)
                    {
                        return;
                    }

                    if (WaitHandle.WaitAny(new[] { _work, token.WaitHandle }) == 1)
                    {
                        break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task TokenSourcesAndNullableTokens_UseTheirToken() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Source()
            {
                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                [|_ready.WaitOne()|];
            }

            void Nullable(CancellationToken? maybe)
            {
                [|_ready.WaitOne()|];
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Source()
            {
                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                WaitHandle.WaitAny(new[] { _ready, cts.Token.WaitHandle });
            }

            void Nullable(CancellationToken? maybe)
            {
                WaitHandle.WaitAny(new[] { _ready, maybe.GetValueOrDefault().WaitHandle });
            }
        }
        """);

    [Fact]
    public Task SeveralTokens_OneActionEachNearestFirst() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                void Run(CancellationToken outer, ManualResetEvent ready)
                {
                    var inner = outer;
                    [|ready.WaitOne()|];
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                void Run(CancellationToken outer, ManualResetEvent ready)
                {
                    var inner = outer;
                    WaitHandle.WaitAny(new[] { ready, outer.WaitHandle });
                }
            }
            """,
        CodeActionIndex = 1,
        CodeActionEquivalenceKey = "TSA2007:1",
    }.RunAsync();

    [Fact]
    public Task FixAll_FixesEveryWaitInTheDocument() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private readonly AutoResetEvent _a = new AutoResetEvent(false);
                private readonly AutoResetEvent _b = new AutoResetEvent(false);

                void Run(CancellationToken token)
                {
                    while (true)
                    {
                        [|_a.WaitOne()|];
                        [|_b.WaitOne()|];
                    }
                }

                void Other(CancellationToken token)
                {
                    if ([|_a.WaitOne(5)|]) { }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                private readonly AutoResetEvent _a = new AutoResetEvent(false);
                private readonly AutoResetEvent _b = new AutoResetEvent(false);

                void Run(CancellationToken token)
                {
                    while (true)
                    {
                        if (WaitHandle.WaitAny(new[] { _a, token.WaitHandle }) == 1)
                        {
                            break;
                        }
                        if (WaitHandle.WaitAny(new[] { _b, token.WaitHandle }) == 1)
                        {
                            break;
                        }
                    }
                }

                void Other(CancellationToken token)
                {
                    if (WaitHandle.WaitAny(new[] { _a, token.WaitHandle }, 5) == 0) { }
                }
            }
            """,
        CodeActionEquivalenceKey = "TSA2007:0",
    }.RunAsync();

    [Fact]
    public Task EmbeddedStatementAndTopLevel_AreFixed()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                var ready = new ManualResetEvent(false);
                if (args.Length > 0)
                    [|ready.WaitOne()|];
                """,
            FixedCode = """
                using System.Threading;

                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                var ready = new ManualResetEvent(false);
                if (args.Length > 0)
                {
                    if (WaitHandle.WaitAny(new[] { ready, cts.Token.WaitHandle }) == 1)
                    {
                        return;
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>
    /// A handle polled every second or less in a loop that tests the token itself (naps2's update wait): cancellation
    /// is late by one period at most, and the rewrite would build a handle array on every pass. No fix, as for
    /// <c>Monitor.Wait</c> polls.
    /// </summary>
    [Fact]
    public Task PollOfASecondInALoopThatTestsTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Update
        {
            private readonly ManualResetEvent _done = new ManualResetEvent(false);

            public void Wait(CancellationToken cancelToken)
            {
                while (![|_done.WaitOne(1000)|] && !cancelToken.IsCancellationRequested)
                {
                }
            }

            public void Pace(CancellationToken cancelToken)
            {
                while (!cancelToken.IsCancellationRequested)
                {
                    [|_done.WaitOne(TimeSpan.FromMilliseconds(250))|];
                }
            }
        }
        """);

    [Fact]
    public Task NoSafeRewrite_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private readonly ManualResetEvent[] _events = { new ManualResetEvent(false) };

            void Shapes(CancellationToken token, int mode)
            {
                // The result retried on false in a loop that does not check the token: it would spin.
                while (![|_work.WaitOne(100)|]) { }
                while (true)
                {
                    if ([|_work.WaitOne(100)|]) { }
                }
            }

            void Others(CancellationToken token)
            {
                [|WaitHandle.WaitAll(new WaitHandle[] { _work })|];
                [|_events[0]?.WaitOne()|];
            }

            int NoPlainReturn(CancellationToken token)
            {
                [|_work.WaitOne()|];
                return 1;
            }

            void InSwitch(CancellationToken token, int mode)
            {
                while (true)
                {
                    switch (mode)
                    {
                        case 1:
                            [|_work.WaitOne()|];
                            break;
                    }
                }
            }

            Worker(CancellationToken token)
            {
                [|_work.WaitOne()|];
            }

            void Unassigned(CancellationToken token, out int value)
            {
                [|_work.WaitOne()|];
                value = 1;
            }

            void Covariant(CancellationToken token)
            {
                var index = [|WaitHandle.WaitAny(new ManualResetEvent[] { new ManualResetEvent(false) })|];
            }
        }
        """);
}
