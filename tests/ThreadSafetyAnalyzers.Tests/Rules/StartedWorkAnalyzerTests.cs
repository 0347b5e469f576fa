using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.StartedWorkAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class StartedWorkAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    // ---- TSA2003 ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task EveryApiWithoutToken_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task M(CancellationToken token, int[] items)
            {
                await {|TSA2003:Task.Run(() => Work())|};
                await {|TSA2003:Task.Run(async () => await Task.Yield())|};
                var value = await {|TSA2003:Task.Run(() => 42)|};
                var generic = await {|TSA2003:Task.Run<int>(() => 42)|};
                await {|TSA2003:Task.Run(Work)|};
                await {|TSA2003:Task.Factory.StartNew(() => Work())|};
                await {|TSA2003:Task.Factory.StartNew(state => Work(), "state")|};
                await {|TSA2003:Task.Factory.StartNew(() => Work(), TaskCreationOptions.LongRunning)|};
                await {|TSA2003:new TaskFactory().StartNew(() => Work())|};
                await {|TSA2003:new TaskFactory<int>().StartNew(() => 1)|};
                {|TSA2003:Parallel.For(0, 10, i => Work())|};
                {|TSA2003:Parallel.ForEach(items, item => Work())|};
                {|TSA2003:Parallel.Invoke(() => Work(), Work)|};
                {|TSA2003:Parallel.For(0, 10, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => Work())|};
                {|TSA2003:Parallel.ForEach(items, new ParallelOptions(), item => Work())|};
            }

            static void Work() { }
        }
        """);

    [Fact]
    public Task ForEachAsyncWithoutToken_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            Task M(CancellationToken token, int[] items)
                => {|#0:Parallel.ForEachAsync(items, (item, ct) => ValueTask.CompletedTask)|};
        }
        """,
        Verify.Diagnostic(DiagnosticIds.PassTokenToStartedWork).WithLocation(0).WithArguments("Parallel.ForEachAsync", "token"));

    [Fact]
    public Task TokensFromEveryScope_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void Captured(CancellationToken outer)
            {
                Action a = () => {|TSA2003:Task.Run(() => { })|};
            }

            void SourceLocal()
            {
                using var cts = new CancellationTokenSource(30000);
                {|TSA2003:Task.Run(() => { })|};
            }

            void Nullable(CancellationToken? token) => {|TSA2003:Task.Run(() => { })|};

            Task ExpressionBodied(CancellationToken token) => {|TSA2003:Task.Run(() => { })|};
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task TokenPassedOrDeliberatelyNone_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M(CancellationToken token, int[] items, ParallelOptions options)
            {
                Task.Run(() => { }, token);
                Task.Run(() => { }, CancellationToken.None);
                Task.Run(() => { }, default);
                Task.Factory.StartNew(() => { }, token);
                Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                Parallel.For(0, 10, new ParallelOptions { CancellationToken = token }, i => { });
                Parallel.ForEach(items, new ParallelOptions { CancellationToken = CancellationToken.None }, item => { });
                Parallel.Invoke(options, () => { });
            }
        }
        """);

    [Fact]
    public Task WorkAlreadyUsingTheToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void FireAndForget(CancellationToken cancellationToken)
            {
                _ = Task.Run(() => PollAsync(cancellationToken));
            }

            async Task CancelOnAnotherThread()
            {
                var cts = new CancellationTokenSource();
                await Task.Run(() => cts.Cancel());
            }

            static Task PollAsync(CancellationToken token) => Task.Delay(1, token);
        }
        """);

    /// <summary>
    /// Work with a stop signal of its own (the service's lifetime source) cooperates already: the token in scope belongs
    /// to the call that starts it, as in a hosted service's StartAsync. Every started delegate must observe one.
    /// </summary>
    [Fact]
    public Task WorkObservingATokenOfItsOwn_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Service
        {
            private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
            private Task _loop = Task.CompletedTask;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _loop = Task.Run(() => LoopAsync(_stopping.Token));
                _loop = Task.Run(RunLoopAsync);
                Task.Factory.StartNew(() => Pump(_stopping.Token), TaskCreationOptions.LongRunning);
                Parallel.Invoke(() => Pump(_stopping.Token), () => Pump(_stopping.Token));

                {|TSA2003:Task.Run(() => Flush())|};
                {|TSA2003:Parallel.Invoke(() => Pump(_stopping.Token), () => Flush())|};
                {|TSA2003:Task.Run(() => Pump(CancellationToken.None))|};
                return Task.CompletedTask;
            }

            private async Task RunLoopAsync()
            {
                while (!_stopping.IsCancellationRequested)
                {
                    await Task.Delay(100, _stopping.Token);
                }
            }

            private static Task LoopAsync(CancellationToken token) => Task.Delay(100, token);

            private static void Pump(CancellationToken token) { }

            private static void Flush() { }
        }
        """);

    [Fact]
    public Task WorkUsingAFieldBuiltFromATokenOfItsOwn_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class ScanJob
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly IAsyncEnumerator<int> _pages;
            private IAsyncEnumerator<int> _plain;
            private readonly List<int> _seen = new List<int>();

            public ScanJob()
            {
                _pages = Scan(_cts.Token).GetAsyncEnumerator();
                this._plain = Scan(CancellationToken.None).GetAsyncEnumerator();
            }

            public Task<bool> WaitForNextPage(CancellationToken cancelToken)
            {
                // The pages come from the job's own source; the caller's token only bounds how long it waits.
                var next = Task.Run(async () => await _pages.MoveNextAsync());
                {|TSA2003:Task.Run(async () => await _plain.MoveNextAsync())|};
                {|TSA2003:Task.Run(() => _seen.Clear())|};
                return Task.WhenAny(next, Task.Delay(-1, cancelToken)).ContinueWith(_ => true);
            }

            public void Cancel() => _cts.Cancel();

            private static async IAsyncEnumerable<int> Scan([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return 1;
            }
        }
        """);

    /// <summary>
    /// The assignments to a field are found by its name and then bound: a nested type's field of the same name, built
    /// from a token, is another field, so the outer one still counts as not built from one.
    /// </summary>
    [Fact]
    public Task NestedTypesFieldOfTheSameNameBuiltFromAToken_OuterFieldStillReported() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class ScanJob
        {
            private readonly IAsyncEnumerator<int> _pages;

            public ScanJob()
            {
                _pages = Scan(CancellationToken.None).GetAsyncEnumerator();
            }

            public Task<bool> WaitForNextPage(CancellationToken cancelToken)
            {
                {|TSA2003:Task.Run(async () => await _pages.MoveNextAsync())|};
                return Task.FromResult(true);
            }

            private static async IAsyncEnumerable<int> Scan([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return 1;
            }

            private sealed class Inner
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private readonly IAsyncEnumerator<int> _pages;

                public Inner()
                {
                    _pages = Scan(_cts.Token).GetAsyncEnumerator();
                }

                public Task<bool> WaitForNextPage(CancellationToken cancelToken)
                {
                    var next = Task.Run(async () => await _pages.MoveNextAsync());
                    return Task.WhenAny(next, Task.Delay(-1, cancelToken)).ContinueWith(_ => true);
                }

                public void Cancel() => _cts.Cancel();
            }
        }
        """);

    /// <summary>
    /// A method group declared in another file of a partial class, or the method a lambda only calls, cannot be bound
    /// from here: it counts as observing its own token when its text names a token or token-source member of the type.
    /// </summary>
    [Fact]
    public Task MethodGroupInAnotherFileWithItsOwnToken_NoTsa2003()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Connection.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Connection
            {
                private readonly CancellationTokenSource _mainLoopCts = new CancellationTokenSource();
                private Task _mainLoop = Task.CompletedTask;

                public Task OpenAsync(CancellationToken cancellationToken)
                {
                    _mainLoop = Task.Run(MainLoop);
                    _mainLoop = Task.Run(() => MainLoop());
                    return {|TSA2003:Task.Run(Drain)|};
                }
            }
            """));
        test.TestState.Sources.Add(("Connection.Receive.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Connection
            {
                private async Task MainLoop()
                {
                    CancellationToken token = _mainLoopCts.Token;
                    while (!token.IsCancellationRequested)
                    {
                        await Task.Delay(100, token);
                    }
                }

                private Task Drain() => Task.Delay(100);
            }
            """));
        return test.RunAsync();
    }

    /// <summary>
    /// A lambda that only calls a method of this file is that method's work: when the method observes a token of its
    /// own (an owned source), and the token in scope is kept for the calls it makes, it cooperates already.
    /// </summary>
    [Fact]
    public Task LambdaCallingMethodThatObservesItsOwnToken_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class LeaseContext
        {
            private readonly CancellationToken _requestAborted;
            private readonly CancellationTokenSource _renewing = new CancellationTokenSource();
            private readonly Task _renewal;

            public LeaseContext(CancellationToken requestAborted)
            {
                _requestAborted = requestAborted;
                _renewal = Task.Run(() => RenewUntilReleased());
                {|TSA2003:Task.Run(() => Announce())|};
            }

            public async Task Release()
            {
                _renewing.Cancel();
                await _renewal;
            }

            async Task RenewUntilReleased()
            {
                while (!_renewing.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), _renewing.Token);
                    await Extend(_requestAborted);
                }
            }

            static Task Extend(CancellationToken token) => Task.Delay(1, token);

            static void Announce() { }
        }
        """);

    /// <summary>
    /// On the way down the token in scope means "stop less gracefully" or has already fired: work started there (a
    /// plug-in shutdown inside StopAsync, a flush in Dispose or Close, work after a Cancel()) must run regardless.
    /// </summary>
    [Fact]
    public Task ShutdownWork_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Host : IDisposable
        {
            private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();

            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await {|TSA2003:Task.Run(LoadPlugins)|};
            }

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await Task.WhenAll(Task.Run(UnloadPlugins), Task.Delay(10, cancellationToken));
            }

            public void Close(CancellationToken cancellationToken) => Task.Run(() => UnloadPlugins()).Wait();

            public void Dispose() => Task.Run(() => UnloadPlugins()).Wait();

            public Task Abandon(CancellationToken cancellationToken)
            {
                _lifetime.Cancel();
                return Task.Run(() => UnloadPlugins());
            }

            void LoadPlugins() { }

            void UnloadPlugins() { }
        }
        """);

    /// <summary>
    /// Work that completes what someone else awaits (a TaskCompletionSource, a scheduler's queued task) must run even once
    /// cancellation is requested, or the awaiting side hangs.
    /// </summary>
    [Fact]
    public Task WorkThatCompletesSomethingElse_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Reply
        {
            private readonly TaskCompletionSource<string> _answer = new TaskCompletionSource<string>();

            public Task<string> Ask(CancellationToken cancellationToken)
            {
                Task.Run(() => _answer.TrySetResult("yes"));
                Task.Run(Fail);
                {|TSA2003:Task.Run(() => Console.WriteLine("asked"))|};
                return _answer.Task;
            }

            void Fail() => _answer.SetException(new InvalidOperationException());
        }

        class InlineScheduler : TaskScheduler
        {
            public void Pump(Task queued, CancellationToken cancellationToken) => Task.Run(() => TryExecuteTask(queued));

            protected override void QueueTask(Task task) { }

            protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

            protected override IEnumerable<Task> GetScheduledTasks() => Array.Empty<Task>();
        }
        """);

    /// <summary>Inside a callback of the token itself (Register, a continuation only for cancellation) the token has fired.</summary>
    [Fact]
    public Task CallbackOfTheToken_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Session
        {
            public void Watch(Task running, CancellationToken cancellationToken)
            {
                cancellationToken.Register(() => Task.Run(() => Cleanup()));
                running.ContinueWith(_ => Task.Run(() => Cleanup()), TaskContinuationOptions.OnlyOnCanceled);
                running.ContinueWith(_ => {|TSA2003:Task.Run(() => Cleanup())|});
            }

            static void Cleanup() { }
        }
        """);

    [Fact]
    public Task TokenPassedAsStateInsteadOfToken_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void Start(CancellationToken cancellationToken)
            {
                {|TSA2003:Task.Factory.StartNew(_ => DoWork(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning)|};
            }

            static void DoWork(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task StaticLambdaBlocksCapture_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M(CancellationToken token)
            {
                Func<Task> start = static () => {|TSA2005:Task.Run(() => Thread.Sleep(1000))|};
            }
        }
        """);

    [Fact]
    public Task CancelStartedAsMethodGroup_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task Run()
            {
                using var cts = new CancellationTokenSource();
                var work = Task.Delay(1000, cts.Token);
                var cancel = Task.Run(cts.Cancel);
                await Task.WhenAll(work, cancel);
            }
        }
        """);

    [Fact]
    public Task OwnStopSwitchInsideALambda_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            static Task Safe(Func<string, Task> body) => body("x");

            static Task Stream(CancellationToken token) => Task.Delay(1, token);

            public Task InLambda() => Safe(async name =>
            {
                using var cts = new CancellationTokenSource();
                var work = Stream(cts.Token);
                var other = Task.Run(async () => { await Task.Delay(10); Console.WriteLine("y"); });
                await other;
                cts.Cancel();
                await work;
            });
        }
        """);

    [Fact]
    public Task StartedWorkThatOnlyDisposes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task Race(IDisposable client)
            {
                var cts = new CancellationTokenSource();
                var call = Task.Delay(1000, cts.Token);
                var go = new TaskCompletionSource<bool>();
                var cancel = Task.Run(async () => { await go.Task; cts.Cancel(); });
                var dispose = Task.Run(async () => { await go.Task; client.Dispose(); });
                go.SetResult(true);
                await Task.WhenAll(cancel, dispose);
            }
        }
        """);

    [Fact]
    public Task WorkStartedAfterCancellation_NoTsa2003() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Appender
        {
            async Task RunAsync(CancellationToken token)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    // The token has fired: passing it would stop the flush before it starts.
                    await Task.Run(() => Flush());
                }
            }

            static void Flush() => Thread.Sleep(10);
        }
        """);

    [Fact]
    public Task LookAlikesAndExpressionTrees_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Linq.Expressions;
        using System.Threading;

        namespace Mine
        {
            class Task
            {
                public static Task Run(Action action) => new Task();
            }

            class Parallel
            {
                public static void For(int from, int to, Action<int> body) { }
            }

            class C
            {
                void M(CancellationToken token)
                {
                    Task.Run(() => { });
                    Parallel.For(0, 1, i => { });
                    Expression<Func<System.Threading.Tasks.Task<int>>> tree = () => System.Threading.Tasks.Task.Run(() => 1);
                }
            }
        }
        """);

    // ---- TSA2005 ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task UncancellableWorkWithoutToken_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task Start() => {|#0:Task.Run(() => Work())|};

            void Fire() => {|#1:Task.Factory.StartNew(Work, TaskCreationOptions.LongRunning)|};

            void Many(int[] items) => {|#2:Parallel.ForEach(items, item => Work())|};

            static void Work() => Thread.Sleep(1000);
        }
        """,
        Verify.Diagnostic(DiagnosticIds.BackgroundWorkNotCancellable).WithLocation(0).WithArguments("Task.Run", "'Start'"),
        Verify.Diagnostic(DiagnosticIds.BackgroundWorkNotCancellable).WithLocation(1).WithArguments("TaskFactory.StartNew", "'Fire'"),
        Verify.Diagnostic(DiagnosticIds.BackgroundWorkNotCancellable).WithLocation(2).WithArguments("Parallel.ForEach", "'Many'"));

    [Fact]
    public Task LongRunningWorkOfEveryShape_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private Thread _pump = new Thread(() => { });

            Task EndlessLambda() => {|TSA2005:Task.Run(() => { while (true) { Step(); } })|};

            Task EndlessWaitingLambda() => {|TSA2005:Task.Run(async () => { for (;;) { await Task.Delay(100); } })|};

            Task BlockingLambda(Task other) => {|TSA2005:Task.Run(() => other.Wait())|};

            Task JoinWithoutTimeout() => {|TSA2005:Task.Run(() => _pump.Join())|};

            Task InfiniteTimeout(ManualResetEventSlim ready) => {|TSA2005:Task.Run(() => ready.Wait(Timeout.Infinite))|};

            Task ResultOfATaskNobodyChecked(Task<int> pending) => {|TSA2005:Task.Run(() => { var value = pending.Result; Step(value); })|};

            // A single wait of a second or more, or of a length the code computes, still keeps the work alive that long.
            Task LongSleep(int pause) => {|TSA2005:Task.Run(() => { Thread.Sleep(pause); Step(); })|};

            // A short pause first does not make the endless loop after it short.
            Task PauseThenLoop() => {|TSA2005:Task.Run(() => { Thread.Sleep(10); while (true) { Thread.Sleep(100); } })|};

            // The event is the caller's, but nothing here ever sets it.
            Task WaitsOnAnEventNobodySets()
            {
                var ready = new ManualResetEventSlim();
                return {|TSA2005:Task.Run(() => ready.Wait())|};
            }

            Task MethodGroupThatLoops() => {|TSA2005:Task.Run(Poll)|};

            Task LambdaCallingALoop() => {|TSA2005:Task.Run(() => Poll())|};

            Task AsyncLambdaAwaitingALoop() => {|TSA2005:Task.Run(async () => await PollAsync())|};

            void Poll()
            {
                while (true)
                {
                    Thread.Sleep(1000);
                    Step();
                }
            }

            async Task PollAsync()
            {
                while (true)
                {
                    await Task.Delay(1000);
                }
            }

            static void Step() { }

            static void Step(int value) { }
        }
        """);

    /// <summary>
    /// Work that ends by itself needs no token: a loop with a bound of its own (a count, a channel that completes, a
    /// consuming enumeration that ends when adding completes, a flag its owner sets), or a single short pause.
    /// </summary>
    [Fact]
    public Task WorkThatEndsByItself_NoTsa2005() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();
            private readonly Queue<int> _pending = new Queue<int>();
            private bool _finished;

            // A fixed number of rounds, each with a pause.
            Task Rounds() => Task.Run(async () => { for (var i = 0; i < 10; i++) { await Task.Delay(100); } });

            // Ends when CompleteAdding is called.
            Task Consume() => Task.Run(() => { foreach (var item in _queue.GetConsumingEnumerable()) { Handle(item); } });

            // Ends when the owner sets the flag (TSA2004 asks whether that write is seen).
            Task UntilFinished() => Task.Run(() => { while (!_finished) { Thread.Sleep(100); } });

            Task UntilStopped()
            {
                var stop = false;
                var work = Task.Run(() => { while (!stop) { Thread.Sleep(10); } });
                stop = true;
                return work;
            }

            // A placeholder pause and a yield are not long-running work.
            Task Placeholder() => Task.Run(() => { Thread.Sleep(5); Handle(0); });

            // An endless loop that leaves when its input ends is bounded by that input.
            Task UntilTheEnd() => Task.Run(() => { while (true) { var item = _queue.Take(); if (item < 0) { break; } Handle(item); } });

            // A wait that gives itself a timeout, constant or computed, ends within it.
            Task WatchdogWithTimeout(ManualResetEventSlim terminated, System.TimeSpan grace) => Task.Run(() => { if (!terminated.Wait(grace)) { Handle(1); } });

            // The result of a task just seen complete is read without blocking.
            Task FastPath(Task<int> pending) => Task.Run(async () => { var value = pending.IsCompleted ? pending.Result : await pending; Handle(value); });

            // A loop that never waits ends when the data ends.
            Task Drain() => Task.Run(() => { while (_pending.Count > 0) { Handle(_pending.Dequeue()); } });

            // Workers held at a start gate that the starter opens once they are all queued.
            async Task Race(int workers)
            {
                var gate = new ManualResetEvent(false);
                var running = new Task[workers];
                for (var i = 0; i < workers; i++)
                {
                    running[i] = Task.Run(() => { gate.WaitOne(); for (var j = 0; j < 1000; j++) { Handle(j); } });
                }

                gate.Set();
                await Task.WhenAll(running);
            }

            void RaceFromALambda()
            {
                var gate = new ManualResetEvent(false);
                var running = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(new[] { 1, 2 }, i =>
                    Task.Run(() => { gate.WaitOne(); Handle(i); })));
                gate.Set();
                Task.WaitAll(running);
            }

            public void Finish() => _finished = true;

            static void Handle(int item) { }
        }
        """);

    [Fact]
    public Task WorkThatEndsWhenItsChannelCompletes_NoTsa2005() => Verify.VerifyAnalyzerAsync(TargetFramework.Net80, """
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Executor
        {
            private readonly Channel<int> _channel = Channel.CreateUnbounded<int>();

            public Executor()
            {
                Task.Run(() => ReadAll());
            }

            async Task ReadAll()
            {
                while (await _channel.Reader.WaitToReadAsync())
                {
                    while (_channel.Reader.TryRead(out var item))
                    {
                        await Task.Delay(item);
                    }
                }
            }

            public void Close() => _channel.Writer.Complete();
        }
        """);

    /// <summary>
    /// Work started while shutting down (a join of the thread just told to stop, a last wait) is part of the shutdown;
    /// a test's work is bounded by the test, unless it loops forever and outlives it.
    /// </summary>
    [Fact]
    public Task ShutdownAndTestCode_NoTsa2005() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class FactAttribute : Attribute { }

        class TestMethodAttribute : Attribute { }

        class Player : IAsyncDisposable
        {
            private readonly AutoResetEvent _wake = new AutoResetEvent(false);
            private Thread _playback = new Thread(() => { });

            public async ValueTask DisposeAsync()
            {
                _wake.Set();
                await Task.Run(() => _playback.Join());
            }

            public Task Stop() => Task.Run(() => _playback.Join());

            public Task Close() => Task.Run(() => _playback.Join());
        }

        class PlayerTests
        {
            [Fact]
            public void PausesAreDeliberate()
            {
                Task.Run(() => { Thread.Sleep(2000); Console.WriteLine("late"); });
                Task.Run(() => { for (var i = 0; i < 100; i++) { Thread.Sleep(10); } });
            }

            [TestMethod]
            public void EndlessProducerOutlivesTheTest()
            {
                {|TSA2005:Task.Run(async () => { while (true) { Console.WriteLine("tick"); await Task.Delay(100); } })|};
            }
        }
        """);

    [Fact]
    public Task WorkThatCompletesSomethingElse_NoTsa2005() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Gate
        {
            private readonly ManualResetEventSlim _opened = new ManualResetEventSlim();
            private readonly TaskCompletionSource<bool> _whenOpen = new TaskCompletionSource<bool>();

            public Task WhenOpen()
            {
                Task.Run(() => { _opened.Wait(); _whenOpen.TrySetResult(true); });
                return _whenOpen.Task;
            }
        }
        """);

    [Fact]
    public Task ShortWork_NoTsa2005() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;

        class Worker
        {
            public event EventHandler Changed;

            Task Throws() => Task.Run(() => throw new InvalidOperationException());

            Task Dispatch() => Task.Run(() => Changed?.Invoke(this, EventArgs.Empty));

            Task Save() => Task.Run(() => File.WriteAllText("state.txt", "saved"));

            Task SaveAsync(Stream stream) => Task.Run(async () => await stream.FlushAsync());

            void Validate(int[] items) => Parallel.ForEach(items, item => Check(item));

            Task MethodGroup() => Task.Run(Signal);

            // A loop over a collection that neither waits nor runs without end is work that ends by itself.
            Task Sum(int[] items) => Task.Run(() => { var total = 0; foreach (var item in items) { total += item; } return total; });

            // The loop is one call further than the work's own body and the method it calls.
            Task TwoCallsAway() => Task.Run(() => Outer());

            void Outer() => Inner();

            void Inner() { while (true) { } }

            static void Check(int item) { }

            void Signal() => Changed?.Invoke(this, EventArgs.Empty);
        }
        """);

    [Fact]
    public Task LambdaCallingAMethodInAnotherFile_NoTsa2005()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            using System.Threading.Tasks;

            class Worker
            {
                Task Start() => Task.Run(() => Elsewhere.Loop());
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            static class Elsewhere
            {
                public static void Loop() { while (true) { System.Threading.Thread.Sleep(10); } }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task WorkThatObservesAToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

            Task Lambda() => Task.Run(() => { while (!_stopping.IsCancellationRequested) { } });

            Task MethodGroup() => Task.Run(Loop);

            void Loop() => _stopping.Token.ThrowIfCancellationRequested();
        }
        """);

    [Fact]
    public Task MethodGroupInAnotherFile_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            using System.Threading.Tasks;

            class Worker
            {
                Task Start() => Task.Run(Elsewhere.Work);
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            static class Elsewhere
            {
                public static void Work() { }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task MainAndTopLevel_NoTsa2005()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                await Task.Run(() => System.Console.WriteLine("hi"));
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Program.cs", """
            class Program
            {
                static void Main2() { }
                static void Main() => System.Threading.Tasks.Task.Run(() => { }).Wait();
            }
            """));
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task GeneratedCode_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Start.g.cs", """
            class Generated
            {
                System.Threading.Tasks.Task M(System.Threading.CancellationToken token) => System.Threading.Tasks.Task.Run(() => { });
                System.Threading.Tasks.Task N() => System.Threading.Tasks.Task.Run(() => { });
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { System.Threading.Tasks.Task.Run( } }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { System.Threading.Tasks.Task.Run(() => missing()); } }")]
    [InlineData("class C { void M() { System.Threading.Tasks.Task.Run(Missing); } }")]
    [InlineData("class C { void M() { System.Threading.Tasks.Parallel.For(0, 1, ") ]
    [InlineData("System.Threading.Tasks.Task.Run(")]
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
