using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.ThreadTerminationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CooperativeCancellationCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class CooperativeCancellationCodeFixTests
{
    [Fact]
    public Task FieldThread_MethodGroupWorker_GetsSourceParameterAndJoin() => WithLoopRules("""
        using System.Threading;

        class Poller
        {
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Run);
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Run()
            {
                {|TSA2002:while (true)|}
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
        """);

    [Fact]
    public Task LocalThread_LambdaWorker_CapturesTheSource() => WithLoopRules("""
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                // The worker.
                var worker = new Thread(() =>
                {
                    while (true)
                    {
                        Console.WriteLine("tick"); // tick
                        Thread.Sleep(100);
                    }
                });
                worker.Start();
                Console.ReadLine();
                {|TSA1002:worker.Interrupt()|}; // stop it
            }
        }
        """, """
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                // The worker.
                var workerCts = new CancellationTokenSource();
                var worker = new Thread(() =>
                {
                    while (!workerCts.IsCancellationRequested)
                    {
                        Console.WriteLine("tick"); // tick
                        workerCts.Token.WaitHandle.WaitOne(100);
                    }
                });
                worker.Start();
                Console.ReadLine();
                workerCts.Cancel(); // stop it
                worker.Join(1000);
            }
        }
        """);

    [Fact]
    public Task ParameterizedThreadStart_KeepsTheStateArgument() => WithLoopRules("""
        using System.Threading;

        class Downloader
        {
            private Thread? _worker;

            public void Start(string url)
            {
                _worker = new Thread(new ParameterizedThreadStart(Download));
                _worker.Start(url);
            }

            public void Stop()
            {
                {|TSA1001:_worker!.Abort("stopping")|};
            }

            private void Download(object? state)
            {
                {|TSA2002:for (;;)|}
                {
                    Thread.Sleep(10);
                }
            }
        }
        """, """
        using System.Threading;

        class Downloader
        {
            private Thread? _worker;
            private CancellationTokenSource? _workerCts;

            public void Start(string url)
            {
                _workerCts = new CancellationTokenSource();
                var workerToken = _workerCts.Token;
                _worker = new Thread(new ParameterizedThreadStart((obj) => Download(obj, workerToken)));
                _worker.Start(url);
            }

            public void Stop()
            {
                _workerCts?.Cancel();
                _worker!.Join(1000);
            }

            private void Download(object? state, CancellationToken cancellationToken = default)
            {
                for (; !cancellationToken.IsCancellationRequested;)
                {
                    cancellationToken.WaitHandle.WaitOne(10);
                }
            }
        }
        """);

    [Fact]
    public Task WorkerWhileRunning_GetsExitCheck() => WithLoopRules("""
        using System.Threading;

        class Service
        {
            private readonly Thread _thread;
            private volatile bool _running = true;

            public Service()
            {
                _thread = new Thread(Loop) { IsBackground = true };
                _thread.Start();
            }

            public void Shutdown()
            {
                _running = false;
                {|TSA1001:_thread.Abort()|};
            }

            private void Loop()
            {
                while (_running)
                {
                    DoWork();
                }
            }

            private static void DoWork() { }
        }
        """, """
        using System.Threading;

        class Service
        {
            private readonly Thread _thread;
            private readonly CancellationTokenSource _threadCts;
            private volatile bool _running = true;

            public Service()
            {
                _threadCts = new CancellationTokenSource();
                var threadToken = _threadCts.Token;
                _thread = new Thread(() => Loop(threadToken)) { IsBackground = true };
                _thread.Start();
            }

            public void Shutdown()
            {
                _running = false;
                _threadCts.Cancel();
                _thread.Join(1000);
            }

            private void Loop(CancellationToken cancellationToken = default)
            {
                while (_running)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    DoWork();
                }
            }

            private static void DoWork() { }
        }
        """);

    [Fact]
    public Task WorkerThatNeverReadsTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Importer
        {
            private Thread? _import;

            public void Begin()
            {
                _import = new Thread(Import);
                _import.Start();
            }

            // Import has no loop and no wait: a Cancel() would reach nothing, and Abort() did stop it.
            public void Cancel() => {|TSA1001:_import?.Abort()|};

            private void Import() => System.Console.WriteLine("importing");
        }
        """);

    /// <summary>
    /// MailKit's command pipeline: the stop cancels the source the worker's loop already tests, then aborts. A second
    /// source from the fix would only run beside the first: no fix.
    /// </summary>
    [Fact]
    public Task WorkerThatAlreadyStopsOnTheCancelledSource_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Collections.Concurrent;
        using System.Threading;

        class Pipeline
        {
            private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
            private readonly ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();
            private readonly ManualResetEvent _wake = new ManualResetEvent(false);
            private readonly Thread _thread;

            public Pipeline() => _thread = new Thread(MainLoop) { IsBackground = true };

            public void Stop()
            {
                _cancellation.Cancel();
                _wake.Set();
                {|TSA1001:_thread.Abort()|};
            }

            private void MainLoop()
            {
                while (!_cancellation.IsCancellationRequested)
                {
                    if (!_queue.TryDequeue(out var item))
                    {
                        _wake.WaitOne();
                        _wake.Reset();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task ExistingTimedJoin_IsKeptAndNotDoubled() => WithLoopRules("""
        using System;
        using System.Threading;

        class Host
        {
            void Run(Action action)
            {
                var thread = new Thread(_ => action());
                thread.Start();
                if (!thread.Join(500))
                {
                    {|TSA1001:thread.Abort()|};
                    thread.Join(); // ensure it's finished
                }
            }

            void RunBriefly()
            {
                var thread = new Thread(() => { {|TSA2002:while (true)|} Thread.Sleep(1); });
                thread.Start();
                {|TSA1001:thread.Abort()|};
                if (!thread.Join(TimeSpan.FromSeconds(1)))
                {
                    Console.WriteLine("still running");
                }
            }

            void Timed(Thread other)
            {
                var thread = new Thread(() => { });
                thread.Start();
                if (!thread.Join(100)) {|TSA1002:thread.Interrupt()|};
            }
        }
        """, """
        using System;
        using System.Threading;

        class Host
        {
            void Run(Action action)
            {
                var thread = new Thread(_ => action());
                thread.Start();
                if (!thread.Join(500))
                {
                    {|TSA1001:thread.Abort()|};
                    thread.Join(); // ensure it's finished
                }
            }

            void RunBriefly()
            {
                var threadCts = new CancellationTokenSource();
                var thread = new Thread(() => { while (!threadCts.IsCancellationRequested) threadCts.Token.WaitHandle.WaitOne(1); });
                thread.Start();
                threadCts.Cancel();
                if (!thread.Join(TimeSpan.FromSeconds(1)))
                {
                    Console.WriteLine("still running");
                }
            }

            void Timed(Thread other)
            {
                var thread = new Thread(() => { });
                thread.Start();
                if (!thread.Join(100)) {|TSA1002:thread.Interrupt()|};
            }
        }
        """);

    [Fact]
    public Task SeveralThreads_FixAll_OneSourcePerThread()
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = """
                using System.Collections.Concurrent;
                using System.Threading;

                class Pipeline
                {
                    private readonly BlockingCollection<int> _queue = new();
                    private Thread? _reader;
                    private Thread? _writer;

                    public void Start()
                    {
                        _reader = new Thread(Read);
                        _writer = new Thread(() =>
                        {
                            {|TSA2002:while (true)|}
                            {
                                _queue.Add(1);
                            }
                        });
                        _reader.Start();
                        _writer.Start();
                    }

                    public void Stop()
                    {
                        {|TSA1001:_reader?.Abort()|};
                        {|TSA1001:_writer?.Abort()|};
                        _reader?.Join();
                        _writer?.Join();
                    }

                    public void Dispose() => {|TSA1002:_reader?.Interrupt()|};

                    private void Read()
                    {
                        {|TSA2002:while (true)|}
                        {
                            if (_queue.TryTake(out var item, 100))
                            {
                                System.Console.WriteLine(item);
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Concurrent;
                using System.Threading;

                class Pipeline
                {
                    private readonly BlockingCollection<int> _queue = new();
                    private Thread? _reader;
                    private CancellationTokenSource? _readerCts;
                    private Thread? _writer;
                    private CancellationTokenSource? _writerCts;

                    public void Start()
                    {
                        _readerCts = new CancellationTokenSource();
                        var readerToken = _readerCts.Token;
                        _reader = new Thread(() => Read(readerToken));
                        _writerCts = new CancellationTokenSource();
                        var writerToken = _writerCts.Token;
                        _writer = new Thread(() =>
                        {
                            while (!writerToken.IsCancellationRequested)
                            {
                                _queue.Add(1);
                            }
                        });
                        _reader.Start();
                        _writer.Start();
                    }

                    public void Stop()
                    {
                        _readerCts?.Cancel();
                        _writerCts?.Cancel();
                        _reader?.Join();
                        _writer?.Join();
                    }

                    public void Dispose()
                    {
                        _readerCts?.Cancel();
                        _reader?.Join(1000);
                    }

                    private void Read(CancellationToken cancellationToken = default)
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            if (_queue.TryTake(out var item, 100))
                            {
                                System.Console.WriteLine(item);
                            }
                        }
                    }
                }
                """,
            // One fix handles every stop call of its thread: two single fixes, one Fix All pass.
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task AbortInsideLambda_BecomesBlockBody() => WithLoopRules("""
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                var worker = new Thread(Work);
                worker.Start();
                Console.CancelKeyPress += (sender, e) => {|TSA1001:worker.Abort()|};
                worker.Join();
            }

            static void Work()
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(1000);
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                var workerCts = new CancellationTokenSource();
                var worker = new Thread(() => Work(workerCts.Token));
                worker.Start();
                Console.CancelKeyPress += (sender, e) =>
                {
                    workerCts.Cancel();
                    worker.Join(1000);
                };
                worker.Join();
            }

            static void Work(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(1000);
                }
            }
        }
        """);

    [Fact]
    public Task ReadonlyFieldCreatedInExpressionBodiedConstructor_TryCatchKeptAndNamedInTitle()
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = """
                using System.Threading;

                class Worker
                {
                    private readonly Thread _worker;

                    public Worker() => _worker = new Thread(Run); // created here

                    public void Stop()
                    {
                        {|TSA1001:this._worker.Abort()|};
                    }

                    private void Run()
                    {
                        try
                        {
                            {|TSA2002:while (true)|}
                            {
                                Thread.Sleep(10);
                            }
                        }
                        catch (ThreadAbortException)
                        {
                            {|TSA1001:Thread.ResetAbort()|};
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Threading;

                class Worker
                {
                    private readonly Thread _worker;
                    private readonly CancellationTokenSource _workerCts;

                    public Worker()
                    {
                        _workerCts = new CancellationTokenSource();
                        var workerToken = _workerCts.Token;
                        _worker = new Thread(() => Run(workerToken)); // created here
                    }

                    public void Stop()
                    {
                        this._workerCts.Cancel();
                        this._worker.Join(1000);
                    }

                    private void Run(CancellationToken cancellationToken = default)
                    {
                        try
                        {
                            while (!cancellationToken.IsCancellationRequested)
                            {
                                cancellationToken.WaitHandle.WaitOne(10);
                            }
                        }
                        catch (ThreadAbortException)
                        {
                            {|TSA1001:Thread.ResetAbort()|};
                        }
                    }
                }
                """,
            FixedState = { MarkupHandling = MarkupMode.Allow },
            CodeActionVerifier = (action, verifier) => verifier.Equal(
                "Use cooperative cancellation: cancel and wait up to 1 s (review the worker's catch (ThreadAbortException) and Thread.ResetAbort())",
                action.Title),
        };
        return test.RunAsync();
    }

    [Fact]
    public Task StaticFieldInitializer_SourceInitializedBeforeIt() => WithLoopRules("""
        using System.Threading;

        static class Heartbeat
        {
            private static readonly Thread s_beat = new Thread(Beat) { IsBackground = true };

            public static void Start() => s_beat.Start();

            public static void Stop() => {|TSA1001:s_beat.Abort()|};

            private static void Beat()
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(1000);
                }
            }
        }
        """, """
        using System.Threading;

        static class Heartbeat
        {
            private static readonly CancellationTokenSource s_beatCts = new CancellationTokenSource();
            private static readonly Thread s_beat = new Thread(() => Beat(s_beatCts.Token)) { IsBackground = true };

            public static void Start() => s_beat.Start();

            public static void Stop()
            {
                s_beatCts.Cancel();
                s_beat.Join(1000);
            }

            private static void Beat(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    cancellationToken.WaitHandle.WaitOne(1000);
                }
            }
        }
        """);

    [Fact]
    public Task ForwardingLambda_TheCalledMethodIsTheWorker() => WithLoopRules("""
        using System.Threading;

        class Monitor
        {
            private Thread? _watcher;

            public void Watch(int interval)
            {
                if (_watcher == null)
                    _watcher = new Thread(() => Poll(interval));
                _watcher.Start();
            }

            public void Unwatch() => {|TSA1001:_watcher?.Abort()|};

            private void Poll(int interval)
            {
                {|TSA2002:do|}
                {
                    Thread.Sleep(interval);
                }
                while (true);
            }
        }
        """, """
        using System.Threading;

        class Monitor
        {
            private Thread? _watcher;
            private CancellationTokenSource? _watcherCts;

            public void Watch(int interval)
            {
                if (_watcher == null)
                {
                    _watcherCts = new CancellationTokenSource();
                    var watcherToken = _watcherCts.Token;
                    _watcher = new Thread(() => Poll(interval, watcherToken));
                }
                _watcher.Start();
            }

            public void Unwatch()
            {
                _watcherCts?.Cancel();
                _watcher?.Join(1000);
            }

            private void Poll(int interval, CancellationToken cancellationToken = default)
            {
                do
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    cancellationToken.WaitHandle.WaitOne(interval);
                }
                while (true);
            }
        }
        """);

    [Fact]
    public Task TopLevelStatements_LocalThread()
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = """
                using System;
                using System.Threading;

                var worker = new Thread(() =>
                {
                    for (;;) { Thread.Sleep(50); }
                });
                worker.Start();
                Console.ReadKey();
                {|TSA1001:worker.Abort()|};
                """,
            FixedCode = """
                using System;
                using System.Threading;

                var workerCts = new CancellationTokenSource();
                var worker = new Thread(() =>
                {
                    for (; !workerCts.IsCancellationRequested;) { workerCts.Token.WaitHandle.WaitOne(50); }
                });
                worker.Start();
                Console.ReadKey();
                workerCts.Cancel();
                worker.Join(1000);
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task SameThreadStoppedTwice_OneSource() => WithLoopRules("""
        using System.Threading;

        class Worker
        {
            private Thread _thread = null!;

            public void Start()
            {
                _thread = new Thread(() => { {|TSA2002:while (true)|} Thread.Sleep(1); });
                _thread.Start();
            }

            public void Stop() => {|TSA1001:_thread.Abort()|};

            public void Kill()
            {
                {|TSA1002:_thread.Interrupt()|};
                {|TSA1001:_thread.Abort()|};
                _thread = null!;
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private Thread _thread = null!;
            private CancellationTokenSource _threadCts;

            public void Start()
            {
                _threadCts = new CancellationTokenSource();
                var threadToken = _threadCts.Token;
                _thread = new Thread(() => { while (!threadToken.IsCancellationRequested) threadToken.WaitHandle.WaitOne(1); });
                _thread.Start();
            }

            public void Stop()
            {
                _threadCts.Cancel();
                _thread.Join(1000);
            }

            public void Kill()
            {
                _threadCts.Cancel();
                _thread.Join(1000);
                _threadCts.Cancel();
                _thread.Join(1000);
                _thread = null!;
            }
        }
        """);

    [Fact]
    public Task NetFramework_WorkerBlockedInMonitorWait_NoFix()
    {
        // Interrupt() ends the Monitor.Wait; a cancelled token would not, and the new Join would wait for nothing.
        var source = """
                using System.Collections.Generic;
                using System.Threading;

                class Consumer
                {
                    private readonly Queue<string> _items = new Queue<string>();
                    private Thread _thread;

                    public void Start()
                    {
                        _thread = new Thread(delegate ()
                        {
                            try
                            {
                                {|TSA2002:while (true)|}
                                {
                                    lock (_items)
                                    {
                                        while (_items.Count == 0)
                                        {
                                            Monitor.Wait(_items);
                                        }

                                        _items.Dequeue();
                                    }
                                }
                            }
                            catch (ThreadInterruptedException)
                            {
                            }
                        });
                        _thread.Start();
                    }

                    public void Stop() => {|TSA1002:_thread.Interrupt()|};
                }
                """;
        var test = new Verify.Test(TargetFramework.NetFramework48)
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = source,
            FixedCode = source,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NetFramework_InterruptedWorkerWaitingOnEvent_WaitObservesTheTokenAndCatchIsNamedInTitle()
    {
        var test = new Verify.Test(TargetFramework.NetFramework48)
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = """
                using System.Collections.Generic;
                using System.Threading;

                class Consumer
                {
                    private readonly Queue<string> _items = new Queue<string>();
                    private readonly AutoResetEvent _added = new AutoResetEvent(false);
                    private Thread _thread;

                    public void Start()
                    {
                        _thread = new Thread(delegate ()
                        {
                            try
                            {
                                {|TSA2002:while (true)|}
                                {
                                    _added.WaitOne();
                                    lock (_items)
                                    {
                                        _items.Clear();
                                    }
                                }
                            }
                            catch (ThreadInterruptedException)
                            {
                            }
                        });
                        _thread.Start();
                    }

                    public void Stop() => {|TSA1002:_thread.Interrupt()|};
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading;

                class Consumer
                {
                    private readonly Queue<string> _items = new Queue<string>();
                    private readonly AutoResetEvent _added = new AutoResetEvent(false);
                    private Thread _thread;
                    private CancellationTokenSource _threadCts;

                    public void Start()
                    {
                        _threadCts = new CancellationTokenSource();
                        var threadToken = _threadCts.Token;
                        _thread = new Thread(delegate ()
                        {
                            try
                            {
                                while (!threadToken.IsCancellationRequested)
                                {
                                    if (WaitHandle.WaitAny(new[] { _added, threadToken.WaitHandle }) == 1)
                                    {
                                        break;
                                    }
                                    lock (_items)
                                    {
                                        _items.Clear();
                                    }
                                }
                            }
                            catch (ThreadInterruptedException)
                            {
                            }
                        });
                        _thread.Start();
                    }

                    public void Stop()
                    {
                        _threadCts.Cancel();
                        _thread.Join(1000);
                    }
                }
                """,
            CodeActionVerifier = (action, verifier) => verifier.Equal(
                "Use cooperative cancellation: cancel and wait up to 1 s (review the worker's catch (ThreadInterruptedException))",
                action.Title),
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Comments_AreKept() => WithLoopRules("""
        using System.Threading;

        class Worker
        {
            // The thread.
            private Thread? _thread; // may be null

            public void Start()
            {
                // Create it.
                _thread = new Thread(Run); // not started yet
                _thread.Start();
            }

            public void Stop() => {|TSA1001:_thread?.Abort()|}; // the old way

            public void Halt()
            {
                // First ask nicely.
                {|TSA1002:_thread?.Interrupt()|}; // wakes it
                _thread?.Join(100); // then wait
            }

            private void Run()
            {
                // Forever.
                {|TSA2002:while (true)|} // spin
                {
                    Thread.Sleep(1); // nap
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            // The thread.
            private Thread? _thread; // may be null
            private CancellationTokenSource? _threadCts;

            public void Start()
            {
                // Create it.
                _threadCts = new CancellationTokenSource();
                var threadToken = _threadCts.Token;
                _thread = new Thread(() => Run(threadToken)); // not started yet
                _thread.Start();
            }

            public void Stop()
            {
                _threadCts?.Cancel(); // the old way
                _thread?.Join(1000);
            }

            public void Halt()
            {
                // First ask nicely.
                _threadCts?.Cancel(); // wakes it
                _thread?.Join(100); // then wait
            }

            private void Run(CancellationToken cancellationToken = default)
            {
                // Forever.
                while (!cancellationToken.IsCancellationRequested) // spin
                {
                    cancellationToken.WaitHandle.WaitOne(1); // nap
                }
            }
        }
        """);

    [Fact]
    // The new source is Main's own switch for its worker: nothing else cancels it, so Main's loop has no cancellation to
    // observe, is not reported, and does not hold the fix back.
    public Task OwnerLoopNextToItsOwnStopSwitch_IsFixed() => WithLoopRules("""
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                var worker = new Thread(() => { while (true) Thread.Sleep(1); });
                worker.Start();
                while (!Console.KeyAvailable)
                {
                    Thread.Sleep(100);
                }

                {|TSA1001:worker.Abort()|};
            }
        }
        """, """
        using System;
        using System.Threading;

        class Program
        {
            static void Main()
            {
                var workerCts = new CancellationTokenSource();
                var worker = new Thread(() => { while (!workerCts.IsCancellationRequested) workerCts.Token.WaitHandle.WaitOne(1); });
                worker.Start();
                while (!Console.KeyAvailable)
                {
                    Thread.Sleep(100);
                }

                workerCts.Cancel();
                worker.Join(1000);
            }
        }
        """);

    [Fact]
    public Task FieldOfPartialTypeCreatedInAnotherFile_NoFix()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Stop.cs", """
            using System.Threading;

            partial class Worker
            {
                private Thread? _thread;

                public void Stop() => {|TSA1001:_thread?.Abort()|};
            }
            """));
        test.TestState.Sources.Add(("Start.cs", """
            using System.Threading;

            partial class Worker
            {
                public void Start() => _thread = new Thread(() => { });
            }
            """));
        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task CreationInExpressionBody_StaysAnExpression() => WithLoopRules("""
        using System.Threading;

        class Worker
        {
            private Thread? _thread;

            public Thread Start() => (_thread = new Thread(Run)).Also();

            public void Stop()
            {
                if (_thread != null) {|TSA1001:_thread.Abort()|};
            }

            private void Run() { Thread.Sleep(100); System.Console.WriteLine("started"); }
        }

        static class ThreadExtensions
        {
            public static Thread Also(this Thread thread) { thread.Start(); return thread; }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private Thread? _thread;
            private CancellationTokenSource? _threadCts;

            public Thread Start()
            {
                _threadCts = new CancellationTokenSource();
                var threadToken = _threadCts.Token;
                return (_thread = new Thread(() => Run(threadToken))).Also();
            }

            public void Stop()
            {
                if (_thread != null)
                {
                    _threadCts?.Cancel();
                    _thread.Join(1000);
                }
            }

            private void Run(CancellationToken cancellationToken = default) { if (cancellationToken.WaitHandle.WaitOne(100)) { return; } System.Console.WriteLine("started"); }
        }

        static class ThreadExtensions
        {
            public static Thread Also(this Thread thread) { thread.Start(); return thread; }
        }
        """);

    [Fact]
    public Task AllRules_UnstoppableWorkerLoopIsFixedToo_NothingNewReported() => WithLoopRules("""
        using System.Threading;

        class Poller
        {
            private Thread? _worker;

            public void Start()
            {
                _worker = new Thread(Run);
                _worker.Start();
            }

            public void Stop() => {|TSA1001:_worker?.Abort()|};

            private void Run()
            {
                {|TSA2002:while (true)|}
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
        """);

    [Fact]
    public Task AllRules_TwoLambdaWorkersInOneMethod_FixAllLeavesNoTokenIgnored()
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = """
                using System.Threading;

                class Pair
                {
                    private Thread? _ping;
                    private Thread? _pong;

                    public void Start()
                    {
                        _ping = new Thread(() => { {|TSA2002:while (true)|} Thread.Sleep(1); });
                        _pong = new Thread(() => { {|TSA2002:while (true)|} Thread.Sleep(2); });
                    }

                    public void Stop()
                    {
                        {|TSA1001:_ping?.Abort()|};
                        {|TSA1001:_pong?.Abort()|};
                    }
                }
                """,
            FixedCode = """
                using System.Threading;

                class Pair
                {
                    private Thread? _ping;
                    private CancellationTokenSource? _pingCts;
                    private Thread? _pong;
                    private CancellationTokenSource? _pongCts;

                    public void Start()
                    {
                        _pingCts = new CancellationTokenSource();
                        var pingToken = _pingCts.Token;
                        _ping = new Thread(() => { while (!pingToken.IsCancellationRequested) pingToken.WaitHandle.WaitOne(1); });
                        _pongCts = new CancellationTokenSource();
                        var pongToken = _pongCts.Token;
                        _pong = new Thread(() => { while (!pongToken.IsCancellationRequested) pongToken.WaitHandle.WaitOne(2); });
                    }

                    public void Stop()
                    {
                        _pingCts?.Cancel();
                        _ping?.Join(1000);
                        _pongCts?.Cancel();
                        _pong?.Join(1000);
                    }
                }
                """,
            // _ping's token would be in scope of _pong's loop, so _pong is fixed first, then _ping.
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task ThisQualifiedCreation_LocalFunctionWorker_StopInSwitch() => WithLoopRules("""
        using System.Threading;

        class Controller
        {
            private Thread? _pump;

            public void Start()
            {
                this._pump = new Thread(Pump);
                this._pump.Start();

                void Pump()
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(5);
                    }
                }
            }

            public void Handle(int command)
            {
                switch (command)
                {
                    case 0:
                        {|TSA1001:_pump?.Abort()|};
                        break;
                }
            }
        }
        """, """
        using System.Threading;

        class Controller
        {
            private Thread? _pump;
            private CancellationTokenSource? _pumpCts;

            public void Start()
            {
                this._pumpCts = new CancellationTokenSource();
                var pumpToken = this._pumpCts.Token;
                this._pump = new Thread(() => Pump(pumpToken));
                this._pump.Start();

                void Pump(CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        cancellationToken.WaitHandle.WaitOne(5);
                    }
                }
            }

            public void Handle(int command)
            {
                switch (command)
                {
                    case 0:
                        _pumpCts?.Cancel();
                        _pump?.Join(1000);
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task ConditionalStopOfLocal_SourceIsNeverNull() => WithLoopRules("""
        using System.Threading;

        class Job
        {
            void Run(bool start)
            {
                Thread? worker = start ? null : new Thread(() => { });
                worker = new Thread(() => Thread.Sleep(10));
                {|TSA1001:worker?.Abort()|};
            }

            void Other()
            {
                var worker = new Thread(() => { Thread.Sleep(10); });
                worker.Start(); {|TSA1001:worker?.Abort()|}; worker.IsBackground = true;
            }
        }
        """, """
        using System.Threading;

        class Job
        {
            void Run(bool start)
            {
                Thread? worker = start ? null : new Thread(() => { });
                worker = new Thread(() => Thread.Sleep(10));
                {|TSA1001:worker?.Abort()|};
            }

            void Other()
            {
                var workerCts = new CancellationTokenSource();
                var worker = new Thread(() => { workerCts.Token.WaitHandle.WaitOne(10); });
                worker.Start(); workerCts.Cancel(); worker?.Join(1000); worker.IsBackground = true;
            }
        }
        """);

    /// <summary>Like <c>VerifyCodeFixAsync</c>, with TSA2001/TSA2002 reported too, so the expected output shows no loop rule fires anew.</summary>
    private static Task WithLoopRules(string source, string fixedSource)
    {
        var test = new Verify.Test
        {
            AlsoRun = { new LoopCancellationAnalyzer() },
            TestCode = source,
            FixedCode = fixedSource,

            // Stop calls the fix leaves alone stay marked in the fixed source.
            FixedState = { MarkupHandling = MarkupMode.Allow },
        };
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M() => {|TSA1001:Thread.CurrentThread.Abort()|}; }")]
    [InlineData("class C { void M(Thread t) => {|TSA1001:t.Abort()|}; }")]
    [InlineData("class C { Thread _t = new Thread(() => { }); void M(C other) => {|TSA1001:other._t.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void Set(Thread t) => _t = t; void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(Run); void B() => _t = new Thread(Run); void M() => {|TSA1001:_t?.Abort()|}; void Run() { } }")]
    [InlineData("class C { Thread? _t; void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class C { Thread Worker { get; } = new Thread(() => { }); void M() => {|TSA1001:Worker.Abort()|}; }")]
    [InlineData("class C { readonly Thread _t = new Thread(() => { while (true) { } }); void M() => {|TSA1001:_t.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(new Other().Run); void M() => {|TSA1001:_t?.Abort()|}; } class Other { public void Run() { } }")]
    [InlineData("class C { Thread? _t; ThreadStart _start = () => { }; void A() => _t = new Thread(_start); void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class B { public virtual void Run() { } } class C : B { Thread? _t; void A() => _t = new Thread(Run); void M() => {|TSA1001:_t?.Abort()|}; public override void Run() { } }")]
    [InlineData("interface IRun { void Run(); } class C : IRun { Thread? _t; void A() => _t = new Thread(Run); void M() => {|TSA1001:_t?.Abort()|}; public void Run() { } }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(Run); void M() { {|TSA1001:_t?.Abort()|}; System.Action a = {|TSA1001:_t!.Abort|}; } void Run() { } }")]
    [InlineData("class C { Thread? _a, _b; void A() { _a = new Thread(Run); _b = new Thread(Run); } void M() => {|TSA1001:_a?.Abort()|}; void Run() { } }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(Run); void M() => {|TSA1001:_t?.Abort()|}; void Run() { } event System.Action? E; void H() => E += Run; }")]
    [InlineData("class C { void M() { var t = new Thread(static () => { while (true) { } }); t.Start(); {|TSA1001:t.Abort()|}; } }")]
    [InlineData("class C { void M() { Thread t; t = new Thread(() => { }); {|TSA1001:t.Abort()|}; } }")]
    [InlineData("class C { [System.ThreadStatic] static Thread? t_worker; static void A() => t_worker = new Thread(() => { }); static void M() => {|TSA1001:t_worker?.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void A() => _t ??= new Thread(() => { }); void M() => {|TSA1001:_t?.Abort()|}; }")]
    [InlineData("class C { Thread? _t; void A() => _t = new Thread(() => { if (System.Environment.HasShutdownStarted) {|TSA1001:_t?.Abort()|}; }); }")]
    public Task ThreadOrWorkerOutOfReach_NoFix(string source) => Verify.VerifyNoFixAsync("using System.Threading;\n" + source);
}
