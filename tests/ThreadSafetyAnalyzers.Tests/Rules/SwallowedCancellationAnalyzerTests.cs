using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.SwallowedCancellationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class SwallowedCancellationAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task DelayInEndlessLoopCaughtAndIgnored_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay(1000, cancellationToken);
                        Work();
                    }
                    {|#0:catch (OperationCanceledException)|}
                    {
                    }
                }
            }

            void Work() { }
        }
        """,
        Verify.Diagnostic("TSA2009").WithLocation(0).WithArguments("cancellationToken"));

    [Fact]
    public Task EveryEndlessLoopShape_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void DoWhile(BlockingCollection<int> queue, CancellationToken token)
            {
                do
                {
                    try
                    {
                        Handle(queue.Take(token));
                    }
                    [|catch (OperationCanceledException ex)|]
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
                while (true);
            }

            void ForEver(SemaphoreSlim signal, CancellationToken token)
            {
                for (;;)
                {
                    try
                    {
                        signal.Wait(token);
                        Handle(1);
                    }
                    [|catch (OperationCanceledException)|]
                    {
                        // Retry.
                        continue;
                    }
                }
            }

            async Task TaskCanceled(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay(100, token);
                    }
                    [|catch (TaskCanceledException)|]
                    {
                    }
                }
            }

            void SleepsInTheCatch(SemaphoreSlim signal, CancellationToken token)
            {
                while (true)
                {
                    try { signal.Wait(token); }
                    [|catch (Exception)|] { Thread.Sleep(5000); }
                }
            }

            void Handle(int item) { }
        }
        """);

    [Fact]
    public Task LoopOverCollectionThatWaitsWithTheToken_EndsAnyway_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task SendAll(IEnumerable<string> messages, CancellationToken token)
            {
                foreach (var message in messages)
                {
                    try
                    {
                        await SendAsync(message, token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }

            Task SendAsync(string message, CancellationToken token) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task CatchAllWithTokenInTry_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task Logging(CancellationToken stoppingToken)
            {
                while (true)
                {
                    try
                    {
                        await PollAsync(stoppingToken);
                    }
                    {|#0:catch (Exception ex)|}
                    {
                        Console.WriteLine("poll failed: " + ex);
                    }
                }
            }

            void Untyped(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        token.ThrowIfCancellationRequested();
                        Thread.Sleep(10);
                    }
                    {|#1:catch|}
                    {
                    }
                }
            }

            Task PollAsync(CancellationToken token) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic("TSA2009").WithLocation(0).WithArguments("stoppingToken"),
        Verify.Diagnostic("TSA2009").WithLocation(1).WithArguments("token"));

    [Fact]
    public Task TokenFieldsSourcesAndOtherObjects_NameTheToken() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Connection { public CancellationToken Closed { get; } }

        class Worker
        {
            private readonly CancellationTokenSource _cts = new();
            private readonly Connection _connection = new();

            async Task FromSource()
            {
                while (true)
                {
                    try { await Task.Delay(100, _cts.Token); }
                    {|#0:catch (OperationCanceledException)|} { }
                }
            }

            async Task FromOtherObject()
            {
                while (true)
                {
                    try { await Task.Delay(100, _connection.Closed); }
                    {|#1:catch (OperationCanceledException)|} { }
                }
            }

            async Task FromNullable(CancellationToken? maybe)
            {
                while (true)
                {
                    try { await Task.Delay(100, maybe.GetValueOrDefault()); }
                    {|#2:catch (OperationCanceledException)|} { }
                }
            }
        }
        """,
        Verify.Diagnostic("TSA2009").WithLocation(0).WithArguments("_cts"),
        Verify.Diagnostic("TSA2009").WithLocation(1).WithArguments("_connection.Closed"),
        Verify.Diagnostic("TSA2009").WithLocation(2).WithArguments("maybe"));

    [Fact]
    public Task SourceLinkedInsideTheLoop_ReportsTheOuterToken_FilterOnItIsSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task Unfiltered(CancellationToken token)
            {
                while (true)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(1000);
                    try
                    {
                        await Task.Delay(5000, timeout.Token);
                    }
                    {|#0:catch (OperationCanceledException)|}
                    {
                        // Timed out: try again.
                    }
                }
            }

            async Task Filtered(CancellationToken token)
            {
                while (true)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(1000);
                    try
                    {
                        await Task.Delay(5000, timeout.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                    }
                }
            }

            async Task LinkedBeforeTheLoop(CancellationToken token, CancellationToken other)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, other);
                while (true)
                {
                    try
                    {
                        await Task.Delay(5000, linked.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                    }
                }
            }
        }
        """,
        Verify.Diagnostic("TSA2009").WithLocation(0).WithArguments("token"));

    [Fact]
    public Task FreshSourceOnEveryIteration_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task Retry()
            {
                while (true)
                {
                    using var timeout = new CancellationTokenSource(1000);
                    try
                    {
                        await Task.Delay(5000, timeout.Token);
                        return;
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }

            CancellationTokenSource _cts = new();

            async Task Renewed()
            {
                while (true)
                {
                    _cts = new CancellationTokenSource();
                    try { await Task.Delay(5000, _cts.Token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task PerMessage(Func<Task<Message>> receive)
            {
                while (true)
                {
                    var message = await receive();
                    try { await Task.Delay(5000, message.Token); }
                    catch (OperationCanceledException) { }
                }
            }

            class Message { public CancellationToken Token { get; } }
        }
        """);

    [Fact]
    public Task Filters_OnTheSameTokenSilent_OnAnotherTokenReported() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task SameToken(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested) { }
                    try { await Task.Delay(100, token); }
                    catch (Exception ex) when (ex is not OperationCanceledException) { }
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException ex) when (ex.CancellationToken != token) { }
                }
            }

            async Task OtherToken(CancellationToken token, CancellationToken pause)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    [|catch (OperationCanceledException)|] when (!pause.IsCancellationRequested) { }
                }
            }

            async Task UnknownFilter(CancellationToken token, bool retry)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (Exception ex) when (Log(ex)) { }
                }
            }

            static bool Log(Exception ex) => false;
        }
        """);

    [Fact]
    public Task CatchThatLeavesTheLoop_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task Leaves(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { Console.WriteLine("stopping"); break; }
                }

                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { return; }
                }
            }

            async Task Rethrows(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { throw; }
                }
            }

            async Task LeavesOnOnePath(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (Exception ex)
                    {
                        if (ex is OperationCanceledException) break;
                        Console.WriteLine(ex);
                    }
                }
            }

            async Task BacksOffWithTheToken(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                        await Task.Delay(5000, token);
                    }
                }
            }

            bool _running = true;

            async Task SetsTheStopFlag(CancellationToken token)
            {
                var stop = false;
                while (!stop)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { stop = true; }
                }
            }

            async Task CallsStop(CancellationToken token)
            {
                while (true)
                {
                    if (!_running) break;
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { Stop(); }
                }
            }

            void Stop() => _running = false;

            async Task LeftAfterTheTry(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                    break;
                }
            }
        }
        """);

    [Fact]
    public Task LoopThatStopsOtherwise_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class Worker
        {
            async Task ConditionTestsToken(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task ThrowsBeforeTheTry(CancellationToken token)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task WaitsAfterTheTry(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (Exception) { }
                    await Task.Delay(1000, token);
                }
            }

            async Task ChecksInsideTheTry(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        if (token.IsCancellationRequested)
                        {
                            break;
                        }

                        await Task.Delay(100, token);
                    }
                    catch (OperationCanceledException) { }
                }
            }

            async Task ReadsWithTheToken(ChannelReader<int> reader, CancellationToken token)
            {
                while (await reader.WaitToReadAsync(token))
                {
                    try { await Task.Delay(reader.TryRead(out var item) ? item : 0, token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task WaitsForTheNextMessageOutsideTheTry(ChannelReader<int> reader, CancellationToken token)
            {
                while (await reader.WaitToReadAsync())
                {
                    try { await Task.Delay(reader.TryRead(out var item) ? item : 0, token); }
                    catch (OperationCanceledException) { }
                }

                await foreach (var item in reader.ReadAllAsync())
                {
                    try { await Task.Delay(item, token); }
                    catch (OperationCanceledException) { }
                }
            }

            bool _disposed;

            async Task ConditionIsAStopFlag(CancellationToken token)
            {
                while (!_disposed)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task ConditionOnLocalsOnly(CancellationToken token)
            {
                var done = false;
                while (!done)
                {
                    try { await Task.Delay(100, token); done = Check(); }
                    [|catch (OperationCanceledException)|] { }
                }
            }

            static bool Check() => false;

            async Task WalkThatEnds(string[] files, CancellationToken token)
            {
                var index = 0;
                while (true)
                {
                    if (index >= files.Length) break;
                    try { await Task.Delay(files[index].Length, token); }
                    catch (Exception) { }
                    index++;
                }
            }

            async Task WaitsInFinally(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                    finally { await Task.Delay(10, token); }
                }
            }
        }
        """);

    [Fact]
    public Task OtherCatchesTryWithoutTokenAndBoundedLoops_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task OtherException(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (IOException) { }
                }
            }

            void CatchAllWithoutToken(CancellationToken token)
            {
                while (true)
                {
                    try { Work(); }
                    catch (Exception) { }
                    Thread.Sleep(10);
                }
            }

            async Task NoneIsNeverCancelled()
            {
                while (true)
                {
                    try { await Task.Delay(100, CancellationToken.None); await Task.Delay(100, default(CancellationToken)); }
                    catch { }
                }
            }

            void TokenOnlyTested(CancellationToken token)
            {
                for (var i = 0; ; i++)
                {
                    try { if (i > 10) Work(); }
                    catch (OperationCanceledException) { }
                }
            }

            void BoundedWithoutWait(CancellationToken token)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { Work(token); }
                    catch (OperationCanceledException) { }
                }
            }

            void OperationCanceledFirst(CancellationToken token)
            {
                while (true)
                {
                    try { Work(token); Thread.Sleep(10); }
                    catch (OperationCanceledException) when (token.IsCancellationRequested) { throw; }
                    catch (Exception) { }
                }
            }

            void Work(CancellationToken token = default) { }
        }
        """);

    [Fact]
    public Task NestedLoops_InnerEndlessReports_BoundedInnerWithStoppingOuterSilent() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task InnerEndless(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    while (true)
                    {
                        try { await Task.Delay(100, token); }
                        [|catch (OperationCanceledException)|] { }
                    }
                }
            }

            async Task BoundedInner(IReadOnlyList<int> items, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    foreach (var item in items)
                    {
                        try { await Task.Delay(item, token); }
                        catch (OperationCanceledException) { }
                    }
                }
            }

            async Task BoundedInnerEndlessOuter(IReadOnlyList<int> items, CancellationToken token)
            {
                while (true)
                {
                    foreach (var item in items)
                    {
                        try { await Task.Delay(item, token); }
                        [|catch (OperationCanceledException)|] { }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task LambdasLocalFunctionsAndPrimaryConstructors_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker(CancellationToken shutdown)
        {
            Task Start(CancellationToken token) => Task.Run(async () =>
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    [|catch (OperationCanceledException)|] { }
                }
            });

            void Local()
            {
                Loop(default);

                static void Loop(CancellationToken token)
                {
                    while (true)
                    {
                        try { Task.Delay(100, token).Wait(); }
                        [|catch (OperationCanceledException)|] { }
                    }
                }
            }

            async Task Primary()
            {
                while (true)
                {
                    try { await Task.Delay(100, shutdown); }
                    {|#0:catch (OperationCanceledException)|} { }
                }
            }

            Func<CancellationToken, Task> Static => static async token =>
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    [|catch (Exception)|] { }
                }
            };
        }
        """,
        Verify.Diagnostic("TSA2009").WithLocation(0).WithArguments("shutdown"));

    [Fact]
    public Task TopLevelStatements_Reports() => new Verify.Test
    {
        TestState =
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            Sources =
            {
                """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                using var cts = new CancellationTokenSource();
                Console.CancelKeyPress += (_, _) => cts.Cancel();
                while (true)
                {
                    try { await Task.Delay(1000, cts.Token); }
                    [|catch (TaskCanceledException)|] { }
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task IteratorsPartialTypesAndConditionalCode() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        partial class Worker
        {
            IEnumerable<int> Produce(CancellationToken token)
            {
                while (true)
                {
                    try { Task.Delay(100, token).Wait(); }
                    catch (OperationCanceledException) { }
                    yield return 1;
                }
            }
        }

        partial class Worker
        {
            void Conditional(CancellationToken token)
            {
                while (true)
                {
                    try { Task.Delay(100, token).Wait(); }
        #if NEVER
                    catch (OperationCanceledException) { break; }
        #else
                    [|catch (OperationCanceledException)|] { }
        #endif
                }
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task RunAsync(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException) { }
                }
            }
        }
        """);

    [Fact]
    public Task HalfTypedCode_DoesNotCrash() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            async Task UnknownCall(CancellationToken token)
            {
                while (true)
                {
                    try { await {|CS0103:Missing|}(token); }
                    catch (OperationCanceledException) { }
                }
            }

            async Task UnknownType(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch ({|CS0246:Canceled|}) { }
                }
            }

            async Task Unclosed(CancellationToken token)
            {
                while (true)
                {
                    try { await Task.Delay(100, token); }
                    catch (OperationCanceledException{|CS1026:|}
                    { }
                }
            }
        }
        """);
}
