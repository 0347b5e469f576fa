using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.LoopCancellationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class LoopCancellationAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    // ---- TSA2001: flagged shapes ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task EndlessLoopsIgnoringToken_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class C
        {
            void While(CancellationToken token)
            {
                {|TSA2001:while (true)|}
                {
                    Work();
                }
            }

            void For(CancellationToken token)
            {
                {|TSA2001:for (;;)|} Work();
            }

            void ForTrue(CancellationToken token)
            {
                {|TSA2001:for (var i = 0; true; i++)|} Work();
            }

            void Do(CancellationToken token)
            {
                {|TSA2001:do|}
                {
                    Work();
                }
                while (true);
            }

            static void Work() { }
        }
        """);

    [Fact]
    public Task Message_NamesReasonAndToken() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class C
        {
            void Endless(CancellationToken cancellationToken)
            {
                {|#0:while (true)|} { }
            }

            void Waits(CancellationToken token, bool more)
            {
                {|#1:while (more)|}
                {
                    Thread.Sleep(10);
                }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(0).WithArguments("has no exit", "cancellationToken"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(1).WithArguments("waits (Thread.Sleep)", "token"));

    // Waits written in unusual ways are still waits: an escaped or formatted name, an imported or verbatim one, a member access over lines.
    [Fact]
    public Task WaitsWrittenOddly_StillReport() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using static System.Threading.Thread;

        class C
        {
            void Escaped(CancellationToken token, bool more, SemaphoreSlim gate)
            {
                {|#0:while (more)|}
                {
                    gate.W\u0061it();
                }
            }

            void Imported(CancellationToken token, bool more)
            {
                {|#1:while (more)|} Sleep(10);
            }

            void Verbatim(CancellationToken token, bool more, Task<int> pending)
            {
                {|#2:while (more)|}
                {
                    _ = pending.@Result;
                }
            }

            void SpreadOverLines(CancellationToken token, bool more, Task pending)
            {
                {|#3:do|}
                {
                    pending
                        .
                        Wait();
                }
                while (more);
            }

            // A soft hyphen (U+00AD) inside the name, which the compiler ignores.
            void FormattingCharacter(CancellationToken token, bool more)
            {
                {|#4:while (more)|} Thread.Sl­eep(10);
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(0).WithArguments("waits (SemaphoreSlim.Wait)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(1).WithArguments("waits (Thread.Sleep)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(2).WithArguments("waits (Task.Result)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(3).WithArguments("waits (Task.Wait)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(4).WithArguments("waits (Thread.Sleep)", "token"));

    [Theory, MemberData(nameof(Frameworks))]
    public Task WaitingLoopsIgnoringToken_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            bool _more = true;

            void Blocking(CancellationToken token, Task task, Task<int> value, ManualResetEvent handle, SemaphoreSlim gate,
                ManualResetEventSlim slim, CountdownEvent countdown, Barrier barrier, BlockingCollection<int> queue, Thread thread, object sync)
            {
                {|TSA2001:while (_more)|} { Thread.Sleep(100); }
                {|TSA2001:while (_more)|} { thread.Join(); }
                {|TSA2001:while (_more)|} { task.Wait(); }
                {|TSA2001:while (_more)|} { Task.WaitAll(task); }
                {|TSA2001:while (_more)|} { Task.WaitAny(task); }
                {|TSA2001:while (_more)|} { _ = value.Result; }
                {|TSA2001:while (_more)|} { task.GetAwaiter().GetResult(); }
                {|TSA2001:while (_more)|} { value.ConfigureAwait(false).GetAwaiter().GetResult(); }
                {|TSA2001:while (_more)|} { handle.WaitOne(); }
                {|TSA2001:while (_more)|} { WaitHandle.WaitAll(new WaitHandle[] { handle }); }
                {|TSA2001:while (_more)|} { WaitHandle.WaitAny(new WaitHandle[] { handle }); }
                {|TSA2001:while (_more)|} { lock (sync) { Monitor.Wait(sync); } }
                {|TSA2001:while (_more)|} { gate.Wait(); }
                {|TSA2001:while (_more)|} { slim.Wait(); }
                {|TSA2001:while (_more)|} { countdown.Wait(); }
                {|TSA2001:while (_more)|} { barrier.SignalAndWait(); }
                {|TSA2001:while (_more)|} { queue.Take(); }
                {|TSA2001:while (_more)|} { SpinWait.SpinUntil(() => !_more); }
                {|TSA2001:foreach (var item in new[] { 1, 2 })|} { Thread.Sleep(item); }
                {|TSA2001:for (var i = 0; i < 10; i++)|} { Thread.Sleep(i); }
            }
        }
        """);

    [Fact]
    public Task AwaitingLoopsIgnoringToken_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        class C
        {
            async Task Awaits(CancellationToken token, bool more)
            {
                {|TSA2001:while (more)|}
                {
                    await Task.Delay(100);
                }
            }

            async Task AwaitInCondition(ChannelReader<int> reader, CancellationToken token)
            {
                {|TSA2001:while (await reader.WaitToReadAsync())|}
                {
                    reader.TryRead(out _);
                }
            }

            async Task AwaitForeach(IAsyncEnumerable<int> items, CancellationToken token)
            {
                {|TSA2001:await foreach (var item in items)|}
                {
                    Use(item);
                }
            }

            static void Use(int item) { }
        }
        """);

    [Fact]
    public Task TokensFromEveryScope_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            C(CancellationToken token)
            {
                {|TSA2001:while (true)|} { }
            }

            void NullableToken(CancellationToken? token)
            {
                {|TSA2001:while (true)|} { }
            }

            void SourceLocal()
            {
                using var cts = new CancellationTokenSource(30000);
                {|TSA2001:while (true)|} { }
            }

            void TokenLocal(CancellationTokenSource source)
            {
                var token = source.Token;
                {|TSA2001:while (true)|} { }
            }

            void CapturedByLambda(CancellationToken token)
            {
                Action work = () =>
                {
                    {|TSA2001:while (true)|} { }
                };
                Func<Task> async = async () =>
                {
                    {|TSA2001:while (true)|} { await Task.Yield(); }
                };
                Action anonymous = delegate
                {
                    {|TSA2001:for (;;)|} { }
                };
            }

            void CapturedByLocalFunction(CancellationToken token)
            {
                Loop();

                void Loop()
                {
                    {|TSA2001:while (true)|} { }
                }
            }

            void LambdaParameter()
            {
                Action<CancellationToken> work = token =>
                {
                    {|TSA2001:while (true)|} { }
                };
            }

            int Property
            {
                set
                {
                    var cts = new CancellationTokenSource(30000);
                    {|TSA2001:while (true)|} { }
                }
            }

            void ExpressionBodied(CancellationToken token) => Task.Run(() => { {|TSA2001:while (true)|} { } });
        }
        """);

    [Fact]
    public Task TopLevelStatements_Report()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                using var cts = new CancellationTokenSource(30000);
                {|TSA2001:while (true)|}
                {
                    Thread.Sleep(100);
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    // ---- TSA2001: silent shapes ----

    [Fact]
    public Task SpinBoundedByAShortStopwatchDeadline_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Chaser
        {
            private static readonly TimeSpan SingleIteration = TimeSpan.FromMilliseconds(200);
            private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
            private const int Limit = 500;
            private static readonly int LimitField = 1000;
            private long _caught, _written;

            void Wait(CancellationToken token)
            {
                var sw = Stopwatch.StartNew();
                while (_caught < _written && sw.Elapsed < SingleIteration)
                {
                    Thread.Sleep(1);
                }

                while (sw.ElapsedMilliseconds <= Limit)
                {
                    Thread.Sleep(10);
                }

                while (LimitField > sw.ElapsedMilliseconds)
                {
                    Thread.Sleep(10);
                }

                // A deadline of half a minute, or one that is not a stopwatch's: still reported.
                {|#0:while (_caught < _written && sw.Elapsed < Long)|}
                {
                    Thread.Sleep(1);
                }

                {|#1:while (_caught < _written || sw.Elapsed < SingleIteration)|}
                {
                    Thread.Sleep(1);
                }

                var end = DateTime.UtcNow + SingleIteration;
                {|#2:while (DateTime.UtcNow < end)|}
                {
                    Thread.Sleep(1);
                }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(0).WithArguments("waits (Thread.Sleep)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(1).WithArguments("waits (Thread.Sleep)", "token"),
        Verify.Diagnostic(DiagnosticIds.LoopDoesNotObserveToken).WithLocation(2).WithArguments("waits (Thread.Sleep)", "token"));

    [Fact]
    public Task RetryPauseOnlyInACatch_ReportsOnlyWhereItCanComeRoundForever() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Threading;

        class Writer
        {
            void WriteAll(string[] files, string text, CancellationToken token)
            {
                // One retry per file after a failed write: the loop ends with the files.
                foreach (var file in files)
                {
                    try
                    {
                        File.WriteAllText(file, text);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(200);
                        File.WriteAllText(file, text);
                    }
                }

                for (var i = 0; i < files.Length; i++)
                {
                    try { File.WriteAllText(files[i], text); }
                    catch (IOException) { Thread.Sleep(200); }
                }
            }

            void Connect(CancellationToken token)
            {
                // A retry loop with no end of its own: it can pause and come round for ever.
                {|TSA2001:for (;;)|}
                {
                    try
                    {
                        File.WriteAllText("lock", "");
                        return;
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }

            void Paced(string[] files, CancellationToken token)
            {
                // A pause on every pass still makes the loop a waiting one.
                {|TSA2001:foreach (var file in files)|}
                {
                    try { File.Delete(file); }
                    catch (IOException) { }
                    Thread.Sleep(200);
                }
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task LoopsObservingAnyToken_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private CancellationToken FieldToken => _cts.Token;

            void Checks(CancellationToken token)
            {
                while (true) { if (token.IsCancellationRequested) return; }
            }

            void Throws(CancellationToken token)
            {
                while (true) { token.ThrowIfCancellationRequested(); }
            }

            void Condition(CancellationToken token)
            {
                while (!token.IsCancellationRequested) { Thread.Sleep(10); }
            }

            void WaitsOnHandle(CancellationToken token)
            {
                while (true) { token.WaitHandle.WaitOne(100); }
            }

            async Task PassesToken(CancellationToken token)
            {
                while (true) { await Task.Delay(100, token); }
            }

            void FieldSource(CancellationToken token)
            {
                while (true) { if (_cts.IsCancellationRequested) break; Thread.Sleep(1); }
            }

            void PropertyToken(CancellationToken token)
            {
                while (true) { FieldToken.ThrowIfCancellationRequested(); }
            }

            void LinkedSource(CancellationToken token)
            {
                while (true)
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
                    Thread.Sleep(10);
                }
            }

            void Registers(CancellationToken token, SemaphoreSlim gate)
            {
                while (true) { using (token.Register(() => gate.Release())) { gate.Wait(); } }
            }

            void InNestedLambda(CancellationToken token)
            {
                while (true) { Task.Run(() => token.ThrowIfCancellationRequested()).Wait(); }
            }
        }
        """);

    [Fact]
    public Task LoopsThatDecidedAboutTheToken_NoTsa2001() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            private readonly ConcurrentQueue<byte[]> _queue = new ConcurrentQueue<byte[]>();
            private readonly SemaphoreSlim _inFlight = new SemaphoreSlim(4);

            // The token is observed inside the local function the loop calls.
            async Task Deliver(CancellationToken cancellationToken)
            {
                while (true)
                {
                    await Execute();
                }

                async Task Execute() => await Task.Delay(100, cancellationToken);
            }

            // Waiting out the work in flight, deliberately without the token.
            async Task StopAsync(CancellationToken cancellationToken)
            {
                while (_inFlight.CurrentCount != 4)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }

            // After cancellation: send what is left.
            async Task SendAll(Stream stream, CancellationToken token)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    while (_queue.TryDequeue(out var leftover))
                    {
                        await stream.WriteAsync(leftover, 0, leftover.Length);
                    }
                }
            }

            // Writes to a MemoryStream complete at once: a bounded loop over them waits for nothing.
            async Task Assemble(byte[][] blocks, CancellationToken token)
            {
                var buffer = new MemoryStream();
                foreach (var block in blocks)
                {
                    await buffer.WriteAsync(block, 0, block.Length);
                }
            }
        }
        """);

    [Fact]
    public Task LocalFunctionThatIgnoresTheToken_StillReports() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Pump
        {
            async Task Deliver(Stream stream, byte[][] blocks, CancellationToken cancellationToken)
            {
                {|TSA2001:while (true)|}
                {
                    await Execute();
                }

                async Task Execute() => await Task.Delay(100);
            }

            async Task Copy(Stream from, Stream to, CancellationToken token)
            {
                // A real stream write does wait.
                {|TSA2001:foreach (var file in new[] { "a", "b" })|}
                {
                    await from.CopyToAsync(to);
                }
            }
        }
        """);

    [Fact]
    public Task LoopsPassingTokenCarriers_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class RequestContext
        {
            public CancellationToken Aborted { get; init; }
        }

        class PooledContext
        {
            public static PooledContext Get(CancellationToken token) => new PooledContext();
        }

        class C
        {
            async Task PassesCarrier(RequestContext context, CancellationToken token, Func<RequestContext, Task>[] callbacks)
            {
                foreach (var callback in callbacks)
                {
                    await callback(context);
                }
            }

            async Task PassesLocalBuiltFromToken(CancellationToken token, Func<PooledContext, Task>[] callbacks)
            {
                var context = PooledContext.Get(token);
                foreach (var callback in callbacks)
                {
                    await callback(context);
                }
            }

            async Task PassesLocalAssignedFromToken(CancellationToken token, Func<PooledContext, Task>[] callbacks)
            {
                PooledContext context;
                context = PooledContext.Get(token);
                foreach (var callback in callbacks)
                {
                    await callback(context);
                }
            }
        }
        """);

    [Fact]
    public Task BoundedLoopsWaitingOnCallsThatTakeNoToken_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            event Func<string, Task>? Changed;

            async Task NotifyAll(CancellationToken token, List<string> topics, Func<string, Task> handler, Thread[] threads)
            {
                foreach (var topic in topics)
                {
                    await handler(topic);
                    await ResumeNoLock(topic).ConfigureAwait(false);
                }

                for (var i = 0; i < threads.Length; i++)
                {
                    threads[i].Join();
                }
            }

            static Task ResumeNoLock(string topic) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BoundedLoopsWaitingOnCallsThatCouldTakeTheToken_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task CopyAll(CancellationToken token, List<Stream> streams, Stream target, SemaphoreSlim gate)
            {
                {|TSA2001:foreach (var stream in streams)|}
                {
                    await stream.CopyToAsync(target).ConfigureAwait(false);
                }

                {|TSA2001:for (var i = 0; i < 3; i++)|}
                {
                    await Task.Delay(10);
                }

                {|TSA2001:for (var i = 0; i < 3; i++)|}
                {
                    gate.Wait();
                }
            }

            void Consume(CancellationToken token, BlockingCollection<int> queue)
            {
                {|TSA2001:foreach (var item in queue.GetConsumingEnumerable())|}
                {
                    System.Console.WriteLine(item);
                }

                foreach (var item in queue.GetConsumingEnumerable(token))
                {
                    System.Console.WriteLine(item);
                }
            }
        }
        """);

    [Fact]
    public Task LocalNotBuiltFromToken_StillReports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task M(CancellationToken token, Func<int, Task>[] callbacks)
            {
                var value = 42;
                var i = 0;
                {|TSA2001:while (i < callbacks.Length)|}
                {
                    await callbacks[i++](value);
                }
            }
        }
        """);

    // A source the function arms only once the loop is over: the settle-wait of a stress test hands its token to the
    // senders it starts, polls until their count stops changing, and only then sets the clean-up deadline.
    [Fact]
    public Task SourceFirstCancelledAfterTheLoop_NoTsa2001() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class FloodTest
        {
            async Task SendsSettleThenDeadline(Func<CancellationToken, Task> send)
            {
                using var stopSenders = new CancellationTokenSource();
                var senders = new List<Task>();
                for (var n = 0; n < 100; n++)
                {
                    senders.Add(send(stopSenders.Token));
                }

                int last = -1, quiet = 0;
                while (quiet < 3)
                {
                    await Task.Delay(50);
                    var finished = senders.FindAll(t => t.IsCompleted).Count;
                    quiet = finished == last ? quiet + 1 : 0;
                    last = finished;
                }

                stopSenders.CancelAfter(TimeSpan.FromSeconds(20));
                try
                {
                    await Task.WhenAll(senders);
                }
                finally
                {
                    stopSenders.Cancel();
                    Cleanup(stopSenders);
                }
            }

            // Handed on, or captured by a handler, only after the loop.
            void HandedOnAfterwards(Action<CancellationTokenSource> keep, Func<bool> ready)
            {
                var cts = new CancellationTokenSource();
                while (!ready())
                {
                    Thread.Sleep(10);
                }

                keep(cts);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => cts.Cancel();
            }

            static void Cleanup(CancellationTokenSource source) => source.Dispose();
        }
        """);

    // The neighbours: a source that can fire while the loop runs is a real token in scope.
    [Fact]
    public Task SourceThatCanFireDuringTheLoop_StillReports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class FloodTest
        {
            // The deadline is set before the loop.
            async Task ArmedBefore(Func<bool> ready)
            {
                using var cts = new CancellationTokenSource();
                cts.CancelAfter(1000);
                {|TSA2001:while (!ready())|}
                {
                    await Task.Delay(50);
                }
            }

            // A handler registered before the loop can cancel it at any time.
            async Task HandlerBefore(Func<bool> ready)
            {
                var cts = new CancellationTokenSource();
                Console.CancelKeyPress += (_, _) => cts.Cancel();
                {|TSA2001:while (!ready())|}
                {
                    await Task.Delay(50);
                }
            }

            // The loop runs on another thread: the code after Task.Run runs at the same time.
            void StartedLoop(Func<bool> ready)
            {
                var cts = new CancellationTokenSource();
                var worker = Task.Run(async () =>
                {
                    {|TSA2001:while (!ready())|}
                    {
                        await Task.Delay(50);
                    }
                });
                cts.CancelAfter(1000);
                worker.Wait();
            }

            // The next round of the outer loop runs the inner one with the deadline already set.
            async Task InsideARepeatedLoop(Func<bool> ready, int rounds)
            {
                var cts = new CancellationTokenSource();
                for (var round = 0; round < rounds; round++)
                {
                    {|TSA2001:while (!ready())|}
                    {
                        await Task.Delay(50);
                    }

                    cts.CancelAfter(1000);
                }
            }

            // A local function written after the loop may be called before it.
            async Task LocalFunctionCancels(Func<bool> ready)
            {
                var cts = new CancellationTokenSource();
                StopLater();
                {|TSA2001:while (!ready())|}
                {
                    await Task.Delay(50);
                }

                void StopLater() => cts.CancelAfter(1000);
            }

            // A jump can run the code after the loop before the loop's next run.
            async Task Jumps(Func<bool> ready)
            {
                var cts = new CancellationTokenSource();
            again:
                {|TSA2001:while (!ready())|}
                {
                    await Task.Delay(50);
                }

                cts.CancelAfter(1000);
                if (!ready())
                {
                    goto again;
                }
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task LoopsThatOnlyCompute_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Collections.Generic;
        using System.Threading;

        class C
        {
            int Compute(List<int> items, CancellationToken token)
            {
                var sum = 0;
                for (var i = 0; i < items.Count; i++) sum += items[i];
                foreach (var item in items) sum += item;
                var j = 0;
                while (j < 10) j++;
                do { j--; } while (j > 0);
                while (true)
                {
                    if (sum > 100) break;
                    sum *= 2;
                }

                for (;;)
                {
                    if (sum-- < 0) return sum;
                }
            }
        }
        """);

    [Fact]
    public Task WaitsOnlyInNestedFunctionsOrCollection_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task M(CancellationToken token, List<Func<Task>> work)
            {
                foreach (var item in await Load())
                {
                    Func<Task> later = async () => await Task.Delay(item);
                    work.Add(later);
                    Local();
                }

                static void Local() => Thread.Sleep(1);
            }

            static Task<int[]> Load() => Task.FromResult(new[] { 1 });
        }
        """);

    [Fact]
    public Task StaticFunctionsBlockCapture_NoTsa2001() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class C
        {
            void M(CancellationToken token)
            {
                Func<int, int> work = static n =>
                {
                    {|TSA2002:while (true)|} { n++; }
                };

                Local(1);

                static void Local(int n)
                {
                    {|TSA2002:while (true)|} { n++; }
                }
            }
        }
        """);

    [Fact]
    public Task Iterators_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            IEnumerable<int> Numbers(CancellationToken token)
            {
                var i = 0;
                while (true) yield return i++;
            }

            IEnumerable<int> Forever()
            {
                for (;;) { yield return 1; }
            }

            async IAsyncEnumerable<int> Ticks(CancellationToken token)
            {
                while (true)
                {
                    await Task.Delay(10);
                    yield return 1;
                }
            }
        }
        """);


    /// <summary>
    /// Iterators of every other shape: a local function, a property getter, the non-generic and enumerator return
    /// types. A lambda inside an iterator cannot yield, so its endless loop is still reported.
    /// </summary>
    [Fact]
    public Task IteratorsOfOtherShapes_NoDiagnostic_ButALambdaInOneStillReports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                foreach (var n in Local()) { }

                IEnumerable<int> Local()
                {
                    while (true) yield return 1;
                }
            }

            IEnumerator<int> Numbers
            {
                get
                {
                    while (true) yield return 2;
                }
            }

            IEnumerable Untyped()
            {
                while (true) yield return 3;
            }

            IEnumerator Enumerator()
            {
                for (;;) yield return 4;
            }

            IEnumerable<Action> Actions()
            {
                yield return () =>
                {
                    {|TSA2002:while (true)|} { }
                };
            }
        }
        """);
    [Fact]
    public Task TokenDeclaredAfterLoop_NotInScope() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class C
        {
            void M()
            {
                {|TSA2002:while (true)|} { }
                var cts = new CancellationTokenSource();
            }
        }
        """);

    [Fact]
    public Task FieldsAndPropertiesAreNotInScope() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class C
        {
            private readonly CancellationToken _token;

            void M()
            {
                {|TSA2002:while (true)|} { }
            }
        }
        """);

    // ---- TSA2002 ----

    [Theory, MemberData(nameof(Frameworks))]
    public Task EndlessLoopsWithoutToken_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Run()
            {
                {|#0:while (true)|}
                {
                    Thread.Sleep(1000);
                }
            }

            void Start() => new Thread(() => { {|#1:for (;;)|} { } }).Start();

            async Task PollAsync()
            {
                {|#2:do|}
                {
                    await Task.Delay(1000);
                }
                while (true);
            }

            void Nested()
            {
                {|#3:while (true)|}
                {
                    for (var i = 0; i < 10; i++)
                    {
                        if (i == 5) break;
                    }

                    switch (DateTime.Now.Second)
                    {
                        case 1:
                            break;
                    }

                    Action a = () => { return; };
                    Func<int> f = Local;
                    static int Local() { return 1; }
                }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.LoopCanNeverBeStopped).WithLocation(0).WithArguments("'Run'"),
        Verify.Diagnostic(DiagnosticIds.LoopCanNeverBeStopped).WithLocation(1).WithArguments("the lambda in 'Start'"),
        Verify.Diagnostic(DiagnosticIds.LoopCanNeverBeStopped).WithLocation(2).WithArguments("'PollAsync'"),
        Verify.Diagnostic(DiagnosticIds.LoopCanNeverBeStopped).WithLocation(3).WithArguments("'Nested'"));

    [Fact]
    public Task EndlessReadersThatEndByACaughtException_NoTsa2002() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.IO;
        using System.Net.Sockets;

        class Readers
        {
            void Consume(BlockingCollection<int> queue)
            {
                try
                {
                    while (true)
                    {
                        Handle(queue.Take());
                    }
                }
                catch (InvalidOperationException)
                {
                    // The collection was completed.
                }
            }

            void ReadAll(BinaryReader reader)
            {
                try
                {
                    for (;;)
                    {
                        Handle(reader.ReadInt32());
                    }
                }
                catch (EndOfStreamException)
                {
                }
            }

            void Accept(TcpListener listener)
            {
                try
                {
                    while (true)
                    {
                        listener.AcceptTcpClient().Dispose();
                    }
                }
                catch (SocketException)
                {
                }
            }

            static void Handle(int item) { }
        }
        """);

    [Fact]
    public Task LoopDrivingAnObjectHandedTheToken_NoTsa2001() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Cursor
        {
            private CancellationToken _token;
            private int _left;

            public void Reset(int count, CancellationToken token) { _left = count; _token = token; }

            public async ValueTask<bool> MoveNextAsync()
            {
                if (_left-- == 0) return false;
                await Task.Delay(1, _token);
                return true;
            }
        }

        class Row
        {
            private readonly Cursor _cursor = new Cursor();
            private readonly Cursor _other = new Cursor();

            public async Task ConsumeAsync(CancellationToken cancellationToken)
            {
                _cursor.Reset(3, cancellationToken);
                while (await _cursor.MoveNextAsync())
                {
                }
            }

            // A drain of tasks that were started with the token: awaiting them throws once it is cancelled.
            public async Task DrainAsync(int[] items, CancellationToken cancellationToken)
            {
                var running = new Task[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    running[i] = Task.Delay(items[i], cancellationToken);
                }

                var left = running.Length;
                while (left > 0)
                {
                    var done = await Task.WhenAny(running);
                    await done;
                    left--;
                }
            }

            // Tasks started without it: still reported.
            public async Task DrainUntokenedAsync(int[] items, CancellationToken cancellationToken)
            {
                var running = new Task[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    running[i] = Task.Delay(items[i]);
                }

                var left = running.Length;
                {|TSA2001:while (left > 0)|}
                {
                    await Task.WhenAny(running);
                    left--;
                }
            }

            // The token went to another object: this loop still ignores it.
            public async Task OtherAsync(CancellationToken cancellationToken)
            {
                _cursor.Reset(3, cancellationToken);
                {|TSA2001:while (await _other.MoveNextAsync())|}
                {
                    Thread.Sleep(10);
                }
            }
        }
        """);

    [Fact]
    public Task AsyncAcceptLoopWithoutTryEndedByDisposingItsSocket_NoTsa2002() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        class Listener : IAsyncDisposable
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private Task? _loop;

            public void Start() => _loop = LoopAsync();

            // Disposing the socket makes the accept throw: the loop ends and its task faults, which the owner awaits.
            private async Task LoopAsync()
            {
                while (true)
                {
                    var client = await _socket.AcceptAsync();
                    client.Dispose();
                }
            }

            public async ValueTask DisposeAsync()
            {
                _socket.Dispose();
                try { if (_loop != null) await _loop; } catch { }
            }
        }

        class HelperListener
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public Task Start()
            {
                return Accepting();

                async Task Accepting()
                {
                    while (true)
                    {
                        (await AcceptOneAsync()).Dispose();
                    }
                }
            }

            private async Task<Socket> AcceptOneAsync() => await _socket.AcceptAsync();

            public void Dispose() => _socket.Dispose();
        }

        class ThreadListener
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public void Start() => new Thread(Loop).Start();

            // On a thread of its own the same exception would take the process down: still reported.
            private void Loop()
            {
                {|TSA2002:while (true)|}
                {
                    _socket.Accept().Dispose();
                }
            }

            public void Dispose() => _socket.Dispose();
        }

        class NothingClosesIt
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public async Task LoopAsync()
            {
                {|TSA2002:while (true)|}
                {
                    (await _socket.AcceptAsync()).Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task AcceptLoopEndedByClosingItsListener_NoTsa2002() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        class Server
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);

            public async Task ServeOnceAsync()
            {
                // Stopping the listener in the finally makes the accept throw; the catch-all is the loop's exit.
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var clients = new List<TcpClient>();
                var accepting = Task.Run(async () =>
                {
                    try
                    {
                        while (true)
                        {
                            clients.Add(await listener.AcceptTcpClientAsync());
                        }
                    }
                    catch
                    {
                    }
                });

                try
                {
                    await Task.Delay(10);
                }
                finally
                {
                    listener.Stop();
                    await accepting;
                }
            }

            public async Task AcceptForeverAsync()
            {
                try
                {
                    while (true)
                    {
                        (await _listener.AcceptTcpClientAsync()).Dispose();
                    }
                }
                catch (System.Exception)
                {
                }
            }

            public void Dispose() => _listener.Stop();
        }

        class NothingClosesIt
        {
            public async Task AcceptForeverAsync(TcpListener listener)
            {
                try
                {
                    {|TSA2002:while (true)|}
                    {
                        (await listener.AcceptTcpClientAsync()).Dispose();
                    }
                }
                catch
                {
                }
            }

            public async Task RethrowsAsync(TcpListener listener)
            {
                try
                {
                    {|TSA2002:while (true)|}
                    {
                        (await listener.AcceptTcpClientAsync()).Dispose();
                    }
                }
                catch
                {
                    throw;
                }
                finally
                {
                    listener.Stop();
                }
            }
        }
        """);

    [Fact]
    public Task EndlessLoopsInsideCatchAllOrInterruptHandlers_StillReportTsa2002() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Workers
        {
            void CatchAll()
            {
                try
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(100);
                    }
                }
                catch (Exception)
                {
                }
            }

            void StoppedByInterrupt()
            {
                try
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(100);
                    }
                }
                catch (ThreadInterruptedException)
                {
                }
            }

            void LoopInTheCatch()
            {
                try
                {
                }
                catch (InvalidOperationException)
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(100);
                    }
                }
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task EndlessLoopsThatCanExit_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class Worker
        {
            volatile bool _stop;

            void Breaks() { while (true) { if (_stop) break; Thread.Sleep(10); } }
            int Returns() { while (true) { if (_stop) return 1; Thread.Sleep(10); } }
            void Throws() { for (;;) { if (_stop) throw new OperationCanceledException(); } }
            void GoesOut()
            {
                while (true) { if (_stop) goto done; Thread.Sleep(10); }
                done:
                return;
            }

            void BreaksFromInnerLoopToo()
            {
                while (true)
                {
                    while (true) { if (_stop) break; }
                    if (_stop) break;
                }
            }

            void ConditionEnds() { while (!_stop) { Thread.Sleep(10); } }
        }
        """);

    [Fact]
    public Task MainAndTopLevel_NoDiagnostic()
    {
        var topLevel = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                while (true)
                {
                    Thread.Sleep(1000);
                }
                """,
        };
        topLevel.TestState.OutputKind = OutputKind.ConsoleApplication;
        var main = new Verify.Test
        {
            TestCode = """
                class Program
                {
                    static void Main(string[] args)
                    {
                        while (true) { System.Threading.Thread.Sleep(1000); }
                    }
                }
                """,
        };
        main.TestState.OutputKind = OutputKind.ConsoleApplication;
        return Task.WhenAll(topLevel.RunAsync(), main.RunAsync());
    }

    /// <summary>
    /// The entry point is the compilation's: a <c>Main</c> the compiler ignores for the top-level statements (CS7022)
    /// is a method like any other. Where the compilation has no entry point (a library), a <c>static Main</c> still
    /// counts as one: it is usually some program's, analyzed out of its project.
    /// </summary>
    [Fact]
    public Task MainThatIsNotTheEntryPoint_Reports_LibraryMainDoesNot()
    {
        var ignored = new Verify.Test
        {
            TestCode = """
                System.Console.WriteLine("top level");

                class Program
                {
                    static void Main(string[] args)
                    {
                        {|TSA2002:while (true)|} { System.Threading.Thread.Sleep(1000); }
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        ignored.TestState.OutputKind = OutputKind.ConsoleApplication;
        var library = new Verify.Test
        {
            TestCode = """
                public class Tool
                {
                    public static void Main()
                    {
                        while (true) { System.Threading.Thread.Sleep(1000); }
                    }
                }
                """,
        };
        return Task.WhenAll(ignored.RunAsync(), library.RunAsync());
    }

    [Fact]
    public Task PartialTypeAcrossFiles_Reports()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            partial class Worker
            {
                private System.Threading.CancellationTokenSource _cts = new();
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            partial class Worker
            {
                void Run(System.Threading.CancellationToken token)
                {
                    {|TSA2001:while (true)|} { }
                }

                void Forever()
                {
                    {|TSA2002:while (true)|} { }
                }

                void UsesField()
                {
                    while (true) { if (_cts.IsCancellationRequested) return; }
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task PrimaryConstructorParameter_IsObservedButNotInScope() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker(CancellationToken stopping)
        {
            void Observes()
            {
                while (true) { stopping.ThrowIfCancellationRequested(); }
            }

            void Ignores()
            {
                {|TSA2002:while (true)|} { }
            }
        }
        """);

    [Fact]
    public Task ConditionalCompilation_AnalyzesActiveBranch() => Verify.VerifyAnalyzerAsync("""
        #define STOPPABLE
        using System.Threading;

        class C
        {
            void M(CancellationToken token)
            {
                while (true)
                {
        #if STOPPABLE
                    token.ThrowIfCancellationRequested();
        #endif
                }
            }

            void N(CancellationToken token)
            {
                {|TSA2001:while (true)|}
                {
        #if NEVER
                    token.ThrowIfCancellationRequested();
        #endif
                }
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Loop.g.cs", """
            class Generated
            {
                void M(System.Threading.CancellationToken token) { while (true) { } }
                void N() { while (true) { } }
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { while (")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { for (;; ")]
    [InlineData("class C { void M() { for (;;")]
    [InlineData("class C { void M() { while (true) { Missing.Wait(); } } }")]
    [InlineData("class C { void M(Missing token) { while (true) { token.Check(); } } }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { while (true) { t.Nope(); } } }")]
    [InlineData("class C { void M(System.Threading.CancellationToken t) { do { } while (")]
    [InlineData("class C { void M() { foreach (var x in ) { System.Threading.Thread.Sleep(1); } } }")]
    [InlineData("while (true) { if (")]
    public Task ErrorTypesAndHalfTypedLoops_NoDiagnostic(string source)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>
    /// A loop inside a registration of the token (vstest's request sender: the callback sends a cancel message, and the
    /// loop ends on the reply) observes the token through it; a loop after the registration ends does not.
    /// </summary>
    [Fact]
    public Task LoopUnderATokenRegistration_ObservesIt() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Sender
        {
            async Task<string> ReceiveAsync() { await Task.Yield(); return "done"; }

            void Send(string message) { }

            async Task ListenAsync(CancellationToken cancellationToken)
            {
                var complete = false;
                using (cancellationToken.Register(() => Send("cancel")))
                {
                    while (!complete)
                    {
                        complete = await ReceiveAsync() == "done";
                    }
                }

                {
                    using var registration = cancellationToken.Register(() => Send("cancel"));
                    complete = false;
                    while (!complete)
                    {
                        complete = await ReceiveAsync() == "done";
                    }
                }

                complete = false;
                {|#0:while (!complete)|}
                {
                    complete = await ReceiveAsync() == "done";
                }
            }
        }
        """, Verify.Diagnostic("TSA2001").WithLocation(0).WithArguments("waits (await)", "cancellationToken"));
}
