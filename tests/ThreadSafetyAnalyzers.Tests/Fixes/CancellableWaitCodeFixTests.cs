using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.SleepAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CancellableWaitCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class CancellableWaitCodeFixTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task SleepInLoopThatObservesNothing_WaitsOrBreaks(TargetFramework framework) => Verify.VerifyCodeFixAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken cancellationToken)
            {
                while (true)
                {
                    Poll();
                    [|Thread.Sleep(1000)|];
                }
            }

            void RunSlowly(CancellationToken cancellationToken)
            {
                foreach (var delay in new[] { 1, 2, 3 })
                {
                    [|Thread.Sleep(TimeSpan.FromSeconds(delay))|];
                }
            }

            void Poll() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken cancellationToken)
            {
                while (true)
                {
                    Poll();
                    if (cancellationToken.WaitHandle.WaitOne(1000))
                    {
                        break;
                    }
                }
            }

            void RunSlowly(CancellationToken cancellationToken)
            {
                foreach (var delay in new[] { 1, 2, 3 })
                {
                    if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(delay)))
                    {
                        break;
                    }
                }
            }

            void Poll() { }
        }
        """);

    [Fact]
    public Task SleepInLoopThatObservesTheToken_Waits() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    [|Thread.Sleep(500)|];
                }

                do
                {
                    [|Thread.Sleep(TimeSpan.FromMilliseconds(500))|];
                }
                while (Poll(token));
            }

            bool Poll(CancellationToken token) => true;
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    token.WaitHandle.WaitOne(500);
                }

                do
                {
                    token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                }
                while (Poll(token));
            }

            bool Poll(CancellationToken token) => true;
        }
        """);

    [Fact]
    public Task SleepOutsideLoops_ReturnsWherePlainReturnCompiles() => Verify.VerifyCodeFixAsync("""
        using System.Collections.Generic;
        using System.Threading;

        class Worker
        {
            void Pause(CancellationToken token)
            {
                [|Thread.Sleep(500)|];
                Resume();
            }

            int Measure(CancellationToken token)
            {
                [|Thread.Sleep(500)|];
                return 1;
            }

            IEnumerable<int> Produce(CancellationToken token)
            {
                [|Thread.Sleep(500)|];
                yield return 1;
            }

            void Resume() { }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;

        class Worker
        {
            void Pause(CancellationToken token)
            {
                if (token.WaitHandle.WaitOne(500))
                {
                    return;
                }
                Resume();
            }

            int Measure(CancellationToken token)
            {
                token.WaitHandle.WaitOne(500);
                return 1;
            }

            IEnumerable<int> Produce(CancellationToken token)
            {
                token.WaitHandle.WaitOne(500);
                yield return 1;
            }

            void Resume() { }
        }
        """);

    /// <summary>
    /// A return at the wait would skip the completion or wake-up that follows it: whoever waits would hang. Where the
    /// code after the signal looks at the token, or the function ends after it, the wait just ends early instead.
    /// </summary>
    [Fact]
    public Task SignalAfterTheSleep_IsNotSkipped() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly ManualResetEventSlim _saved = new ManualResetEventSlim();
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>();

            void Save(CancellationToken token)
            {
                [|Thread.Sleep(500)|];
                _saved.Set();
                Publish(token);
            }

            void Finish(CancellationToken token)
            {
                Log();
                [|Thread.Sleep(500)|];
            }

            void Log() { }
            void Publish(CancellationToken token) { }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly ManualResetEventSlim _saved = new ManualResetEventSlim();
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>();

            void Save(CancellationToken token)
            {
                token.WaitHandle.WaitOne(500);
                _saved.Set();
                Publish(token);
            }

            void Finish(CancellationToken token)
            {
                Log();
                token.WaitHandle.WaitOne(500);
            }

            void Log() { }
            void Publish(CancellationToken token) { }
        }
        """);

    /// <summary>
    /// A one-shot pause with work after it that never looks at a token, where a return would skip a signal (garnet's
    /// head start before a checkpoint, then a Set; Quartz's test job that pauses, then signals it is done): a plain wait
    /// would only make that work run sooner once cancelled, and stop nothing. No fix.
    /// </summary>
    [Fact]
    public Task PauseBeforeWorkThatNeverLooksAtTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Checkpoint
        {
            private readonly ManualResetEventSlim _saved = new ManualResetEventSlim();
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>();

            void Run(CancellationToken cancellationToken)
            {
                var saver = Task.Run(() =>
                {
                    // let the writers get ahead first
                    [|Thread.Sleep(200)|];
                    Save();
                    _saved.Set();
                });
                saver.Wait();
            }

            void Finish(CancellationToken token)
            {
                [|Thread.Sleep(TimeSpan.FromMilliseconds(500))|];
                Console.WriteLine("finished");
                _done.TrySetResult(true);
            }

            void Save() { }
        }
        """);

    /// <summary>
    /// A test's own pause under its timeout source (garnet's barrier tests): returning when the timeout fires would
    /// pass the test without its assertions, and a plain wait would change nothing (the timeout is far longer than
    /// the pause). No fix; the diagnostic stays.
    /// </summary>
    [Fact]
    public Task SleepInTestMethod_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class TestAttribute : Attribute { }

        class BarrierTests
        {
            [Test]
            public void ParticipantWaitsForTheCohort()
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                Start(cts.Token);
                [|Thread.Sleep(200)|];
                Check(cts.Token);
            }

            void Start(CancellationToken token) { }
            void Check(CancellationToken token) { }
        }
        """);

    /// <summary>
    /// One-shot pauses of 100 ms or less, outside loops, where the fix would only end the pause early (KurrentDB's
    /// 100 ms pause before printing): with a return, or with a plain wait at the end of the method. The stop is late by
    /// at most the pause; reviewers judged the fix pointless there. No fix.
    /// </summary>
    [Fact]
    public Task ShortPauseThatTheFixWouldOnlyShorten_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Poller
        {
            void Settle(CancellationToken token)
            {
                Console.WriteLine("settling");
                [|Thread.Sleep(50)|];
            }

            void Greet(CancellationToken token)
            {
                [|Thread.Sleep(TimeSpan.FromMilliseconds(100))|];
                Console.WriteLine("ready");
            }
        }
        """);

    /// <summary>
    /// A short pause still gets the forms that add a way out: the loops that only hand the token on would otherwise not
    /// stop at all (and in async code the delay frees the thread too). Just above 100 ms, in a loop that tests the token
    /// itself, the pause is reported and the plain wait offered.
    /// </summary>
    [Fact]
    public Task ShortPauseWhereTheFixAddsAWayOut_IsStillFixed() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            void Pump(CancellationToken token)
            {
                while (true)
                {
                    Send(token);
                    [|Thread.Sleep(10)|];
                }
            }

            async Task PumpAsync(CancellationToken token)
            {
                while (true)
                {
                    await SendAsync(token);
                    [|Thread.Sleep(10)|];
                }
            }

            void Poll(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    [|Thread.Sleep(101)|];
                }
            }

            void Send(CancellationToken token) { }
            Task SendAsync(CancellationToken token) => Task.CompletedTask;
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            void Pump(CancellationToken token)
            {
                while (true)
                {
                    Send(token);
                    if (token.WaitHandle.WaitOne(10))
                    {
                        break;
                    }
                }
            }

            async Task PumpAsync(CancellationToken token)
            {
                while (true)
                {
                    await SendAsync(token);
                    await Task.Delay(10, token);
                }
            }

            void Poll(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    token.WaitHandle.WaitOne(101);
                }
            }

            void Send(CancellationToken token) { }
            Task SendAsync(CancellationToken token) => Task.CompletedTask;
        }
        """);

    /// <summary>
    /// The back-off of a produce-retry loop inside a consume loop that commits after it, with no catch-all that
    /// cancellation is routed into (confluent-kafka-dotnet's older exactly-once example): a <c>break</c> would end only
    /// the retry, skip the line, and let the commit run after cancellation. No fix.
    /// </summary>
    [Fact]
    public Task BackOffOfARetryLoopWithACommitAfterIt_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;

        class Pipeline
        {
            void Run(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var line = Next();
                    while (true)
                    {
                        if (TryProduce(line))
                        {
                            break;
                        }

                        [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
                    }

                    Commit();
                }
            }

            string Next() => "";
            bool TryProduce(string line) => true;
            void Commit() { }
        }
        """);

    /// <summary>
    /// The same back-off where the retry loop is the last thing of a loop that tests the token: after the
    /// <c>break</c>, the outer loop's own test ends the work, so the break form is offered.
    /// </summary>
    [Fact]
    public Task BackOffOfARetryLoopLastInALoopThatTestsTheToken_Breaks() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Pipeline
        {
            void Run(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var line = Next();
                    while (!TryProduce(line))
                    {
                        [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
                    }
                }
            }

            string Next() => "";
            bool TryProduce(string line) => true;
        }
        """, """
        using System;
        using System.Threading;

        class Pipeline
        {
            void Run(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var line = Next();
                    while (!TryProduce(line))
                    {
                        if (ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                        {
                            break;
                        }
                    }
                }
            }

            string Next() => "";
            bool TryProduce(string line) => true;
        }
        """);

    /// <summary>
    /// The back-off of a retry loop inside a consume loop that throws cancellation into its catch-all (which aborts
    /// the transaction and leaves): the wait throws into that catch too. A <c>break</c> would leave only the retry
    /// loop, skip the word, and let the commit after the loop run after cancellation (confluent-kafka-dotnet).
    /// </summary>
    [Fact]
    public Task BackOffInsideACatchAllTheCodeThrowsCancellationInto_Throws() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Mapper
        {
            void Run(IEnumerable<string> words, CancellationToken ct)
            {
                while (true)
                {
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        foreach (var word in words)
                        {
                            while (!TryProduce(word))
                            {
                                [|Thread.Sleep(1000)|];
                            }
                        }

                        Commit();
                    }
                    catch (Exception)
                    {
                        Abort();
                        break;
                    }
                }
            }

            bool TryProduce(string word) => true;
            void Commit() { }
            void Abort() { }
        }
        """, """
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Mapper
        {
            void Run(IEnumerable<string> words, CancellationToken ct)
            {
                while (true)
                {
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        foreach (var word in words)
                        {
                            while (!TryProduce(word))
                            {
                                if (ct.WaitHandle.WaitOne(1000))
                                {
                                    ct.ThrowIfCancellationRequested();
                                }
                            }
                        }

                        Commit();
                    }
                    catch (Exception)
                    {
                        Abort();
                        break;
                    }
                }
            }

            bool TryProduce(string word) => true;
            void Commit() { }
            void Abort() { }
        }
        """);

    /// <summary>
    /// In a loop that releases a semaphore after its pause, neither form is right: a break would skip the release, a
    /// plain wait would spin once the token is cancelled. No fix.
    /// </summary>
    [Fact]
    public Task LoopThatSignalsAfterTheSleep_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Worker
        {
            void Pump(CancellationToken token, SemaphoreSlim slots)
            {
                while (true)
                {
                    [|Thread.Sleep(10)|];
                    slots.Release();
                }
            }

            void Pulse(CancellationToken token, object gate)
            {
                for (var i = 0; ; i++)
                {
                    [|Thread.Sleep(10)|];
                    lock (gate) { Monitor.PulseAll(gate); }
                }
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task SleepInAsyncCode_AwaitsDelay(TargetFramework framework) => Verify.VerifyCodeFixAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    await Task.Yield();
                    [|Thread.Sleep(100)|];
                }
            }

            async Task<int> MeasureAsync(CancellationToken token)
            {
                [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
                await Task.Yield();
                return 1;
            }

            void Start(CancellationToken token)
            {
                Func<Task> loop = async () =>
                {
                    [|Thread.Sleep(1)|];
                };
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
                    await Task.Yield();
                    await Task.Delay(100, token);
                }
            }

            async Task<int> MeasureAsync(CancellationToken token)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), token);
                await Task.Yield();
                return 1;
            }

            void Start(CancellationToken token)
            {
                Func<Task> loop = async () =>
                {
                    await Task.Delay(1, token);
                };
            }
        }
        """);

    [Fact]
    public Task AsyncWithoutTasksNamespace_QualifiesTask() => Verify.VerifyCodeFixAsync("""
        class Worker
        {
            async void OnTick(System.Threading.CancellationToken token)
            {
                [|System.Threading.Thread.Sleep(10)|];
            }
        }
        """, """
        class Worker
        {
            async void OnTick(System.Threading.CancellationToken token)
            {
                await System.Threading.Tasks.Task.Delay(10, token);
            }
        }
        """);

    [NewestRoslynFact("the source needs C# 13; Roslyn 4.8 knows C# 12 at most")]
    public Task AsyncWhereAwaitIsNotAllowed_WaitsSynchronously() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly object _gate = new object();

            async Task<int> LockedAsync(CancellationToken token)
            {
                await Task.Yield();
                lock (_gate)
                {
                    [|Thread.Sleep(1000)|];
                }

                return 1;
            }

            async Task WithSpanAsync(CancellationToken token)
            {
                await Task.Yield();
                Span<byte> buffer = stackalloc byte[4];
                [|Thread.Sleep(1000)|];
                buffer[0] = 1;
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly object _gate = new object();

            async Task<int> LockedAsync(CancellationToken token)
            {
                await Task.Yield();
                lock (_gate)
                {
                    token.WaitHandle.WaitOne(1000);
                }

                return 1;
            }

            async Task WithSpanAsync(CancellationToken token)
            {
                await Task.Yield();
                Span<byte> buffer = stackalloc byte[4];
                if (token.WaitHandle.WaitOne(1000))
                {
                    return;
                }
                buffer[0] = 1;
            }
        }
        """);

    [Fact]
    public Task TokenSourcesAndNullableTokens_UseTheirToken() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            int WithSource()
            {
                using var cts = new CancellationTokenSource(30000);
                [|Thread.Sleep(1000)|];
                return 0;
            }

            int WithNullable(CancellationToken? maybe)
            {
                [|Thread.Sleep(1000)|];
                return 0;
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            int WithSource()
            {
                using var cts = new CancellationTokenSource(30000);
                cts.Token.WaitHandle.WaitOne(1000);
                return 0;
            }

            int WithNullable(CancellationToken? maybe)
            {
                maybe.GetValueOrDefault().WaitHandle.WaitOne(1000);
                return 0;
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
                int Run(CancellationToken outer)
                {
                    var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                    [|Thread.Sleep(1000)|];
                    return 0;
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                int Run(CancellationToken outer)
                {
                    var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                    outer.WaitHandle.WaitOne(1000);
                    return 0;
                }
            }
            """,
        CodeActionIndex = 1,
        CodeActionEquivalenceKey = "TSA2006:1",
    }.RunAsync();

    [Fact]
    public Task TokenHiddenByLambdaParameter_IsSkipped() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token, CancellationToken stopping)
            {
                Action<int> pause = token =>
                {
                    {|#0:Thread.Sleep(token)|};
                };
            }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token, CancellationToken stopping)
            {
                Action<int> pause = token =>
                {
                    stopping.WaitHandle.WaitOne(token);
                };
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("stopping"));

    [Fact]
    public Task FixAll_FixesEverySleepWithTheSameChoice() => new Verify.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                void Run(CancellationToken token)
                {
                    while (true)
                    {
                        [|Thread.Sleep(1000)|];
                        [|Thread.Sleep(2000)|];
                    }
                }

                async Task RunAsync(CancellationToken token)
                {
                    [|Thread.Sleep(3000)|];
                    await Task.Yield();
                }

                int Measure(CancellationToken first, CancellationToken second)
                {
                    [|Thread.Sleep(4000)|];
                    return 0;
                }
            }
            """,
        // One at a time, the second sleep sees a loop that now observes the token (the first wait ends it);
        // Fix All plans every sleep on the original code, so both leave the loop. Both compile and stop promptly.
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                void Run(CancellationToken token)
                {
                    while (true)
                    {
                        if (token.WaitHandle.WaitOne(1000))
                        {
                            break;
                        }
                        token.WaitHandle.WaitOne(2000);
                    }
                }

                async Task RunAsync(CancellationToken token)
                {
                    await Task.Delay(3000, token);
                    await Task.Yield();
                }

                int Measure(CancellationToken first, CancellationToken second)
                {
                    first.WaitHandle.WaitOne(4000);
                    return 0;
                }
            }
            """,
        BatchFixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                void Run(CancellationToken token)
                {
                    while (true)
                    {
                        if (token.WaitHandle.WaitOne(1000))
                        {
                            break;
                        }
                        if (token.WaitHandle.WaitOne(2000))
                        {
                            break;
                        }
                    }
                }

                async Task RunAsync(CancellationToken token)
                {
                    await Task.Delay(3000, token);
                    await Task.Yield();
                }

                int Measure(CancellationToken first, CancellationToken second)
                {
                    first.WaitHandle.WaitOne(4000);
                    return 0;
                }
            }
            """,
        CodeActionEquivalenceKey = "TSA2006:0",
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task Trivia_IsKept() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            int Run(CancellationToken token)
            {
                // Give the device time to settle.
                [|Thread.Sleep( /* ms */ 250)|]; // see spec 4.2
                return 0;
            }

            void Loop(CancellationToken token)
            {
                while (true)
                {
                    // Back off.
                    [|Thread.Sleep(250)|]; // then retry
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            int Run(CancellationToken token)
            {
                // Give the device time to settle.
                token.WaitHandle.WaitOne( /* ms */ 250); // see spec 4.2
                return 0;
            }

            void Loop(CancellationToken token)
            {
                while (true)
                {
                    // Back off.
                    if (token.WaitHandle.WaitOne(250))
                    {
                        break;
                    } // then retry
                }
            }
        }
        """);

    /// <summary>A loop that only hands its token to a callee, inside a catch-all: after cancellation the callee throws, the catch swallows it.</summary>
    private const string SwallowingPoller = """
        using System;
        using System.Threading;

        public sealed class Poller
        {
            public int Rounds;

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Rounds++;
                        Poll(token);
                        [|Thread.Sleep(100)|];
                    }
                    catch (Exception)
                    {
                    }
                }
            }

            private static void Poll(CancellationToken token) => token.ThrowIfCancellationRequested();
        }
        """;

    private const string SwallowingPollerFixed = """
        using System;
        using System.Threading;

        public sealed class Poller
        {
            public int Rounds;

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Rounds++;
                        Poll(token);
                        if (token.WaitHandle.WaitOne(100))
                        {
                            break;
                        }
                    }
                    catch (Exception)
                    {
                    }
                }
            }

            private static void Poll(CancellationToken token) => token.ThrowIfCancellationRequested();
        }
        """;

    [Fact]
    public Task LoopThatOnlyPassesTheToken_LeavesAtTheWait() => Verify.VerifyCodeFixAsync(SwallowingPoller, SwallowingPollerFixed);

    [Fact]
    public void SwallowingPollerFixed_StopsWithoutSpinning()
    {
        // A plain token.WaitHandle.WaitOne(100) would return at once after cancellation, Poll would throw into the
        // catch-all, and the loop would go round tens of thousands of times a second.
        var result = FixedShapeRunner.Run(SwallowingPollerFixed + """

            public static class Harness
            {
                public static string Check()
                {
                    var poller = new Poller();
                    using var cts = new CancellationTokenSource();
                    var thread = new Thread(() => poller.Run(cts.Token));
                    thread.Start();
                    Thread.Sleep(250);
                    cts.Cancel();
                    var stopped = thread.Join(2000);
                    return $"stopped={stopped} spun={poller.Rounds > 10}";
                }
            }
            """, "Harness", "Check");
        Assert.Equal("stopped=True spun=False", result);
    }

    [Fact]
    public Task EmbeddedStatement_GetsBraces() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token, bool slow)
            {
                while (true)
                {
                    if (slow)
                        [|Thread.Sleep(100)|];
                    else
                        Work();
                }
            }

            void Work() { }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token, bool slow)
            {
                while (true)
                {
                    if (slow)
                    {
                        if (token.WaitHandle.WaitOne(100))
                        {
                            break;
                        }
                    }
                    else
                        Work();
                }
            }

            void Work() { }
        }
        """);

    [Fact]
    public Task NoSafeReplacement_NoFix() => new Verify.Test
    {
        TestCode = """
            using System;
            using System.Threading;

            class Worker
            {
                void InSwitch(CancellationToken token, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                [|Thread.Sleep(10)|];
                                break;
                        }
                    }
                }

                void InFinally(CancellationToken token)
                {
                    while (true)
                    {
                        try { }
                        finally { Thread.Sleep(10); }
                    }
                }

                void ExpressionBodied(CancellationToken token) => [|Thread.Sleep(10)|];

                void AsyncExpressionLambda(CancellationToken token)
                {
                    Func<System.Threading.Tasks.Task> run = async () => [|Thread.Sleep(1)|];
                }
            }
            """,
        FixedCode = """
            using System;
            using System.Threading;

            class Worker
            {
                void InSwitch(CancellationToken token, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                [|Thread.Sleep(10)|];
                                break;
                        }
                    }
                }

                void InFinally(CancellationToken token)
                {
                    while (true)
                    {
                        try { }
                        finally { Thread.Sleep(10); }
                    }
                }

                void ExpressionBodied(CancellationToken token) => [|Thread.Sleep(10)|];

                void AsyncExpressionLambda(CancellationToken token)
                {
                    Func<System.Threading.Tasks.Task> run = async () => [|Thread.Sleep(1)|];
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task NamedArgument_IsKeptForWaitOneAndDroppedForDelay() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            int Run(CancellationToken token)
            {
                [|Thread.Sleep(millisecondsTimeout: 5000)|];
                return 0;
            }

            async Task RunAsync(CancellationToken token)
            {
                [|Thread.Sleep(millisecondsTimeout: 5000)|];
                await Task.Yield();
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            int Run(CancellationToken token)
            {
                token.WaitHandle.WaitOne(millisecondsTimeout: 5000);
                return 0;
            }

            async Task RunAsync(CancellationToken token)
            {
                await Task.Delay(5000, token);
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task EarlyExitWouldLeaveVariablesUnassigned_FallsBackOrOffersNothing() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private int _state;

                public Worker(CancellationToken token)
                {
                    [|Thread.Sleep(1000)|];
                    _state = Load(token);
                }

                void Read(CancellationToken token, out int value)
                {
                    [|Thread.Sleep(1000)|];
                    value = Load(token);
                }

                int Poll(CancellationToken token)
                {
                    int value;
                    while (true)
                    {
                        [|Thread.Sleep(1000)|];
                        value = _state;
                        if (value > 0) break;
                    }

                    return value;
                }

                int Load(CancellationToken token) => 1;
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                private int _state;

                public Worker(CancellationToken token)
                {
                    token.WaitHandle.WaitOne(1000);
                    _state = Load(token);
                }

                void Read(CancellationToken token, out int value)
                {
                    token.WaitHandle.WaitOne(1000);
                    value = Load(token);
                }

                int Poll(CancellationToken token)
                {
                    int value;
                    while (true)
                    {
                        [|Thread.Sleep(1000)|];
                        value = _state;
                        if (value > 0) break;
                    }

                    return value;
                }

                int Load(CancellationToken token) => 1;
            }
            """,

        // The loop's sleep keeps its diagnostic: no fix is offered there.
        FixedState = { MarkupHandling = MarkupMode.Allow },
    }.RunAsync();

    [Fact]
    public Task TopLevelStatements_AreFixed() => new Verify.Test
    {
        TestState =
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            Sources =
            {
                """
                using System.Threading;

                using var cts = new CancellationTokenSource(30000);
                [|Thread.Sleep(1000)|];
                while (!cts.IsCancellationRequested)
                {
                    [|Thread.Sleep(1000)|];
                }
                """,
            },
        },
        FixedState =
        {
            Sources =
            {
                """
                using System.Threading;

                using var cts = new CancellationTokenSource(30000);
                if (cts.Token.WaitHandle.WaitOne(1000))
                {
                    return;
                }
                while (!cts.IsCancellationRequested)
                {
                    cts.Token.WaitHandle.WaitOne(1000);
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task HalfTypedCodeAround_StillFixesTheSleep() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token)
            {
                var pending = {|CS1525:;|}
                [|Thread.Sleep(500)|];
                {|CS0103:Undeclared|}{|CS1002:|}
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token)
            {
                var pending = {|CS1525:;|}
                if (token.WaitHandle.WaitOne(500))
                {
                    return;
                }
                {|CS0103:Undeclared|}{|CS1002:|}
            }
        }
        """);
}
