using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.UnreachedCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.PassTokenIntoWorkCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>TSA2008 "Pass the token into the work": the loop the started work runs checks the token the start was given.</summary>
public class PassTokenIntoWorkCodeFixTests
{
    [Fact]
    public Task LoopInLambda_ThrowsOnTheCapturedToken_TheTaskEndsCancelled() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start()
            {
                {|TSA2008:Task.Run(() =>
                {
                    // pumps until stopped
                    while (true)
                    {
                        Console.WriteLine("pump");
                    }
                }, _cts.Token)|};
            }

            public void Stop() => _cts.Cancel();
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start()
            {
                Task.Run(() =>
                {
                    // pumps until stopped
                    while (true)
                    {
                        _cts.Token.ThrowIfCancellationRequested();
                        Console.WriteLine("pump");
                    }
                }, _cts.Token);
            }

            public void Stop() => _cts.Cancel();
        }
        """);

    [Fact]
    public Task AsyncLambdaLoop_Throws() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public Task Start() => {|TSA2008:Task.Run(async () =>
            {
                for (;;)
                {
                    await Task.Yield();
                }
            }, _cts.Token)|};

            public void Stop() => _cts.Cancel();
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public Task Start() => Task.Run(async () =>
            {
                for (;;)
                {
                    _cts.Token.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }, _cts.Token);

            public void Stop() => _cts.Cancel();
        }
        """);

    [Fact]
    public Task MethodGroup_BecomesLambdaPassingTheToken_WorkerChecksIt() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public void Start(CancellationToken token)
            {
                {|TSA2008:Task.Run(Poll, token)|};
            }

            /// <summary>Polls forever.</summary>
            private void Poll()
            {
                while (true)
                {
                    Console.WriteLine("tick"); // one tick
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public void Start(CancellationToken token)
            {
                Task.Run(() => Poll(token), token);
            }

            /// <summary>Polls forever.</summary>
            private void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick"); // one tick
                }
            }
        }
        """);

    [Fact]
    public Task WorkerThatSleepsBetweenTicks_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public void Start(CancellationToken token) => {|TSA2008:Task.Run(Poll, token)|};

            private void Poll()
            {
                while (true)
                {
                    Thread.Sleep(1000);
                    Console.WriteLine("tick");
                }
            }
        }
        """);

    [Fact]
    public Task WorkerThatPacesItsTicks_GetsItsParameter() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public void Start(CancellationToken token) => {|TSA2008:Task.Run(Poll, token)|};

            private void Poll()
            {
                while (true)
                {
                    Thread.Sleep(50);
                    Console.WriteLine("tick");
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public void Start(CancellationToken token) => Task.Run(() => Poll(token), token);

            private void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(50);
                    Console.WriteLine("tick");
                }
            }
        }
        """);

    [Fact]
    public Task LambdaCallingWorker_PassesTheStartsToken_OtherCallersKeepTheirs() => Verify.VerifyCodeFixAsync("""
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Consumer
        {
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();

            public Task Start(CancellationToken token) => {|TSA2008:Task.Factory.StartNew(() => Consume(), token, TaskCreationOptions.LongRunning, TaskScheduler.Default)|};

            public void Drain() => Consume();

            private void Consume()
            {
                for (;;)
                {
                    Handle(_queue.Take());
                }
            }

            private static void Handle(int item) { }
        }
        """, """
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Consumer
        {
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();

            public Task Start(CancellationToken token) => Task.Factory.StartNew(() => Consume(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            public void Drain() => Consume();

            private void Consume(CancellationToken cancellationToken = default)
            {
                for (; !cancellationToken.IsCancellationRequested;)
                {
                    Handle(_queue.Take());
                }
            }

            private static void Handle(int item) { }
        }
        """);

    [Fact]
    public Task AsyncWorker_Throws() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Ticker
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();

            public void Start() => {|TSA2008:Task.Run(() => TickAsync(), _stop.Token)|};

            public void Stop() => _stop.Cancel();

            private async Task TickAsync()
            {
                while (true)
                {
                    await Task.Delay(100);
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Ticker
        {
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();

            public void Start() => Task.Run(() => TickAsync(_stop.Token), _stop.Token);

            public void Stop() => _stop.Cancel();

            private async Task TickAsync(CancellationToken cancellationToken = default)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Delay(100);
                }
            }
        }
        """);

    [Fact]
    public Task FixAll_InlineLoopsAndWorkers()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Service
                {
                    private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                    public void Start(CancellationToken token)
                    {
                        {|TSA2008:Task.Run(Poll, token)|};
                        {|TSA2008:Task.Run(() => Poll(), _cts.Token)|};
                    }

                    public void StartPump() => {|TSA2008:Task.Run(() => { while (true) { Console.WriteLine(); } }, _cts.Token)|};

                    public void Stop() => _cts.Cancel();

                    private void Poll()
                    {
                        while (true)
                        {
                            Console.WriteLine("tick");
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Service
                {
                    private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                    public void Start(CancellationToken token)
                    {
                        Task.Run(() => Poll(token), token);
                        Task.Run(() => Poll(_cts.Token), _cts.Token);
                    }

                    public void StartPump() => Task.Run(() => { while (true) { _cts.Token.ThrowIfCancellationRequested(); Console.WriteLine(); } }, _cts.Token);

                    public void Stop() => _cts.Cancel();

                    private void Poll(CancellationToken cancellationToken = default)
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            Console.WriteLine("tick");
                        }
                    }
                }
                """,
            // One fix of Poll also passes the token from the second start, which calls it.
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_AcrossDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class A
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => {|TSA2008:Task.Run(() => { for (;;) { Console.WriteLine("a"); } }, _cts.Token)|};

                public void Stop() => _cts.Cancel();
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class B
            {
                public void Start(CancellationToken token) => {|TSA2008:Task.Run(Loop, token)|};

                private void Loop()
                {
                    for (;;) { Console.WriteLine("b"); }
                }
            }
            """));
        test.FixedState.Sources.Add(("A.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class A
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => Task.Run(() => { for (;;) { _cts.Token.ThrowIfCancellationRequested(); Console.WriteLine("a"); } }, _cts.Token);

                public void Stop() => _cts.Cancel();
            }
            """));
        test.FixedState.Sources.Add(("B.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class B
            {
                public void Start(CancellationToken token) => Task.Run(() => Loop(token), token);

                private void Loop(CancellationToken cancellationToken = default)
                {
                    for (; !cancellationToken.IsCancellationRequested;) { Console.WriteLine("b"); }
                }
            }
            """));
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllInDocumentIterations = 2;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task BlockingWaitOnly_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Delayed
        {
            private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

            public Task WhenReady(CancellationToken token) => {|TSA2008:Task.Run(() => _ready.Wait(), token)|};
        }
        """);

    [Fact]
    public Task StaticLambda_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private static readonly CancellationTokenSource Cts = new CancellationTokenSource();

            public static void Start() => {|TSA2008:Task.Run(static () => { while (true) { Console.WriteLine(); } }, Cts.Token)|};

            public static void Stop() => Cts.Cancel();
        }
        """);

    [Fact]
    public Task WorkerInAnotherFileOfAPartialType_NoFix()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Start.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Poller
            {
                public void Start(CancellationToken token) => {|TSA2008:Task.Run(Poll, token)|};
            }
            """));
        test.TestState.Sources.Add(("Poll.cs", """
            partial class Poller
            {
                private void Poll()
                {
                    while (true)
                    {
                        System.Console.WriteLine();
                    }
                }
            }
            """));
        test.FixedState.Sources.AddRange(test.TestState.Sources);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
