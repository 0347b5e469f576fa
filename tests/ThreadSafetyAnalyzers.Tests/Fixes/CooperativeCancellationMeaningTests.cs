using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.ThreadTerminationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CooperativeCancellationCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// "Use cooperative cancellation" must not change what stopping the thread means: every wait of the worker observes
/// the new token (or there is no fix), the token reaches the worker, a stop that did not wait waits a bounded time,
/// an interrupt that only wakes the thread is left alone, and a worker that already takes a token is handed it.
/// </summary>
public class CooperativeCancellationMeaningTests
{
    /// <summary>A poller that sleeps a minute between rounds, stopped with Abort; run by <see cref="CooperativeCancellationFixedCodeRunsTests"/>.</summary>
    public const string SleepingPoller = """
        using System.Diagnostics;
        using System.Threading;

        public class Poller
        {
            private Thread? _worker;

            public bool Running => _worker?.IsAlive == true;

            public void Start()
            {
                _worker = new Thread(Poll) { IsBackground = true };
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Poll()
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(60000);
                }
            }

            public static string Check()
            {
                var poller = new Poller();
                poller.Start();
                Thread.Sleep(100);
                var stopwatch = Stopwatch.StartNew();
                poller.Stop();
                return stopwatch.ElapsedMilliseconds < 900 && !poller.Running ? "stopped" : "running after " + stopwatch.ElapsedMilliseconds + " ms";
            }
        }
        """;

    public const string SleepingPollerFixed = """
        using System.Diagnostics;
        using System.Threading;

        public class Poller
        {
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public bool Running => _worker?.IsAlive == true;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Poll(workerToken)) { IsBackground = true };
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            private void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(60000);
                }
            }

            public static string Check()
            {
                var poller = new Poller();
                poller.Start();
                Thread.Sleep(100);
                var stopwatch = Stopwatch.StartNew();
                poller.Stop();
                return stopwatch.ElapsedMilliseconds < 900 && !poller.Running ? "stopped" : "running after " + stopwatch.ElapsedMilliseconds + " ms";
            }
        }
        """;

    /// <summary>A listener whose worker waits on an event nobody sets, stopped with Interrupt.</summary>
    public const string WaitingListener = """
        using System.Diagnostics;
        using System.Threading;

        public class Listener
        {
            private readonly AutoResetEvent _signal = new AutoResetEvent(false);
            private Thread? _worker;

            public bool Running => _worker?.IsAlive == true;

            public void Start()
            {
                _worker = new Thread(() =>
                {
                    {|TSA2002:while (true)|}
                    {
                        _signal.WaitOne();
                        System.Console.WriteLine("signalled");
                    }
                })
                { IsBackground = true };
                _worker.Start();
            }

            public void Stop()
            {
                {|TSA1002:_worker?.Interrupt()|};
            }

            public static string Check()
            {
                var listener = new Listener();
                listener.Start();
                Thread.Sleep(100);
                var stopwatch = Stopwatch.StartNew();
                listener.Stop();
                return stopwatch.ElapsedMilliseconds < 900 && !listener.Running ? "stopped" : "running after " + stopwatch.ElapsedMilliseconds + " ms";
            }
        }
        """;

    public const string WaitingListenerFixed = """
        using System.Diagnostics;
        using System.Threading;

        public class Listener
        {
            private readonly AutoResetEvent _signal = new AutoResetEvent(false);
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public bool Running => _worker?.IsAlive == true;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() =>
                {
                    while (!workerToken.IsCancellationRequested)
                    {
                        if (WaitHandle.WaitAny(new[] { _signal, workerToken.WaitHandle }) == 1)
                        {
                            break;
                        }
                        System.Console.WriteLine("signalled");
                    }
                })
                { IsBackground = true };
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            public static string Check()
            {
                var listener = new Listener();
                listener.Start();
                Thread.Sleep(100);
                var stopwatch = Stopwatch.StartNew();
                listener.Stop();
                return stopwatch.ElapsedMilliseconds < 900 && !listener.Running ? "stopped" : "running after " + stopwatch.ElapsedMilliseconds + " ms";
            }
        }
        """;

    [Fact]
    public Task LongSleepInWorkerLoop_WaitsOnTheToken_BoundedJoin() => WithLoopRules(SleepingPoller, SleepingPollerFixed, "Use cooperative cancellation: cancel and wait up to 1 s");

    [Fact]
    public Task EventWaitInLambdaWorker_WaitsOnTheTokenToo() => WithLoopRules(WaitingListener, WaitingListenerFixed, "Use cooperative cancellation: cancel and wait up to 1 s");

    [Fact]
    public Task SleepOutsideLoops_LeavesTheWorkerOnceCancelled() => WithLoopRules("""
        using System.Threading;

        class Delayed
        {
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Later);
                _worker.Start();
            }

            public void Cancel()
            {
                {|TSA1001:_worker?.Abort()|};
                _worker?.Join(); // wait for it
            }

            private void Later()
            {
                Thread.Sleep(30000); // a long time
                System.Console.WriteLine("later");
            }
        }
        """, """
        using System.Threading;

        class Delayed
        {
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Later(workerToken));
                _worker.Start();
            }

            public void Cancel()
            {
                _workerCts?.Cancel();
                _worker?.Join(); // wait for it
            }

            private void Later(CancellationToken cancellationToken = default)
            {
                if (cancellationToken.WaitHandle.WaitOne(30000))
                {
                    return;
                } // a long time
                System.Console.WriteLine("later");
            }
        }
        """, "Use cooperative cancellation: cancel and wait");

    [Fact]
    public Task WaitAnyInWorker_GetsTheTokenHandle() => WithLoopRules("""
        using System.Threading;

        class Switchboard
        {
            private readonly AutoResetEvent _left = new AutoResetEvent(false);
            private readonly AutoResetEvent _right = new AutoResetEvent(false);
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Route);
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Route()
            {
                {|TSA2002:while (true)|}
                {
                    var which = WaitHandle.WaitAny(new WaitHandle[] { _left, _right });
                    System.Console.WriteLine(which);
                }
            }
        }
        """, """
        using System.Threading;

        class Switchboard
        {
            private readonly AutoResetEvent _left = new AutoResetEvent(false);
            private readonly AutoResetEvent _right = new AutoResetEvent(false);
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Route(workerToken));
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            private void Route(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var which = WaitHandle.WaitAny(new WaitHandle[] { _left, _right, cancellationToken.WaitHandle });
                    if (which == 2)
                    {
                        break;
                    }
                    System.Console.WriteLine(which);
                }
            }
        }
        """, "Use cooperative cancellation: cancel and wait up to 1 s");

    [Fact]
    public Task MonitorWaitAndSpinUntilInWorker_AreWokenByTheToken() => WithLoopRules("""
        using System.Collections.Generic;
        using System.Threading;

        class Consumer
        {
            private readonly object _gate = new object();
            private readonly Queue<int> _items = new Queue<int>();
            private volatile bool _ready;
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Consume);
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Consume()
            {
                {|TSA2002:while (true)|}
                {
                    SpinWait.SpinUntil(() => _ready);
                    lock (_gate)
                    {
                        while (_items.Count == 0)
                        {
                            Monitor.Wait(_gate);
                        }

                        System.Console.WriteLine(_items.Dequeue());
                    }
                }
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;

        class Consumer
        {
            private readonly object _gate = new object();
            private readonly Queue<int> _items = new Queue<int>();
            private volatile bool _ready;
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Consume(workerToken));
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            private void Consume(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    SpinWait.SpinUntil(() => cancellationToken.IsCancellationRequested || _ready);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    using var registration = cancellationToken.Register(() => { lock (_gate) { Monitor.PulseAll(_gate); } });
                    lock (_gate)
                    {
                        while (_items.Count == 0)
                        {
                            if (cancellationToken.IsCancellationRequested)
                            {
                                return;
                            }
                            Monitor.Wait(_gate);
                        }

                        System.Console.WriteLine(_items.Dequeue());
                    }
                }
            }
        }
        """, "Use cooperative cancellation: cancel and wait up to 1 s");

    /// <summary>What TSA2002's fix leaves: the worker takes a token and checks it, the thread's start lets it default.</summary>
    [Fact]
    public Task WorkerAlreadyTakesAToken_ItIsPassedTheThreadsToken() => WithLoopRules("""
        using System.Threading;

        class Poller
        {
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(() => Run());
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Run(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(500);
                }
            }
        }
        """, """
        using System.Threading;

        class Poller
        {
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Run(workerToken));
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            private void Run(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(500);
                }
            }
        }
        """, "Use cooperative cancellation: cancel and wait up to 1 s");

    [Fact]
    public Task WorkerAlreadyTakesATokenAfterOtherOptionalParameters_NamedArgument() => WithLoopRules("""
        using System.Threading;

        class Poller
        {
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(() => Run());
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Run(int interval = 500, string name = "poller", CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(interval);
                }
            }
        }
        """, """
        using System.Threading;

        class Poller
        {
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Run(cancellationToken: workerToken));
                _worker.Start();
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker?.Join(1000);
            }

            private void Run(int interval = 500, string name = "poller", CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(interval);
                }
            }
        }
        """, "Use cooperative cancellation: cancel and wait up to 1 s");

    /// <summary>Interrupting a sleeping worker to make it poll sooner: it catches the interrupt and goes on, nothing joins it.</summary>
    [Fact]
    public Task InterruptAsWakeUp_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Refresher
        {
            private readonly Thread _worker;

            public Refresher()
            {
                _worker = new Thread(Loop) { IsBackground = true };
                _worker.Start();
            }

            public void RefreshNow() => {|TSA1002:_worker.Interrupt()|};

            private void Loop()
            {
                while (true)
                {
                    try
                    {
                        Thread.Sleep(60000);
                    }
                    catch (ThreadInterruptedException)
                    {
                        // woken early: refresh now
                    }

                    System.Console.WriteLine("refresh");
                }
            }
        }
        """);

    /// <summary>The same worker, but the interrupt is followed by a join: the caller means to stop it.</summary>
    [Fact]
    public Task InterruptFollowedByJoin_IsAStop_Fixed() => WithLoopRules("""
        using System;
        using System.Threading;

        class Refresher
        {
            private readonly Thread _worker;

            public Refresher()
            {
                _worker = new Thread(Loop) { IsBackground = true };
                _worker.Start();
            }

            public void Close()
            {
                {|TSA1002:_worker.Interrupt()|};
                _worker.Join(TimeSpan.FromSeconds(5));
            }

            private void Loop()
            {
                {|TSA2002:while (true)|}
                {
                    try
                    {
                        Thread.Sleep(60000);
                    }
                    catch (Exception)
                    {
                    }

                    Console.WriteLine("refresh");
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        class Refresher
        {
            private readonly Thread _worker;
            private readonly CancellationTokenSource _workerCts;

            public Refresher()
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(() => Loop(workerToken)) { IsBackground = true };
                _worker.Start();
            }

            public void Close()
            {
                _workerCts.Cancel();
                _worker.Join(TimeSpan.FromSeconds(5));
            }

            private void Loop(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        cancellationToken.WaitHandle.WaitOne(60000);
                    }
                    catch (Exception)
                    {
                    }

                    Console.WriteLine("refresh");
                }
            }
        }
        """, "Use cooperative cancellation: cancel and wait");

    [Theory]
    [InlineData("System.Console.ReadLine();")]
    [InlineData("System.Console.ReadKey();")]
    [InlineData("_reader.ReadLine();")]
    [InlineData("Monitor.Wait(_reader);")]
    [InlineData("_other.Join();")]
    [InlineData("_queue.Take();")]
    [InlineData("WaitHandle.WaitAll(new WaitHandle[] { _event });")]
    [InlineData("SpinWait.SpinUntil(() => { return _other.IsAlive; });")]
    [InlineData("foreach (var item in _queue.GetConsumingEnumerable()) { }")]
    [InlineData("System.Action nap = () => Thread.Sleep(1000); nap();")]
    public Task WorkerBlocksWhereTheTokenCannotReach_NoFix(string blockingStatement) => Verify.VerifyNoFixAsync("""
        using System.Collections.Concurrent;
        using System.IO;
        using System.Threading;

        class Worker
        {
            private readonly TextReader _reader = new StringReader("");
            private readonly Thread _other = new Thread(() => { });
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();
            private readonly ManualResetEvent _event = new ManualResetEvent(false);
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Run);
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Run()
            {
                var rounds = 0;
                while (rounds < 10)
                {
                    rounds++;
                    
        """ + blockingStatement + """

                }
            }
        }
        """);

    [Theory]
    [InlineData("class C { System.Action _work = () => { }; Thread? _t; void A() => _t = new Thread(_ => _work()); void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class C { void M(System.Action work) { var t = new Thread(() => work()); t.Start(); {|TSA1002:t.Interrupt()|}; } }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(Run); void M() => {|TSA1001:_t?.Abort()|}; void Run() { for (var i = 0; i < 3; i++) System.Console.WriteLine(i); } }")]
    [InlineData("class C { CancellationToken _other; Thread? _t; void A() => _t = new Thread(() => { while (!_other.IsCancellationRequested) { } }); void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void A(CancellationToken token) => _t = new Thread(() => Run(token)); void M() => {|TSA1001:_t?.Abort()|}; void Run(CancellationToken token) { while (!token.IsCancellationRequested) { } } }")]
    public Task TokenWouldNotReachTheWork_NoFix(string source) => Verify.VerifyNoFixAsync("using System.Threading;\n" + source);

    private static Task WithLoopRules(string source, string fixedSource, string title)
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = source,
            FixedCode = fixedSource,
            FixedState = { MarkupHandling = MarkupMode.Allow },
            CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title),
        };
        return test.RunAsync();
    }
}
