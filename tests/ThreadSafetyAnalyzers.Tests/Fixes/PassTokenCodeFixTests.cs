using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.PassTokenCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class PassTokenCodeFixTests
{
    [Fact]
    public Task EveryApi_GetsTheToken_FixAll() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task M(int[] items, CancellationToken token)
            {
                await {|TSA2003:Task.Run(() => Poll())|}; // run it
                await {|TSA2003:Task.Factory.StartNew(() => Poll2())|};
                await {|TSA2003:Task.Factory.StartNew(state => Poll3(), "state")|};
                await {|TSA2003:Task.Factory.StartNew(() => Poll4(), TaskCreationOptions.LongRunning)|};
                {|TSA2003:Parallel.For(0, 10, i => Work())|};
                {|TSA2003:Parallel.ForEach(items, item => Work())|};
                {|TSA2003:Parallel.Invoke(() => Work(), Work)|};
                {|TSA2003:Parallel.For(0, 10, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => Work())|};
                {|TSA2003:Parallel.ForEach(items, new ParallelOptions(), item => Work())|};
                await {|TSA2003:Parallel.ForEachAsync(items, (item, ct) => ValueTask.CompletedTask)|};
            }

            static void Work() { }

            static void Poll()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll2()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll3()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll4()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task M(int[] items, CancellationToken token)
            {
                await Task.Run(() => Poll(token), token); // run it
                await Task.Factory.StartNew(() => Poll2(token), token);
                await Task.Factory.StartNew(state => Poll3(token), "state", token);
                await Task.Factory.StartNew(() => Poll4(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Current);
                Parallel.For(0, 10, new ParallelOptions { CancellationToken = token }, i => Work());
                Parallel.ForEach(items, new ParallelOptions { CancellationToken = token }, item => Work());
                Parallel.Invoke(new ParallelOptions { CancellationToken = token }, () => Work(), Work);
                Parallel.For(0, 10, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = token }, i => Work());
                Parallel.ForEach(items, new ParallelOptions() { CancellationToken = token }, item => Work());
                await Parallel.ForEachAsync(items, token, (item, ct) => ValueTask.CompletedTask);
            }

            static void Work() { }

            static void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll2(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll3(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll4(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }
        }
        """, "TSA2003.0");

    [Fact]
    public Task TaskWhoseWorkCannotTakeTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private Task? _background;
            private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

            async Task M(CancellationToken token)
            {
                // A start token alone only keeps the work from starting: an awaited short job would merely be skipped,
                // a stored long-lived task would end Canceled for whoever awaits it later, a fire-and-forget job would be
                // dropped unseen. None of that is what a reviewer asked for.
                await {|TSA2003:Task.Run(() => Work())|};
                var value = await {|TSA2003:Task.Run<int>(() => 42)|};
                _background = {|TSA2003:Task.Run(Work)|};
                _ = {|TSA2003:Task.Factory.StartNew(state => Work(), "state")|};
                // A blocking wait the token cannot wake (NoFixLeavesIgnoredTokenTests once held this shape).
                await {|TSA2003:Task.Run(() => _ready.Wait())|};
            }

            static void Work() { }
        }
        """);

    [Fact]
    public Task TaskAroundAParallelLoop_BothGetTheTokenInOneFix() => Verify.VerifyCodeFixAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Indexer
        {
            public Task IndexAsync(IEnumerable<string> documents, CancellationToken cancellationToken)
                => {|TSA2003:Task.Run(() => {|TSA2003:Parallel.ForEach(documents, Index)|})|};

            static void Index(string document) { }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Indexer
        {
            public Task IndexAsync(IEnumerable<string> documents, CancellationToken cancellationToken)
                => Task.Run(() => Parallel.ForEach(documents, new ParallelOptions { CancellationToken = cancellationToken }, Index), cancellationToken);

            static void Index(string document) { }
        }
        """);

    [Fact]
    public Task NamedArgumentsAndSourceTokens() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M()
            {
                using var cts = new CancellationTokenSource(30000);
                {|TSA2003:Task.Run(action: Poll)|};
                {|TSA2003:Task.Factory.StartNew(action: Poll2, creationOptions: TaskCreationOptions.None)|};
            }

            static void Poll()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll2()
            {
                while (true)
                {
                    Console.WriteLine("tick");
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M()
            {
                using var cts = new CancellationTokenSource(30000);
                Task.Run(action: () => Poll(cts.Token), cancellationToken: cts.Token);
                Task.Factory.StartNew(action: () => Poll2(cts.Token), creationOptions: TaskCreationOptions.None, cancellationToken: cts.Token, scheduler: TaskScheduler.Current);
            }

            static void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }

            static void Poll2(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }
        }
        """, "TSA2003.0");

    [Fact]
    public Task MultiLineArguments_KeepLayout() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M(CancellationToken outer, int[] items)
            {
                System.Action<CancellationToken> inner = token =>
                    {|TSA2003:Parallel.ForEach(
                        items,
                        item => { })|};
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            void M(CancellationToken outer, int[] items)
            {
                System.Action<CancellationToken> inner = token =>
                    Parallel.ForEach(
                        items,
                        new ParallelOptions { CancellationToken = outer },
                        item => { });
            }
        }
        """, "TSA2003.1");

    [Fact]
    public Task WorkThatWouldIgnoreTheToken_GetsItToo() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Poller
        {
            public Task Start(CancellationToken token) => {|TSA2003:Task.Run(Poll)|};

            // Polls until stopped.
            private void Poll()
            {
                while (true)
                {
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
            public Task Start(CancellationToken token) => Task.Run(() => Poll(token), token);

            // Polls until stopped.
            private void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine("tick");
                }
            }
        }
        """);

    [Fact]
    public Task WorkThatWouldIgnoreTheTokenAndCannotTakeIt_NoFix()
    {
        // Passing the token would only keep the blocking wait from starting (a TSA2008), and the wait is not ours to change here.
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Start.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Poller
            {
                public Task Start(CancellationToken token) => {|TSA2003:Task.Run(Poll)|};
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
