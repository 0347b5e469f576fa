using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.UncancellableWaitAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.WaitOnTokenCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>TSA2007's fixes for the waits that have no handle to add: <c>Monitor.Wait</c> and <c>SpinWait.SpinUntil</c>.</summary>
public class WakeWaitCodeFixTests
{
    /// <summary>A consumer thread that parks in <c>Monitor.Wait</c> until an item arrives; nothing pulses on cancellation.</summary>
    private const string Consumer = """
        using System.Collections.Generic;
        using System.Threading;

        public sealed class Consumer
        {
            private readonly object _gate = new object();
            private readonly Queue<int> _items = new Queue<int>();
            public int Processed;

            public void Add(int item)
            {
                lock (_gate)
                {
                    _items.Enqueue(item);
                    Monitor.Pulse(_gate);
                }
            }

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    int item;
                    lock (_gate)
                    {
                        while (_items.Count == 0)
                            [|Monitor.Wait(_gate)|]; // until Add
                        item = _items.Dequeue();
                    }

                    Processed += item;
                }
            }
        }
        """;

    private const string ConsumerFixed = """
        using System.Collections.Generic;
        using System.Threading;

        public sealed class Consumer
        {
            private readonly object _gate = new object();
            private readonly Queue<int> _items = new Queue<int>();
            public int Processed;

            public void Add(int item)
            {
                lock (_gate)
                {
                    _items.Enqueue(item);
                    Monitor.Pulse(_gate);
                }
            }

            public void Run(CancellationToken token)
            {
                while (true)
                {
                    int item;
                    using var registration = token.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
                    lock (_gate)
                    {
                        while (_items.Count == 0)
                        {
                            if (token.IsCancellationRequested)
                            {
                                return;
                            }
                            Monitor.Wait(_gate); // until Add
                        }
                        item = _items.Dequeue();
                    }

                    Processed += item;
                }
            }
        }
        """;

    /// <summary>Feeds the fixed consumer two items, cancels while it waits, and cancels another one before it starts.</summary>
    private const string ConsumerHarness = """

        public static class Harness
        {
            public static string Check()
            {
                var consumer = new Consumer();
                using var cts = new CancellationTokenSource();
                var thread = new Thread(() => consumer.Run(cts.Token));
                thread.Start();
                consumer.Add(1);
                consumer.Add(2);
                Thread.Sleep(200);
                cts.Cancel();
                var stopped = thread.Join(2000);

                var late = new Consumer();
                using var cancelled = new CancellationTokenSource();
                cancelled.Cancel();
                var lateThread = new Thread(() => late.Run(cancelled.Token));
                lateThread.Start();
                var lateStopped = lateThread.Join(2000);
                return $"stopped={stopped} processed={consumer.Processed}; cancelled first: stopped={lateStopped}";
            }
        }
        """;

    [Fact]
    public Task MonitorWaitInAWaitLoop_IsPulsedAndChecked() => new Verify.Test
    {
        TestCode = Consumer,
        FixedCode = ConsumerFixed,
        CodeActionEquivalenceKey = "TSA2007:0",
    }.RunAsync();

    [Fact]
    public void ConsumerFixed_StopsOnCancel_EvenWhenCancelledBeforeItWaits()
    {
        var result = FixedShapeRunner.Run(ConsumerFixed + ConsumerHarness, "Harness", "Check");
        Assert.Equal("stopped=True processed=3; cancelled first: stopped=True", result);
    }

    [Fact]
    public Task MonitorWaitWhoseLoopChecksTheToken_OnlyRegisters() => Verify.VerifyCodeFixAsync("""
        using System.Collections.Generic;
        using System.Threading;

        class Channel
        {
            private readonly Queue<int> _items = new Queue<int>();

            public int Take(CancellationToken token)
            {
                lock (this)
                {
                    while (!token.IsCancellationRequested && _items.Count == 0)
                    {
                        if (![|Monitor.Wait(this, 5000)|])
                        {
                            continue;
                        }
                    }

                    return _items.Count > 0 ? _items.Dequeue() : -1;
                }
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;

        class Channel
        {
            private readonly Queue<int> _items = new Queue<int>();

            public int Take(CancellationToken token)
            {
                using var registration = token.Register(() => { lock (this) { Monitor.PulseAll(this); } });
                lock (this)
                {
                    while (!token.IsCancellationRequested && _items.Count == 0)
                    {
                        if (!Monitor.Wait(this, 5000))
                        {
                            continue;
                        }
                    }

                    return _items.Count > 0 ? _items.Dequeue() : -1;
                }
            }
        }
        """);

    [Fact]
    public Task MonitorWaitOutsideAWaitLoop_ChecksBeforeAndAfter() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Stepper
        {
            private static readonly object Gate = new object();

            void Run(CancellationToken token)
            {
                while (true)
                {
                    lock (Gate)
                    {
                        [|Monitor.Wait(Gate)|];
                    }

                    Step();
                }
            }

            async Task RunAsync(CancellationToken cancellationToken)
            {
                var gate = new object();
                lock (gate)
                {
                    [|Monitor.Wait(gate)|];
                }

                await Task.Yield();
            }

            void Step() { }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Stepper
        {
            private static readonly object Gate = new object();

            void Run(CancellationToken token)
            {
                while (true)
                {
                    using var registration = token.Register(() => { lock (Gate) { Monitor.PulseAll(Gate); } });
                    lock (Gate)
                    {
                        if (token.IsCancellationRequested)
                        {
                            break;
                        }
                        Monitor.Wait(Gate);
                        if (token.IsCancellationRequested)
                        {
                            break;
                        }
                    }

                    Step();
                }
            }

            async Task RunAsync(CancellationToken cancellationToken)
            {
                var gate = new object();
                using var registration = cancellationToken.Register(() => { lock (gate) { Monitor.PulseAll(gate); } });
                lock (gate)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(gate);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                await Task.Yield();
            }

            void Step() { }
        }
        """);

    [Fact]
    public Task MonitorWait_NoSafeRewrite_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Shapes
        {
            private object _mutable = new object();
            private readonly object _gate = new object();

            void NotReadOnly(CancellationToken token)
            {
                lock (_mutable) { [|Monitor.Wait(_mutable)|]; }
            }

            void LockHeldByTheCaller(CancellationToken token)
            {
                [|Monitor.Wait(_gate)|];
            }

            void LockedTwice(CancellationToken token)
            {
                lock (_gate)
                {
                    lock (_gate) { [|Monitor.Wait(_gate)|]; }
                }
            }

            void Reassigned(CancellationToken token)
            {
                var gate = new object();
                lock (gate) { [|Monitor.Wait(gate)|]; }
                gate = new object();
            }

            int NoQuietExit(CancellationToken token)
            {
                lock (_gate) { [|Monitor.Wait(_gate)|]; }
                return 1;
            }

            void WorkAfterTheWaitLoop(CancellationToken token)
            {
                while (true)
                {
                    lock (_gate)
                    {
                        while (true) { [|Monitor.Wait(_gate)|]; }
                    }
                }
                System.Console.WriteLine();
            }
        }
        """);

    [Fact]
    public Task SpinUntil_ChecksTheTokenAndLeaves() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Spinner
        {
            private volatile bool _ready;
            private volatile int _count;

            void Run(CancellationToken token)
            {
                while (true)
                {
                    [|SpinWait.SpinUntil(() => _ready)|];
                    _ready = false;
                }
            }

            void Once(CancellationToken token)
            {
                [|SpinWait.SpinUntil(() => _ready && _count > 0, 1000)|]; // bounded
            }

            async Task RunAsync(CancellationToken token)
            {
                [|SpinWait.SpinUntil(() => _count > 2 ? _ready : !_ready)|];
                await Task.Yield();
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Spinner
        {
            private volatile bool _ready;
            private volatile int _count;

            void Run(CancellationToken token)
            {
                while (true)
                {
                    SpinWait.SpinUntil(() => token.IsCancellationRequested || _ready);
                    if (token.IsCancellationRequested)
                    {
                        break;
                    }
                    _ready = false;
                }
            }

            void Once(CancellationToken token)
            {
                SpinWait.SpinUntil(() => token.IsCancellationRequested || (_ready && _count > 0), 1000); // bounded
            }

            async Task RunAsync(CancellationToken token)
            {
                SpinWait.SpinUntil(() => token.IsCancellationRequested || (_count > 2 ? _ready : !_ready));
                token.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task SpinUntil_NoSafeRewrite_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Shapes
        {
            private volatile bool _ready;

            void MethodGroup(CancellationToken token) => [|SpinWait.SpinUntil(IsReady)|];

            void BlockBody(CancellationToken token)
            {
                [|SpinWait.SpinUntil(() => { return _ready; })|];
            }

            void ResultUsed(CancellationToken token)
            {
                if ([|SpinWait.SpinUntil(() => _ready, 100)|]) { }
            }

            int NoQuietExit(CancellationToken token)
            {
                [|SpinWait.SpinUntil(() => _ready)|];
                return 1;
            }

            bool IsReady() => _ready;
        }
        """);

    [Fact]
    public Task FixAll_FixesMonitorAndSpinWaitsTogether() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private readonly object _gate = new object();
                private volatile bool _ready;

                void Wait(CancellationToken token)
                {
                    lock (_gate)
                    {
                        while (!token.IsCancellationRequested && !_ready) [|Monitor.Wait(_gate)|];
                    }
                }

                void Spin(CancellationToken token)
                {
                    while (true)
                    {
                        [|SpinWait.SpinUntil(() => _ready)|];
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                private readonly object _gate = new object();
                private volatile bool _ready;

                void Wait(CancellationToken token)
                {
                    using var registration = token.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
                    lock (_gate)
                    {
                        while (!token.IsCancellationRequested && !_ready) Monitor.Wait(_gate);
                    }
                }

                void Spin(CancellationToken token)
                {
                    while (true)
                    {
                        SpinWait.SpinUntil(() => token.IsCancellationRequested || _ready);
                        if (token.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = "TSA2007:0",
    }.RunAsync();

    /// <summary>
    /// A one-second poll in a loop whose condition is the token (MassTransit's channel executor): it is late by one
    /// period at most, and a wake-up would register a callback on every pass. No fix; the diagnostic stays.
    /// </summary>
    [Fact]
    public Task PollOfASecondInALoopThatStopsOnTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        public sealed class Executor
        {
            private readonly object _gate = new object();

            public void PushWithWait(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (TryWrite())
                        return;

                    lock (_gate)
                        [|Monitor.Wait(_gate, 1000)|];
                }
            }

            private bool TryWrite() => false;
        }
        """);

    /// <summary>The same loop waiting up to a minute a pass is still woken: a stop could take that long.</summary>
    [Fact]
    public Task LongPollInALoopThatStopsOnTheToken_IsWoken() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        public sealed class Executor
        {
            private readonly object _gate = new object();

            public void PushWithWait(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (TryWrite())
                        return;

                    lock (_gate)
                        [|Monitor.Wait(_gate, 60000)|];
                }
            }

            private bool TryWrite() => false;
        }
        """, """
        using System.Threading;

        public sealed class Executor
        {
            private readonly object _gate = new object();

            public void PushWithWait(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (TryWrite())
                        return;

                    using var registration = cancellationToken.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
                    lock (_gate)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            break;
                        }
                        Monitor.Wait(_gate, 60000);
                        if (cancellationToken.IsCancellationRequested)
                        {
                            break;
                        }
                    }
                }
            }

            private bool TryWrite() => false;
        }
        """);
}
