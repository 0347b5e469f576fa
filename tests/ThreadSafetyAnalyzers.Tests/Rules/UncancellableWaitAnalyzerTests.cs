using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.UncancellableWaitAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class UncancellableWaitAnalyzerTests
{
    private const string Handle = "wait on the token's WaitHandle too";
    private const string Pulse = "pulse the lock from the token's Register callback";
    private const string Condition = "check the token in the condition";

    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    // ---- every flagged shape ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task WaitOneOnEveryHandleKind_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _manual = new ManualResetEvent(false);
            private readonly AutoResetEvent _auto = new AutoResetEvent(false);
            private readonly Semaphore _semaphore = new Semaphore(0, 1);
            private readonly Mutex _mutex = new Mutex();
            private readonly EventWaitHandle _event = new EventWaitHandle(false, EventResetMode.AutoReset);

            WaitHandle Ready => _manual;

            void Run(CancellationToken cancellationToken, IAsyncResult result)
            {
                {|#0:_manual.WaitOne()|};
                {|#1:_auto.WaitOne(1000)|};
                {|#2:_semaphore.WaitOne(TimeSpan.FromSeconds(5))|};
                {|#3:_mutex.WaitOne(-1, false)|};
                {|#4:_event.WaitOne(Timeout.Infinite)|};
                {|#5:Ready.WaitOne()|};
                {|#6:result.AsyncWaitHandle.WaitOne()|};
            }
        }
        """,
        Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(1).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(2).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(3).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(4).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(5).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(6).WithArguments("WaitHandle.WaitOne", "cancellationToken", Handle));

    [Theory, MemberData(nameof(Frameworks))]
    public Task WaitAnyWaitAllMonitorAndSpinUntil_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            private readonly object _gate = new object();
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private readonly ManualResetEvent _stop = new ManualResetEvent(false);
            private volatile bool _done;

            void Run(CancellationToken token)
            {
                var handles = new WaitHandle[] { _work, _stop };
                {|#0:WaitHandle.WaitAny(handles)|};
                {|#1:WaitHandle.WaitAny(new WaitHandle[] { _work, _stop }, 100)|};
                {|#2:WaitHandle.WaitAll(new WaitHandle[] { _work, _stop })|};
                lock (_gate)
                {
                    {|#3:Monitor.Wait(_gate)|};
                    {|#4:Monitor.Wait(_gate, TimeSpan.FromSeconds(1))|};
                }

                {|#5:SpinWait.SpinUntil(() => _done)|};
                {|#6:SpinWait.SpinUntil(() => _done, 500)|};
            }
        }
        """,
        Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("WaitHandle.WaitAny", "token", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(1).WithArguments("WaitHandle.WaitAny", "token", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(2).WithArguments("WaitHandle.WaitAll", "token", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(3).WithArguments("Monitor.Wait", "token", Pulse),
        Verify.Diagnostic("TSA2007").WithLocation(4).WithArguments("Monitor.Wait", "token", Pulse),
        Verify.Diagnostic("TSA2007").WithLocation(5).WithArguments("SpinWait.SpinUntil", "token", Condition),
        Verify.Diagnostic("TSA2007").WithLocation(6).WithArguments("SpinWait.SpinUntil", "token", Condition));

    [Fact]
    public Task WaitOneInWorkerLoop_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    [|_work.WaitOne()|];
                    if ([|_work.WaitOne(1000)|])
                    {
                        Process();
                    }
                }
            }

            static void Process() { }
        }
        """);

    [Fact]
    public Task ConditionalAccessAndNullableToken_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private ManualResetEvent? _ready;

            void Run(CancellationToken? maybe)
            {
                {|#0:_ready?.WaitOne()|};
            }

            void Source()
            {
                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                {|#1:_ready!.WaitOne()|};
            }
        }
        """,
        Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("WaitHandle.WaitOne", "maybe", Handle),
        Verify.Diagnostic("TSA2007").WithLocation(1).WithArguments("WaitHandle.WaitOne", "cts", Handle));

    [Fact]
    public Task TokenOfTheFunctionsOwnSource_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class LogTests
        {
            private static readonly AutoResetEvent Written = new AutoResetEvent(false);

            public void WriterFinishes()
            {
                // A source and its token that nothing else can reach: nothing can cancel them during the waits.
                var source = new CancellationTokenSource();
                CancellationToken token = source.Token;
                new Thread(() => Written.Set()).Start();
                Written.WaitOne();
                Written.WaitOne(1000);
            }

            public void TokenHandedOut(CancellationToken outer)
            {
                // Linked to a token from outside: a real stop signal.
                using var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
                var token = source.Token;
                {|TSA2007:Written.WaitOne()|};
            }

            public void SourceCancelledByAHandler()
            {
                var source = new CancellationTokenSource();
                var token = source.Token;
                System.Console.CancelKeyPress += (_, e) => source.Cancel();
                {|TSA2007:Written.WaitOne()|};
            }
        }
        """);

    [Fact]
    public Task WaitsInLambdasLocalFunctionsAsyncAndIterators_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                Action wait = () => [|_ready.WaitOne()|];
                Func<bool> poll = () => [|_ready.WaitOne(10)|];
                void Local() => [|_ready.WaitOne()|];
                Task.Run(() => { [|_ready.WaitOne()|]; });
            }

            async Task RunAsync(CancellationToken token)
            {
                // A synchronous wait in async code still blocks a thread.
                [|_ready.WaitOne()|];
                await Task.Yield();
            }

            IEnumerable<int> Items(CancellationToken token)
            {
                while (true)
                {
                    [|_ready.WaitOne()|];
                    yield return 1;
                }
            }

            void Expression(CancellationToken token) => [|_ready.WaitOne()|];
        }
        """);

    [Fact]
    public Task TopLevelStatements_Report()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                using var cts = new CancellationTokenSource();
                System.Console.CancelKeyPress += (_, e) => cts.Cancel();
                var ready = new ManualResetEvent(false);
                [|ready.WaitOne()|];
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task PrimaryConstructorAndPartialType_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        partial class Worker(ManualResetEvent ready)
        {
            void Run(CancellationToken token) => [|ready.WaitOne()|];
        }

        partial class Worker
        {
            void Other(CancellationToken token) => [|ready.WaitOne(5)|];
        }
        """);

    [Fact]
    public Task ConditionalCompilation_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
        #if DEBUG
                _ready.WaitOne();
        #else
                [|_ready.WaitOne()|];
        #endif
            }
        }
        """);

    // ---- silent shapes ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task WaitOnTokenHandle_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class Worker
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken token, CancellationTokenSource cts)
            {
                token.WaitHandle.WaitOne();
                token.WaitHandle.WaitOne(1000);
                cts.Token.WaitHandle.WaitOne(100);
                var cancelled = token.WaitHandle;
                cancelled.WaitOne();
                WaitHandle.WaitAny(new[] { _work, token.WaitHandle });
                var handles = new WaitHandle[] { _work, token.WaitHandle };
                WaitHandle.WaitAny(handles, 100);
                WaitHandle.WaitAll(new[] { _work, token.WaitHandle });
            }
        }
        """);

    [Fact]
    public Task WaitOnHandleBuiltFromToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        sealed class CancellationEvent : IDisposable
        {
            private readonly ManualResetEvent _event = new ManualResetEvent(false);
            private readonly CancellationTokenRegistration _registration;

            public CancellationEvent(CancellationToken token) => _registration = token.Register(() => _event.Set());

            public WaitHandle WaitHandle => _event;

            public void Dispose() => _registration.Dispose();
        }

        static class Waits
        {
            public static bool Wait(CancellationToken token, TimeSpan timeout)
            {
                using var cancelled = new CancellationEvent(token);
                return cancelled.WaitHandle.WaitOne(timeout);
            }

            public static int WaitEither(WaitHandle handle, CancellationToken token)
            {
                using var cancelled = new CancellationEvent(token);
                var handles = new[] { handle, cancelled.WaitHandle };
                return WaitHandle.WaitAny(handles);
            }
        }
        """);

    [Fact]
    public Task ZeroTimeoutPolls_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            private readonly object _gate = new object();
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken token)
            {
                _work.WaitOne(0);
                _work.WaitOne(TimeSpan.Zero);
                _work.WaitOne(default(TimeSpan));
                _work.WaitOne(0, false);
                WaitHandle.WaitAny(new WaitHandle[] { _work }, 0);
                lock (_gate) { Monitor.Wait(_gate, 0); }
                SpinWait.SpinUntil(() => false, 0);
            }
        }
        """);

    [Fact]
    public Task NoTokenInScope_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            // The type's own source counts only with token_sources = members.
            void Run() => _ready.WaitOne();

            void Hidden(CancellationToken token)
            {
                System.Action<int> later = token => _ready.WaitOne();
            }

            void Static(CancellationToken token)
            {
                System.Action later = static () => new ManualResetEvent(false).WaitOne();
            }
        }
        """);

    [Fact]
    public Task WaitsWithTokenOverloadsAndJoin_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Run(CancellationToken token, SemaphoreSlim semaphore, ManualResetEventSlim slim, BlockingCollection<int> queue, Task task, Thread thread)
            {
                // CA2016 and MA0040 report the ones that have a token overload; Join is the owner waiting for a stopped worker.
                semaphore.Wait();
                slim.Wait();
                queue.Take();
                task.Wait();
                thread.Join();
                Thread.Sleep(0);
            }
        }
        """);

    [Fact]
    public Task WaitsTheTokenWakes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Registered
        {
            private readonly object _gate = new object();
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken token)
            {
                using var registration = token.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
                lock (_gate)
                {
                    Monitor.Wait(_gate);
                }

                using var other = token.Register(_ready.Close);
                _ready.WaitOne();
            }

            void Elsewhere(CancellationToken token)
            {
                token.Register(WakeWorker);
                WaitHandle.WaitAny(new WaitHandle[] { _work });
            }

            void WakeWorker() => _work.Set();

            void Local(CancellationToken token)
            {
                var done = new ManualResetEvent(false);
                token.Register(() => done.Set());
                done.WaitOne();
            }

            void ThroughALocalFunction(CancellationToken token, System.TimeSpan timeout)
            {
                // The callback calls a local function that pulses the lock: the token wakes the wait.
                void Wake()
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }

                using var registration = token.Register(() => Wake());
                lock (_gate)
                {
                    while (Monitor.Wait(_gate, timeout))
                    {
                    }
                }
            }
        }

        class StoppedByOwner
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private volatile bool _stopped;

            void Loop(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    _work.WaitOne();
                    SpinWait.SpinUntil(() => _stopped);
                }
            }

            public void Shutdown()
            {
                _cts.Cancel();
                _work.Set();
                _stopped = true;
                System.Threading.Monitor.PulseAll(this);
            }
        }
        """);

    /// <summary>
    /// A stop method that cancels and then releases a waited semaphore wakes the wait; a <c>Set</c> of a type of the
    /// code's own is not known to wake anything (events and semaphores are told by their type, not by the name).
    /// </summary>
    [Fact]
    public Task CancelThenReleaseOfWaitedSemaphore_NoDiagnostic_OwnTypesSet_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Latch
        {
            public bool IsOpen { get; private set; }

            public void Set() { }
        }

        class Worker
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly SemaphoreSlim _slots = new SemaphoreSlim(0);
            private readonly Latch _latch = new Latch();

            void Run(CancellationToken token)
            {
                SpinWait.SpinUntil(() => _slots.CurrentCount > 0);
                {|#0:SpinWait.SpinUntil(() => _latch.IsOpen)|};
            }

            public void Shutdown()
            {
                _cts.Cancel();
                _slots.Release();
                _latch.Set();
            }
        }
        """, Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("SpinWait.SpinUntil", "token", Condition));

    /// <summary>
    /// A wait after the function kills a process is the grace of the shutdown it started, as one after its own
    /// <c>Cancel()</c> is: the token may have fired, and must not cut it short. Before the kill, the wait is reported.
    /// </summary>
    [Fact]
    public Task WaitAfterAKill_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;
        using System.Threading;

        class Runner
        {
            private readonly ManualResetEvent _released = new ManualResetEvent(false);

            void Replace(Process process, CancellationToken token)
            {
                {|#0:_released.WaitOne(1000)|};
                process.Kill();
                _released.WaitOne(1000);
            }
        }
        """, Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("WaitHandle.WaitOne", "token", Handle));

    [Fact]
    public Task MonitorWaitOnThisPulsedFromRegister_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Channel
        {
            private int _count;

            public void Take(CancellationToken token)
            {
                using var registration = token.Register(() => { lock (this) { Monitor.PulseAll(this); } });
                lock (this)
                {
                    while (!token.IsCancellationRequested && _count == 0)
                    {
                        Monitor.Wait(this);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task MonitorWaitOnThisWithAnUnrelatedRegister_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Channel
        {
            private readonly object _other = new object();

            public void Take(CancellationToken token)
            {
                using var registration = token.Register(() => { lock (_other) { Monitor.PulseAll(_other); } });
                lock (this)
                {
                    {|#0:Monitor.Wait(this)|};
                }
            }
        }
        """, Verify.Diagnostic("TSA2007").WithLocation(0).WithArguments("Monitor.Wait", "token", "pulse the lock from the token's Register callback"));

    [Fact]
    public Task SpinUntilConditionObservesToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private volatile bool _done;

            void Run(CancellationToken token)
            {
                SpinWait.SpinUntil(() => _done || token.IsCancellationRequested);
                SpinWait.SpinUntil(() => token.IsCancellationRequested, 1000);
            }
        }
        """);

    [Fact]
    public Task CleanupWaits_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker : IDisposable
        {
            private readonly ManualResetEvent _stopped = new ManualResetEvent(false);
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            void Run(CancellationToken token)
            {
                try
                {
                    Work();
                }
                finally
                {
                    _stopped.WaitOne(5000);
                }
            }

            void Shutdown(CancellationToken token)
            {
                _cts.Cancel();
                _stopped.WaitOne();
            }

            public void Stop(CancellationToken token) => _stopped.WaitOne();

            public Task StopAsync(CancellationToken token)
            {
                _stopped.WaitOne();
                return Task.CompletedTask;
            }

            public void Dispose()
            {
                using var cts = new CancellationTokenSource();
                _stopped.WaitOne();
            }

            static void Work() { }
        }
        """);

    [Fact]
    public Task LambdaInFinally_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token)
            {
                try { }
                finally
                {
                    Action later = () => [|_ready.WaitOne()|];
                }
            }

            void CancelAfterTheWait()
            {
                using var cts = new CancellationTokenSource();
                Console.CancelKeyPress += (_, e) => cts.Cancel();
                [|_ready.WaitOne()|];
                cts.Cancel();
            }
        }
        """);

    [Fact]
    public Task ArrayBuiltElsewhereAndMethodGroups_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly WaitHandle[] _handles;
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            Worker(WaitHandle[] handles) => _handles = handles;

            void Run(CancellationToken token, WaitHandle[] handles)
            {
                // The contents are not written here: one of them may be the token's handle.
                WaitHandle.WaitAny(_handles);
                WaitHandle.WaitAny(handles);
                var filled = new WaitHandle[2];
                filled[0] = _ready;
                filled[1] = token.WaitHandle;
                WaitHandle.WaitAny(filled);

                // A method group runs wherever it is invoked, not here.
                Func<bool> wait = _ready.WaitOne;
                Task.Run(() => wait());
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Run(CancellationToken token) => _ready.WaitOne();
        }
        """);

    [Fact]
    public Task HalfTypedCode_DoesNotCrash() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private readonly ManualResetEvent _ready = new ManualResetEvent(false);

            void Unclosed(CancellationToken token)
            {
                _ready.WaitOne({|CS1026:|}{|CS1002:|}
            }

            void UnknownArgument(CancellationToken token)
            {
                _ready.WaitOne({|CS0103:delay|});
                {|CS0246:Unknown|} handle = null;
                handle.WaitOne();
                WaitHandle.WaitAny(new WaitHandle[] { {|CS0103:missing|} });
                Monitor.Wait({|CS0103:gate|});
            }
        }
        """);
}
