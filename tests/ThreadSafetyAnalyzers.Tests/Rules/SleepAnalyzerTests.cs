using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.SleepAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class SleepAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task SleepWithTokenParameter_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken cancellationToken)
            {
                {|#0:Thread.Sleep(100)|};
                {|#1:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                {|#2:System.Threading.Thread.Sleep(millisecondsTimeout: 5)|};
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("cancellationToken"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("cancellationToken"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("cancellationToken"));

    /// <summary>
    /// A pause after the function's own <c>Cancel()</c>, or after it kills a process, is the grace period of the shutdown
    /// it started (Lean lets the feed's tasks finish; naps2 lets the killed OCR process release its files): the token may
    /// have fired, and waiting on it would end the pause at once. Silent, as TSA2007 is.
    /// </summary>
    [Fact]
    public Task SleepAfterTheFunctionCancels_IsSilent() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Feed
        {
            void Shutdown(CancellationTokenSource source, CancellationToken token)
            {
                source.Cancel(); // let the feed's tasks finish
                Thread.Sleep(10);
            }

            void AfterKill(System.Diagnostics.Process process, CancellationToken token)
            {
                process.Kill();
                Thread.Sleep(200); // let it release its files
            }

            void Before(CancellationTokenSource source, CancellationToken token)
            {
                {|#0:Thread.Sleep(500)|};
                source.Cancel();
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"));

    /// <summary>
    /// A source the function cancels only from a local function it calls itself, in turn (Lean's end-time check between
    /// its waits), cannot fire while the function sleeps: it is the function's own switch. Handed out as a delegate (a
    /// timer's callback), the local function can run at any time, and the sleep is reported.
    /// </summary>
    [Fact]
    public Task SourceCancelledOnlyByALocalFunctionCalledInline_IsNotAToken() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Test
        {
            void Inline()
            {
                var source = new CancellationTokenSource();
                Consume(source.Token);
                while (!source.IsCancellationRequested)
                {
                    Thread.Sleep(500);
                    if (PastEnd())
                    {
                        Console.WriteLine("done");
                    }
                }

                bool PastEnd()
                {
                    source.Cancel();
                    return true;
                }
            }

            void AsCallback()
            {
                var source = new CancellationTokenSource();
                Consume(source.Token);
                using var timer = new Timer(_ => Stop(), null, 1000, Timeout.Infinite);
                while (!source.IsCancellationRequested)
                {
                    {|#0:Thread.Sleep(500)|};
                }

                void Stop() => source.Cancel();
            }

            void TimerBuiltAfterThePause()
            {
                var source = new CancellationTokenSource();
                Consume(source.Token);
                Thread.Sleep(5000);
                using var timer = new Timer(_ => source.Cancel(), null, 1000, Timeout.Infinite);
            }

            void TimerBuiltBeforeThePause()
            {
                var source = new CancellationTokenSource();
                Consume(source.Token);
                using var timer = new Timer(_ => source.Cancel(), null, 1000, Timeout.Infinite);
                {|#2:Thread.Sleep(5000)|};
            }

            void AsMethodGroup()
            {
                var source = new CancellationTokenSource();
                Consume(source.Token);
                Action stop = Stop;
                Run(stop);
                while (!source.IsCancellationRequested)
                {
                    {|#1:Thread.Sleep(500)|};
                }

                void Stop() => source.Cancel();
            }

            static void Consume(CancellationToken token) { }
            static void Run(Action action) { }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("source"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("source"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("source"));

    [Fact]
    public Task SleepInLoop_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    [|Thread.Sleep(500)|];
                }

                for (var attempt = 0; attempt < 3; attempt++)
                {
                    [|Thread.Sleep(attempt * 100)|];
                }
            }
        }
        """);

    [Fact]
    public Task SleepWithTokenLocalsAndSources_NamesTheNearest() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken outer)
            {
                // The function's own source, and its token, are no stop signal: nothing else can cancel them.
                using var cts = new CancellationTokenSource();
                {|#0:Thread.Sleep(1)|};
                var inner = cts.Token;
                {|#1:Thread.Sleep(1)|};
            }

            void Linked(CancellationToken outer)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                {|#3:Thread.Sleep(1)|};
                var inner = linked.Token;
                {|#4:Thread.Sleep(1)|};
            }

            void Nullable(CancellationToken? maybe)
            {
                {|#2:Thread.Sleep(1)|};
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("outer"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("outer"),
        Verify.Diagnostic("TSA2006").WithLocation(3).WithArguments("linked"),
        Verify.Diagnostic("TSA2006").WithLocation(4).WithArguments("inner"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("maybe"));

    [Fact]
    public Task TokensThatCannotFireThere_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Checks
        {
            public void DefaultToken()
            {
                // A token that is default and stays so never fires.
                CancellationToken token = default;
                Thread.Sleep(1000);
                Consume(token);
            }

            public void DeadlineOfAnEarlierPoll(Func<bool> saved)
            {
                // The deadline bounds the poll; the later wait is deliberate and has nothing to do with it.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                while (!deadline.IsCancellationRequested && !saved())
                {
                    {|#0:Thread.Sleep(250)|};
                }

                Thread.Sleep(TimeSpan.FromSeconds(2));
            }

            public void ArmedDeadline(Func<bool> ready)
            {
                using var deadline = new CancellationTokenSource();
                deadline.CancelAfter(5000);
                var token = deadline.Token;
                while (!ready())
                {
                    if (token.IsCancellationRequested)
                    {
                        throw new TimeoutException();
                    }

                    {|#1:Thread.Sleep(250)|};
                }

                Thread.Sleep(500);
            }

            private static void Consume(CancellationToken token) { }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("deadline"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"));

    [Fact]
    public Task SleepInAsyncMethodAndLambdas_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken token)
            {
                await Task.Yield();
                [|Thread.Sleep(10)|];
            }

            void Start(CancellationToken token)
            {
                Action poll = () => [|Thread.Sleep(10)|];
                Action<CancellationToken> own = t => { [|Thread.Sleep(10)|]; };
                Loop();

                void Loop()
                {
                    [|Thread.Sleep(10)|];
                }
            }
        }
        """);

    [Fact]
    public Task SleepZeroOrWithoutToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Yield(CancellationToken token)
            {
                Thread.Sleep(0);
                Thread.Sleep(TimeSpan.Zero);
                Thread.Sleep(default(TimeSpan));
                const int None = 0;
                Thread.Sleep(None);
            }

            void NoToken()
            {
                Thread.Sleep(100);
            }

            void TokenOnlyInField()
            {
                Thread.Sleep(100);
            }

            void StaticLambda(CancellationToken token)
            {
                Action sleep = static () => Thread.Sleep(100);
                Action<int> group = Thread.Sleep;
            }

            void Hidden(CancellationToken token)
            {
                Action<int> pause = token => Thread.Sleep(token);
            }

            void TokenDeclaredLater()
            {
                Thread.Sleep(100);
                var token = CancellationToken.None;
            }

            private readonly CancellationToken _token = default;
        }
        """);

    [Fact]
    public Task SourceOnlyTheFunctionCancels_IsNoTokenInScope() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Tests
        {
            // The source only stops the helper this test started; nothing outside can cancel the test's sleeps.
            void GrowingFile()
            {
                using (var helper = new CancellationTokenSource())
                {
                    var growing = Task.Run(() => Grow(helper.Token));
                    Thread.Sleep(100);
                    helper.Cancel();
                }
            }

            void AfterCancellation(CancellationToken token)
            {
                try
                {
                    token.ThrowIfCancellationRequested();
                }
                catch (OperationCanceledException)
                {
                    Thread.Sleep(100);
                }
            }

            static void Grow(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task SourceCancelledFromElsewhereOrByATimer_IsATokenInScope() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Program
        {
            void CtrlC()
            {
                var stop = new CancellationTokenSource();
                Console.CancelKeyPress += (sender, e) => stop.Cancel();
                {|TSA2006:Thread.Sleep(1000)|};
            }

            void Timeout()
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                {|TSA2006:Thread.Sleep(1000)|};
            }

            void Linked(CancellationToken outer)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                {|TSA2006:Thread.Sleep(1000)|};
            }

            void Passed(Action<CancellationTokenSource> register)
            {
                var source = new CancellationTokenSource();
                register(source);
                {|TSA2006:Thread.Sleep(1000)|};
            }
        }
        """);

    [Fact]
    public Task PacingPauseInALoopThatChecksTheToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Monitor
        {
            void Flood(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    Thread.Sleep(10);
                }
            }

            void Throws(CancellationToken token)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    Thread.Sleep(TimeSpan.FromMilliseconds(100));
                }
            }

            void Longer(CancellationToken token, int delay)
            {
                while (!token.IsCancellationRequested)
                {
                    {|#0:Thread.Sleep(200)|};
                    {|#1:Thread.Sleep(delay)|};
                }
            }

            void NotChecked(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        token.ThrowIfCancellationRequested();
                        {|#2:Thread.Sleep(10)|};
                    }
                    catch (Exception)
                    {
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("token"));

    [Fact]
    public Task PacingPauseInALoopOverASequenceMadeWithTheToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;

        class Feed
        {
            IEnumerable<int> Stream(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    yield return 1;
                }
            }

            void Consume(CancellationToken token)
            {
                foreach (var item in Stream(token))
                {
                    Thread.Sleep(10);
                }

                foreach (var item in Stream(token).Where(i => i > 0))
                {
                    Thread.Sleep(100);
                }

                // Longer than a pacing pause, or over a sequence the token does not reach: still reported.
                foreach (var item in Stream(token))
                {
                    {|#0:Thread.Sleep(500)|};
                }

                foreach (var item in Stream(CancellationToken.None))
                {
                    {|#1:Thread.Sleep(10)|};
                }

                foreach (var item in new[] { 1, 2 })
                {
                    {|#2:Thread.Sleep(10)|};
                }
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("token"));

    [Fact]
    public Task PauseInASpinBoundedByAShortStopwatchDeadline_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Chaser
        {
            private static readonly TimeSpan SingleIteration = TimeSpan.FromMilliseconds(200);
            private long _caught, _written;

            void Wait(CancellationToken token)
            {
                var sw = Stopwatch.StartNew();
                while (_caught < _written && sw.Elapsed < SingleIteration)
                {
                    Thread.Sleep(1);
                }

                while (_caught < _written && sw.Elapsed < TimeSpan.FromSeconds(20))
                {
                    {|#0:Thread.Sleep(1)|};
                }
            }
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"));

    [Fact]
    public Task PacingPauseChosenByEveryCaller_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Flooder
        {
            void Start(CancellationToken token)
            {
                SendContinuous(10, token);
                SendContinuous(delay: 50, token: token);
                Paced(100, token);
                Longer(10, token);
                Longer(500, token);
                Used(10, token);
                Action<int, CancellationToken> handOut = Used;

                void Paced(int delay, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        Thread.Sleep(delay);
                    }
                }
            }

            private static void SendContinuous(int delay, CancellationToken token)
            {
                Task.Factory.StartNew(delegate
                {
                    while (true)
                    {
                        if (token.IsCancellationRequested)
                            break;

                        Thread.Sleep(delay);
                    }
                }, token);
            }

            // One caller passes more than a pacing pause, or the method is also handed out: still reported.
            private static void Longer(int delay, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    {|#0:Thread.Sleep(delay)|};
                }
            }

            private static void Used(int delay, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    {|#1:Thread.Sleep(delay)|};
                }
            }

            public void Visible(int delay, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    {|#2:Thread.Sleep(delay)|};
                }
            }

            public void CallsVisible(CancellationToken token) => Visible(10, token);
        }
        """,
        Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"),
        Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("token"));

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.Threading;

        class Worker
        {
            void Run(CancellationToken token) => Thread.Sleep(100);
        }
        """);

    [Fact]
    public Task HalfTypedCode_DoesNotCrash() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            void Unclosed(CancellationToken token)
            {
                Thread.{|CS1501:Sleep|}({|CS1026:|}{|CS1002:|}
            }

            void UnknownArgument(CancellationToken token)
            {
                Thread.Sleep({|CS0103:delay|});
            }

            void Misspelled(CancellationToken token)
            {
                Thread.{|CS0117:Sleeep|}(10);
            }
        }
        """);

    [Fact]
    public Task SleepInFinally_NoDiagnostic_ButLambdaInFinallyReports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class C
        {
            void M(CancellationToken token)
            {
                try
                {
                    Work();
                }
                finally
                {
                    // Protective wait during cleanup: cancellation must not cut it short.
                    Thread.Sleep(100);
                    Action later = () => {|TSA2006:Thread.Sleep(100)|};
                }
            }

            static void Work() { }
        }
        """);
}
