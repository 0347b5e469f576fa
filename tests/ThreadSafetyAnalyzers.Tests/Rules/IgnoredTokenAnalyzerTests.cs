using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using LoopVerify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.LoopCancellationAnalyzer>;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.UnreachedCancellationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

/// <summary>TSA2008: a token handed to started work that runs long and never observes it.</summary>
public class IgnoredTokenAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task MethodGroupWorkerThatLoops_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start(CancellationToken token)
            {
                {|#0:Task.Run(Poll, token)|};
                {|#1:Task.Factory.StartNew(Poll, _cts.Token)|};
                {|#2:Task.Factory.StartNew(Poll, token, TaskCreationOptions.LongRunning, TaskScheduler.Default)|};
                var task = {|#3:new Task(Poll, token)|};
                task.Start();
            }

            public void Stop() => _cts.Cancel();

            private void Poll()
            {
                while (true)
                {
                    Thread.Sleep(1000);
                    Console.WriteLine("tick");
                }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.StartedWorkIgnoresToken).WithLocation(0).WithArguments("Task.Run", "token"),
        Verify.Diagnostic(DiagnosticIds.StartedWorkIgnoresToken).WithLocation(1).WithArguments("TaskFactory.StartNew", "_cts.Token"),
        Verify.Diagnostic(DiagnosticIds.StartedWorkIgnoresToken).WithLocation(2).WithArguments("TaskFactory.StartNew", "token"),
        Verify.Diagnostic(DiagnosticIds.StartedWorkIgnoresToken).WithLocation(3).WithArguments("new Task", "token"));

    [Fact]
    public Task WaitOnAHandle_SilentWhereTheStarterSetsItAfterTheStart() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            public ManualResetEvent Finished { get; } = new ManualResetEvent(false);
        }

        class Isolator
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly AutoResetEvent _done = new AutoResetEvent(false);

            public bool Run(Worker worker, TimeSpan limit)
            {
                // The wrapper task waits for the worker; the isolator frees it itself when it gives up.
                var task = Task.Factory.StartNew(() => worker.Finished.WaitOne(), _cts.Token);
                try
                {
                    return task.Wait(limit);
                }
                catch (Exception)
                {
                    if (!task.IsCompleted)
                    {
                        worker?.Finished.Set();
                    }

                    throw;
                }
            }

            public void RunOwn()
            {
                Task.Run(() => _done.WaitOne(), _cts.Token);
                Thread.Sleep(10);
                this._done.Set();
            }

            public void RunOther(Worker worker, Worker other)
            {
                // Set before the start, or on another object: the starter does not end this wait.
                worker.Finished.Set();
                {|TSA2008:Task.Run(() => worker.Finished.WaitOne(), _cts.Token)|};
                other.Finished.Set();
            }

            public void Stop() => _cts.Cancel();
        }
        """);

    [Fact]
    public Task LambdaCallingWorker_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Consumer
        {
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();
            private CancellationToken _token;
            private Task _loop;

            public void Start(CancellationToken token)
            {
                _token = token;
                _loop = {|TSA2008:Task.Run(() => Consume(), token)|};
                var local = token;
                {|TSA2008:Task.Run(async () => await ConsumeAsync().ConfigureAwait(false), local)|};
                {|TSA2008:Task.Run(() => ConsumeAsync(), _token)|};
            }

            private void Consume()
            {
                for (;;)
                {
                    Handle(_queue.Take());
                }
            }

            private async Task ConsumeAsync()
            {
                while (true)
                {
                    await Task.Delay(100);
                    Handle(_queue.Take());
                }
            }

            private static void Handle(int item) { }
        }
        """);

    [Fact]
    public Task BlockingWaitInLambda_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Delayed
        {
            private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

            // One problem, one warning: TSA2006 reports the sleep, and its fix makes it end on the token.
            public Task Later(CancellationToken token) => Task.Run(() => { Thread.Sleep(5000); Fire(); }, token);

            // With no token the sleep can name, TSA2008 is the one warning.
            public Task Later(CancellationTokenSource source) => {|TSA2008:Task.Run(() => { Thread.Sleep(5000); Fire(); }, source.Token)|};

            // TSA2007 reports the wait of the lambda itself: one warning.
            public Task WhenSignalled(CancellationToken token, ManualResetEvent signal, int period) => Task.Run(() => signal.WaitOne(3 * period), token);

            public Task WhenReady(CancellationToken token) => {|TSA2008:Task.Run(() => _ready.Wait(), token)|};

            private static void Fire() { }
        }
        """);

    [Fact]
    public Task LambdaLoopWithFieldToken_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start()
            {
                // The token comes from a field, which TSA2001 does not look at by default: TSA2008 is the one warning.
                {|TSA2008:Task.Run(() =>
                {
                    while (true)
                    {
                        Thread.Sleep(10);
                    }
                }, _cts.Token)|};
            }

            public void Stop() => _cts.Cancel();
        }
        """);

    [Fact]
    public Task LambdaLoopTsa2001Reports_NoDiagnostic()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                public Task Start(CancellationToken token) => Task.Run(() =>
                {
                    {|TSA2001:while (true)|}
                    {
                        Thread.Sleep(10);
                    }
                }, token);
            }
            """;

        // The same code: TSA2001 reports the loop, so TSA2008 says nothing about the call.
        return Task.WhenAll(
            LoopVerify.VerifyAnalyzerAsync(source),
            Verify.VerifyAnalyzerAsync(source.Replace("{|TSA2001:while (true)|}", "while (true)")));
    }

    [Fact]
    public Task LambdaLoopTsa2001SwitchedOff_Reports()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Pump
                {
                    public Task Start(CancellationToken token) => {|TSA2008:Task.Run(() =>
                    {
                        while (true)
                        {
                            Step();
                        }
                    }, token)|};

                    private static void Step() { }
                }
                """,
        };

        // loop_kinds without 'unbounded': TSA2001 no longer reports the endless loop that does not wait, so TSA2008 does.
        return test.WithEditorConfig("dotnet_code_quality.TSA2001.loop_kinds = waiting").RunAsync();
    }

    [Fact]
    public Task WorkThatObserves_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private volatile bool _stopping;
            private bool _running = true;
            private int _stop;

            public void Start(CancellationToken token)
            {
                Task.Run(() => Loop(token), token);
                Task.Run(() => { while (!token.IsCancellationRequested) { Thread.Sleep(10); } }, token);
                Task.Run(OwnToken, token);
                Task.Run(Volatile, token);
                Task.Run(Flag, token);
                Task.Run(Interlocked, token);
                Task.Run(async () => { while (true) { await Task.Delay(10, token); } }, token);
            }

            public void Dispose() => _cts.Cancel();

            private void Loop(CancellationToken token)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    Thread.Sleep(10);
                }
            }

            private void OwnToken()
            {
                while (!_cts.IsCancellationRequested)
                {
                    Thread.Sleep(10);
                }
            }

            private void Volatile()
            {
                while (!_stopping)
                {
                    Thread.Sleep(10);
                }
            }

            private void Flag()
            {
                while (_running)
                {
                    Thread.Sleep(10);
                }
            }

            private void Interlocked()
            {
                while (System.Threading.Interlocked.CompareExchange(ref _stop, 0, 0) == 0)
                {
                    Thread.Sleep(10);
                }
            }
        }
        """);

    [Fact]
    public Task LoopsThatEndWithTheirSource_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Writer
        {
            private readonly Channel<int> _channel = Channel.CreateUnbounded<int>();
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public void Start(CancellationToken token)
            {
                // Each loop ends when its owner completes the channel or the queue, or closes the socket.
                Task.Run(WriteLoopAsync, token);
                Task.Run(Drain, token);
                Task.Run(ReadAllAsync, token);
                Task.Run(Receive, token);
            }

            private async Task WriteLoopAsync()
            {
                while (await _channel.Reader.WaitToReadAsync())
                {
                    while (_channel.Reader.TryRead(out var item)) { }
                }
            }

            private void Drain()
            {
                foreach (var item in _queue.GetConsumingEnumerable()) { }
            }

            private async Task ReadAllAsync()
            {
                await foreach (var item in _channel.Reader.ReadAllAsync()) { }
            }

            private void Receive()
            {
                var buffer = new byte[16];
                while (_socket.Receive(buffer) > 0)
                {
                    Thread.Sleep(1);
                }
            }
        }
        """);

    [Fact]
    public Task ShortWork_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        class Short
        {
            public async Task<int> M(CancellationToken token, int[] items)
            {
                await Task.Run(() => Compute(items), token);
                await Task.Run(Compute2, token);
                await Task.Run(async () => await Task.Delay(100), token);
                await Task.Run(() => { foreach (var item in items) { Compute(items); } }, token);
                return await Task.Run(() => items.Sum(), token);
            }

            private static int Compute(int[] items) => items.Length;

            private static void Compute2()
            {
                for (var i = 0; i < 10; i++)
                {
                    System.Console.WriteLine(i);
                }
            }
        }
        """);

    [Fact]
    public Task NoRealToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class NoToken
        {
            public void M()
            {
                Task.Run(Spin, CancellationToken.None);
                Task.Run(Spin, default);
                Task.Run(Spin, default(CancellationToken));
                Task.Run(Spin, new CancellationToken());
                Task.Run(Spin);
                Task.Factory.StartNew(Spin, TaskCreationOptions.LongRunning);
            }

            private static void Spin()
            {
                while (true)
                {
                    Thread.Sleep(10);
                }
            }
        }
        """);

    [Fact]
    public Task ParallelAndUnknownDelegates_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        abstract class Unknown
        {
            public void M(CancellationToken token, Action action, Func<Task> factory, int[] items)
            {
                Parallel.For(0, 10, new ParallelOptions { CancellationToken = token }, i => Spin());
                Parallel.ForEach(items, new ParallelOptions { CancellationToken = token }, item => Spin());
                Task.Run(action, token);
                Task.Run(factory, token);
                Task.Run(Overridable, token);
                Task.Run(Abstract, token);
                Task.Run(() => Overridable(), token);
                Task.Run(Console.ReadLine, token);
            }

            protected virtual void Overridable() => Spin();

            protected abstract void Abstract();

            private static void Spin()
            {
                while (true)
                {
                    Thread.Sleep(10);
                }
            }
        }
        """);

    [Fact]
    public Task ExpressionTree_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Linq.Expressions;
        using System.Threading;
        using System.Threading.Tasks;

        class Trees
        {
            public void M(CancellationToken token)
            {
                Expression<Func<Task>> tree = () => Task.Run(() => Thread.Sleep(1000), token);
            }
        }
        """);

    [Fact]
    public Task WorkerInOtherFileOfPartialType_Reports()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Service.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Service
            {
                public Task Start(CancellationToken token) => {|TSA2008:Task.Run(Receive, token)|};

                public Task StartQuiet(CancellationToken token) => Task.Run(ReceiveObserving, token);
            }
            """));
        test.TestState.Sources.Add(("Service.Receive.cs", """
            using System.Threading;

            partial class Service
            {
                private volatile bool _closed;

                private void Receive()
                {
                    while (true)
                    {
                        Thread.Sleep(100);
                    }
                }

                private void ReceiveObserving()
                {
                    while (!_closed)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task WorkerOfAnotherTypeInSameFile_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Host
        {
            private readonly Loop _loop = new Loop();

            public Task Start(CancellationToken token) => {|TSA2008:Task.Run(_loop.Run, token)|};
        }

        class Loop
        {
            public void Run()
            {
                for (;;)
                {
                    Thread.Sleep(100);
                }
            }
        }
        """);

    [Fact]
    public Task WorkerOfAnotherTypeInOtherFile_NoDiagnostic()
    {
        // The worker's body is analyzed with its own type; from Host's file it cannot be read, so TSA2008 stays silent.
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Host.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            class Host
            {
                private readonly Loop _loop = new Loop();

                public Task Start(CancellationToken token) => Task.Run(_loop.Run, token);
            }
            """));
        test.TestState.Sources.Add(("Loop.cs", """
            class Loop
            {
                public void Run()
                {
                    for (;;)
                    {
                        System.Threading.Thread.Sleep(100);
                    }
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task WorkerInAnotherProject_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Host
                {
                    public Task Start(CancellationToken token) => Task.Run(Library.Loop.Run, token);
                }
                """,
        };
        test.TestState.AdditionalProjects["Library"].Sources.Add(("Loop.cs", """
            namespace Library
            {
                public static class Loop
                {
                    public static void Run()
                    {
                        while (true)
                        {
                            System.Threading.Thread.Sleep(100);
                        }
                    }
                }
            }
            """));
        test.TestState.AdditionalProjectReferences.Add("Library");
        return test.RunAsync();
    }

    [Fact]
    public Task AwkwardShapes_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        struct Ticker
        {
            public Task Start(CancellationToken token) => {|TSA2008:Task.Run(static () => Tick(), token)|};

            private static void Tick()
            {
                while (true)
                {
                    Thread.Sleep(1000);
                }
            }
        }

        class Primary(CancellationToken token)
        {
            public Task Start()
            {
                return {|TSA2008:Task.Run(Local, token)|};

                void Local()
                {
                    while (true)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }

            public Task StartAnonymous() => {|TSA2008:Task.Run(delegate { Thread.Sleep(1000); }, token)|};

            public Task<int> StartGeneric() => {|TSA2008:Task.Run<int>(() => { Thread.Sleep(1000); return 1; }, token)|};

            public Task StartInIf(bool debug)
            {
        #if NEVER_DEFINED
                return Task.Run(() => Thread.Sleep(1000), token);
        #else
                return {|TSA2008:Task.Run(() => Thread.Sleep(1000), token)|};
        #endif
            }
        }
        """);

    [Fact]
    public Task TopLevelStatements_Reports()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                using var cts = new CancellationTokenSource();
                await {|TSA2008:Task.Run(() => Thread.Sleep(1000), cts.Token)|};
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task ExcludedSymbol_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Legacy
                {
                    public Task Start(CancellationToken token) => Task.Run(() => Thread.Sleep(1000), token);
                }
                """,
        };
        return test.WithEditorConfig("dotnet_code_quality.TSA2008.excluded_symbol_names = T:Legacy").RunAsync();
    }

    [Fact]
    public Task GeneratedCode_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Start.g.cs", """
            class Generated
            {
                System.Threading.Tasks.Task M(System.Threading.CancellationToken token)
                    => System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000), token);
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000), t }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { System.Threading.Tasks.Task.Run(() => { missing(); System.Threading.Thread.Sleep(1000); }, t); } }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { System.Threading.Tasks.Task.Run(Missing, t); } }")]
    [InlineData("class C { void M(Missing t) { System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000), t); } }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { new System.Threading.Tasks.Task(() => System.Threading.Thread.Sleep(1000), ); } }")]
    [InlineData("System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000), ")]
    public Task HalfTypedCalls_NoDiagnostic(string source)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }
}
