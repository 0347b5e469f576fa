using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.LoopCheckCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class LoopCheckCodeFixTests
{
    private const string Preferred = "TSA2001.Preferred.0";
    private const string Alternative = "TSA2001.Alternative.0";

    [Fact]
    public Task SyncWhileTrue_BecomesQuietCondition() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                // Poll forever.
                {|TSA2001:while (true)|} // keep polling
                {
                    Thread.SpinWait(10); // spin
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                // Poll forever.
                while (!token.IsCancellationRequested) // keep polling
                {
                    Thread.SpinWait(10); // spin
                }
            }
        }
        """, Preferred);

    /// <summary>
    /// A bounded loop whose only token is a source the function made for itself (a test's timeout, cancelled after
    /// the loop): the loop ends on its own first, so a check adds nothing the bound does not (nats.net's tests and
    /// examples). The diagnostic stays; no fix is offered.
    /// </summary>
    [Fact]
    public Task BoundedLoopOnALocalSource_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Publisher
        {
            async Task PublishAll(Client client)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await Flush(cts.Token);
                {|TSA2001:for (var i = 0; i < 10; i++)|}
                {
                    await client.PublishAsync(i);
                }

                cts.Cancel();
            }

            static Task Flush(CancellationToken token) => Task.CompletedTask;
        }

        class Client
        {
            public Task PublishAsync(int value, CancellationToken token = default) => Task.CompletedTask;
        }
        """);

    /// <summary>
    /// A poll that counts its tries in its condition (rabbitmq's five-try queue probe under a test's timeout source) is
    /// bounded as a <c>for</c> is: a check on the function's own source adds nothing the bound does not. No fix.
    /// </summary>
    [Fact]
    public Task CountedRetryLoopOnALocalSource_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Probe
        {
            async Task<bool> WaitForDrain(Client client)
            {
                var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.ConnectAsync(cts.Token);
                int tries = 5;
                {|TSA2001:while (tries-- > 0)|}
                {
                    if (await CountAsync() == 0)
                    {
                        return true;
                    }

                    await Task.Delay(500);
                }

                return false;
            }

            async Task<bool> WaitForReady(Client client)
            {
                var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.ConnectAsync(cts.Token);
                int attempt = 0;
                {|TSA2001:while (++attempt < 3 && !client.Ready)|}
                {
                    await Task.Delay(100);
                }

                return false;
            }

            static Task<int> CountAsync() => Task.FromResult(0);
        }

        class Client
        {
            public bool Ready { get; set; }
            public Task ConnectAsync(CancellationToken token) => Task.CompletedTask;
        }
        """);

    /// <summary>
    /// The same loop without a bound, or with a token handed in by the caller, still gets its check.
    /// </summary>
    [Fact]
    public Task BoundedLoopOnACallersToken_GetsTheCheck() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Publisher
        {
            async Task PublishAll(Client client, CancellationToken stopping)
            {
                {|TSA2001:for (var i = 0; i < 10; i++)|}
                {
                    await client.PublishAsync(i);
                }
            }
        }

        class Client
        {
            public Task PublishAsync(int value, CancellationToken token = default) => Task.CompletedTask;
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Publisher
        {
            async Task PublishAll(Client client, CancellationToken stopping)
            {
                for (var i = 0; i < 10; i++)
                {
                    stopping.ThrowIfCancellationRequested();
                    await client.PublishAsync(i);
                }
            }
        }

        class Client
        {
            public Task PublishAsync(int value, CancellationToken token = default) => Task.CompletedTask;
        }
        """, Preferred);

    /// <summary>
    /// A loop over words whose wait is the retry loop inside it (confluent-kafka-dotnet's exactly-once example): the
    /// retry loop's own check is what ends the wait; one between the words adds nothing. Only the inner loop is fixed.
    /// </summary>
    [Fact]
    public Task OuterLoopWhoseWaitIsInAReportedInnerLoop_OnlyTheInnerLoopIsFixed()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Threading;

                class Producer
                {
                    void ProduceAll(IEnumerable<string> words, CancellationToken ct)
                    {
                        {|TSA2001:foreach (var word in words)|}
                        {
                            {|TSA2001:while (true)|}
                            {
                                if (TryProduce(word))
                                {
                                    break;
                                }

                                Thread.Sleep(1000);
                            }
                        }
                    }

                    bool TryProduce(string word) => true;
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Threading;

                class Producer
                {
                    void ProduceAll(IEnumerable<string> words, CancellationToken ct)
                    {
                        foreach (var word in words)
                        {
                            while (!ct.IsCancellationRequested)
                            {
                                if (TryProduce(word))
                                {
                                    break;
                                }

                                Thread.Sleep(1000);
                            }
                        }
                    }

                    bool TryProduce(string word) => true;
                }
                """,
            CodeActionEquivalenceKey = Preferred,
        };
        return test.RunAsync();
    }

    /// <summary>
    /// A retry loop with a commit after it in a consume loop: a quiet exit from the retry loop would let the commit
    /// run after cancellation, and synchronous code has no other form that does not tear its thread down. No fix.
    /// </summary>
    [Fact]
    public Task SyncRetryLoopWithACommitAfterIt_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        class Pipeline
        {
            void Run(CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var line = Next();
                    {|TSA2001:while (true)|}
                    {
                        if (TryProduce(line))
                        {
                            break;
                        }

                        Thread.Sleep(1000);
                    }

                    Commit();
                }
            }

            string Next() => "";
            bool TryProduce(string line) => true;
            void Commit() { }
        }
        """);

    /// <summary>The asynchronous retry loop of that shape throws: cancellation then skips the commit with everything else.</summary>
    [Fact]
    public Task AsyncRetryLoopWithACommitAfterIt_GetsOnlyTheThrowForm() => new Verify.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pipeline
            {
                async Task RunAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var line = Next();
                        {|TSA2001:while (true)|}
                        {
                            if (TryProduce(line))
                            {
                                break;
                            }

                            Thread.Sleep(1000);
                        }

                        await CommitAsync();
                    }
                }

                string Next() => "";
                bool TryProduce(string line) => true;
                Task CommitAsync() => Task.CompletedTask;
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Pipeline
            {
                async Task RunAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var line = Next();
                        while (true)
                        {
                            ct.ThrowIfCancellationRequested();
                            if (TryProduce(line))
                            {
                                break;
                            }

                            Thread.Sleep(1000);
                        }

                        await CommitAsync();
                    }
                }

                string Next() => "";
                bool TryProduce(string line) => true;
                Task CommitAsync() => Task.CompletedTask;
            }
            """,
        CodeActionEquivalenceKey = Preferred,
    }.RunAsync();

    /// <summary>
    /// An <c>await foreach</c> that only collects items (duplicati's site sorter): its one wait is the enumerator's,
    /// which a check between items does not end. The token goes to the enumerator, before a closing ConfigureAwait;
    /// comments and line breaks stay where they were.
    /// </summary>
    [Fact]
    public Task AwaitForeachWhoseBodyAwaitsNothing_PassesTheTokenToTheSequence() => Verify.VerifyCodeFixAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Sorter
        {
            async Task<List<int>> Collect(IAsyncEnumerable<int> items, object boxed, CancellationToken ct)
            {
                var buffer = new List<int>();
                {|TSA2001:await foreach (var item in items /* the feed */)|}
                {
                    buffer.Add(item);
                }

                {|TSA2001:await foreach (var item in items
                    .ConfigureAwait(false))|}
                    buffer.Add(item);

                {|TSA2001:await foreach (var item in (IAsyncEnumerable<int>)boxed)|}
                {
                    buffer.Add(item);
                }

                return buffer;
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Sorter
        {
            async Task<List<int>> Collect(IAsyncEnumerable<int> items, object boxed, CancellationToken ct)
            {
                var buffer = new List<int>();
                await foreach (var item in items.WithCancellation(ct) /* the feed */)
                {
                    buffer.Add(item);
                }

                await foreach (var item in items.WithCancellation(ct)
                    .ConfigureAwait(false))
                    buffer.Add(item);

                await foreach (var item in ((IAsyncEnumerable<int>)boxed).WithCancellation(ct))
                {
                    buffer.Add(item);
                }

                return buffer;
            }
        }
        """);

    /// <summary>
    /// Where the enumerator's exception would be lost (a catch-all inside a retry loop) or the token is a source the
    /// function made for itself, nothing is offered.
    /// </summary>
    [Fact]
    public Task AwaitForeachWhereTheExceptionWouldBeLost_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Sorter
        {
            async Task Retry(IAsyncEnumerable<int> items, List<int> buffer, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        {|TSA2001:await foreach (var item in items)|}
                        {
                            buffer.Add(item);
                        }
                    }
                    catch (Exception)
                    {
                    }
                }
            }

            async Task Own(IAsyncEnumerable<int> items, List<int> buffer)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                {|TSA2001:await foreach (var item in items)|}
                {
                    buffer.Add(item);
                }
            }
        }
        """);

    [Fact]
    public Task SyncForEver_BecomesQuietCondition() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                {|TSA2001:for (;;)|}
                {
                    Thread.SpinWait(10);
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token)
            {
                for (; !token.IsCancellationRequested;)
                {
                    Thread.SpinWait(10);
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task SyncWaitingLoop_GetsBreakCheck() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool[] flags)
            {
                {|TSA2001:foreach (var flag in flags)|}
                {
                    // Sleep between flags.
                    Thread.Sleep(10);
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool[] flags)
            {
                foreach (var flag in flags)
                {
                    if (token.IsCancellationRequested)
                    {
                        break;
                    }
                    // Sleep between flags.
                    Thread.Sleep(10);
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task AsyncLoop_GetsThrowIfCancellationRequested() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                {|TSA2001:while (true)|}
                {
                    await Task.Yield();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task AsyncLoopInsideACatchAll_GetsOnlyTheQuietForm() => new Verify.Test
    {
        // A thrown OperationCanceledException would be swallowed by the catch-all (or end the process with FailFast).
        TestCode = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task RunAsync(CancellationToken cancellationToken)
                {
                    try
                    {
                        {|TSA2001:while (true)|}
                        {
                            await Task.Yield();
                        }
                    }
                    catch (Exception)
                    {
                        Environment.FailFast("worker died");
                    }
                }
            }
            """,
        FixedCode = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async Task RunAsync(CancellationToken cancellationToken)
                {
                    try
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            await Task.Yield();
                        }
                    }
                    catch (Exception)
                    {
                        Environment.FailFast("worker died");
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = Preferred,
        CodeActionVerifier = (action, verifier) => verifier.Equal("Stop the loop when 'cancellationToken' is cancelled", action.Title),
    }.RunAsync();

    /// <summary>A poller whose loop sits in a catch-all that counts failures: the swallow-prone shape.</summary>
    internal const string CatchAllPoller = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public class Poller
        {
            public int Failures;
            public int Rounds;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    {|TSA2001:while (true)|}
                    {
                        Rounds++;
                        await Task.Delay(10);
                    }
                }
                catch (Exception)
                {
                    Failures++;
                }
            }
        }
        """;

    internal const string CatchAllPollerFixed = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public class Poller
        {
            public int Failures;
            public int Rounds;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Rounds++;
                        await Task.Delay(10);
                    }
                }
                catch (Exception)
                {
                    Failures++;
                }
            }
        }
        """;

    private const string PollerHarness = """

        public static class Harness
        {
            public static string Check()
            {
                var poller = new Poller();
                using var cts = new CancellationTokenSource();
                var work = Task.Run(() => poller.RunAsync(cts.Token));
                Thread.Sleep(200);
                cts.Cancel();
                var stopped = work.Wait(2000);
                var rounds = poller.Rounds;
                Thread.Sleep(100);
                return $"stopped={stopped} failures={poller.Failures} still going={poller.Rounds != rounds}";
            }
        }
        """;

    [Fact]
    public Task CatchAllPoller_GetsTheQuietForm() => Verify.VerifyCodeFixAsync(CatchAllPoller, CatchAllPollerFixed, Preferred);

    /// <summary>
    /// The fixed poller is run: once cancelled it stops within the bound, does not go on, and the catch-all sees no
    /// failure. The throw form, written by hand in the same place, ends it too, but as a failure the catch-all counts
    /// (or, with <c>Environment.FailFast</c> there, as the end of the process): why the fix does not offer it.
    /// </summary>
    [Fact]
    public void CatchAllPoller_Fixed_StopsCleanly_WhereTheThrowFormWouldFail()
    {
        Assert.Equal("stopped=True failures=0 still going=False", FixedShapeRunner.Run(CatchAllPollerFixed + PollerHarness, "Harness", "Check"));

        var throwForm = CatchAllPollerFixed.Replace(
            "while (!cancellationToken.IsCancellationRequested)\n            {",
            "while (true)\n            {\n                cancellationToken.ThrowIfCancellationRequested();");
        Assert.NotEqual(CatchAllPollerFixed, throwForm);
        Assert.Equal("stopped=True failures=1 still going=False", FixedShapeRunner.Run(throwForm + PollerHarness, "Harness", "Check"));
    }

    /// <summary>
    /// A retry loop inside a consume loop whose catch-all is where cancellation is meant to go (the consume loop throws
    /// on the token inside the same try, and the catch aborts the transaction and leaves): the check throws into that
    /// catch too. A quiet exit would skip the rest of the words and let the commit after the loop run after
    /// cancellation (confluent-kafka-dotnet's exactly-once example).
    /// </summary>
    [Fact]
    public Task LoopInsideACatchAllThatTheCodeThrowsCancellationInto_GetsTheThrowForm() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Mapper
        {
            void Run(IEnumerable<string> words, CancellationToken ct)
            {
                while (true)
                {
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        {|TSA2001:foreach (var word in words)|}
                        {
                            {|TSA2001:while (true)|}
                            {
                                if (TryProduce(word))
                                {
                                    break;
                                }

                                Thread.Sleep(1000);
                            }
                        }

                        Commit();
                    }
                    catch (Exception)
                    {
                        Abort();
                        break;
                    }
                }
            }

            bool TryProduce(string word) => true;
            void Commit() { }
            void Abort() { }
        }
        """, """
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Mapper
        {
            void Run(IEnumerable<string> words, CancellationToken ct)
            {
                while (true)
                {
                    try
                    {
                        ct.ThrowIfCancellationRequested();
                        foreach (var word in words)
                        {
                            while (true)
                            {
                                ct.ThrowIfCancellationRequested();
                                if (TryProduce(word))
                                {
                                    break;
                                }

                                Thread.Sleep(1000);
                            }
                        }

                        Commit();
                    }
                    catch (Exception)
                    {
                        Abort();
                        break;
                    }
                }
            }

            bool TryProduce(string word) => true;
            void Commit() { }
            void Abort() { }
        }
        """, Preferred);

    /// <summary>
    /// An extraction loop inside a catch-all that logs and cleans up, with more work after the loop in the same try
    /// (OpenRA's package download reports success there): a quiet exit would report success after a half-done
    /// extraction, and a thrown cancellation would be logged as a failed extraction. Neither is safe: no fix.
    /// </summary>
    [Fact]
    public Task LoopInsideACatchAllWithWorkAfterIt_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        class Installer
        {
            async Task ExtractAsync(IEnumerable<Stream> entries, Stream target, CancellationToken token)
            {
                try
                {
                    {|TSA2001:foreach (var entry in entries)|}
                    {
                        await entry.CopyToAsync(target);
                    }

                    OnSuccess();
                }
                catch (Exception e)
                {
                    Console.WriteLine("extraction failed: " + e);
                    Cleanup();
                }
            }

            void OnSuccess() { }
            void Cleanup() { }
        }
        """);

    [Fact]
    public Task AsyncLoopInsideACatchAllThatRethrows_KeepsTheThrowForm() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    {|TSA2001:while (true)|}
                    {
                        await Task.Yield();
                    }
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Yield();
                    }
                }
                catch (Exception)
                {
                    throw;
                }
            }
        }
        """, Preferred);

    [Fact]
    public Task TaskReturningLoop_AlternativeIsQuiet() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                {|TSA2001:while (true)|}
                {
                    await Task.Yield();
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task RunAsync(CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Yield();
                }
            }
        }
        """, Alternative);

    [Fact]
    public Task EmbeddedStatement_BecomesBlockKeepingComment() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool more)
            {
                {|TSA2001:while (more)|}
                    // wait a little
                    Thread.Sleep(1);
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken token, bool more)
            {
                while (more)
                {
                    token.ThrowIfCancellationRequested();
                    // wait a little
                    Thread.Sleep(1);
                }
            }
        }
        """, Alternative);

    [Fact]
    public Task SourceAndNullableTokens_UseTheirOwnExpressions() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Source()
            {
                using var cts = new CancellationTokenSource(30000);
                {|TSA2001:while (true)|} { Thread.SpinWait(1); }
            }

            void Nullable(CancellationToken? token, bool more)
            {
                {|TSA2001:while (more)|} { Thread.Sleep(1); }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Source()
            {
                using var cts = new CancellationTokenSource(30000);
                while (true) { cts.Token.ThrowIfCancellationRequested(); Thread.SpinWait(1); }
            }

            void Nullable(CancellationToken? token, bool more)
            {
                while (more) { token.GetValueOrDefault().ThrowIfCancellationRequested(); Thread.Sleep(1); }
            }
        }
        """, Alternative);

    [Fact]
    public Task SeveralTokens_SecondTokenAction() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;

        class C
        {
            void Run(CancellationToken outer)
            {
                Action<CancellationToken> work = inner =>
                {
                    {|TSA2001:while (true)|}
                    {
                        Thread.SpinWait(1);
                    }
                };
            }
        }
        """, """
        using System;
        using System.Threading;

        class C
        {
            void Run(CancellationToken outer)
            {
                Action<CancellationToken> work = inner =>
                {
                    while (!outer.IsCancellationRequested)
                    {
                        Thread.SpinWait(1);
                    }
                };
            }
        }
        """, "TSA2001.Preferred.1");

    [Fact]
    public Task NonVoidMethod_QuietFormNotOfferedWhereItWouldNotCompile()
    {
        // Ending the loop quietly would fall off the end of a method that must return a value (CS0161),
        // so only the throwing form is offered, even though it is not the preferred one in synchronous code.
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                class C
                {
                    int Next(CancellationToken token)
                    {
                        {|TSA2001:while (true)|}
                        {
                            Thread.Sleep(1);
                            if (Ready()) return 1;
                        }
                    }

                    static bool Ready() => true;
                }
                """,
            FixedCode = """
                using System.Threading;

                class C
                {
                    int Next(CancellationToken token)
                    {
                        while (true)
                        {
                            token.ThrowIfCancellationRequested();
                            Thread.Sleep(1);
                            if (Ready()) return 1;
                        }
                    }

                    static bool Ready() => true;
                }
                """,
            CodeActionEquivalenceKey = Alternative,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NonVoidMethod_PreferredQuietFormIsNotOffered()
    {
        const string source = """
            using System.Threading;

            class C
            {
                int Next(CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                        Thread.Sleep(1);
                        if (Ready()) return 1;
                    }
                }

                static bool Ready() => true;
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = Preferred,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_FixesEveryLoopWithItsOwnToken()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void A(CancellationToken first)
                    {
                        {|TSA2001:while (true)|}
                        {
                            Thread.SpinWait(1);
                        }
                    }

                    void B(CancellationToken second, bool more)
                    {
                        {|TSA2001:do|}
                        {
                            Thread.Sleep(1);
                        }
                        while (more);
                    }

                    async Task CAsync(CancellationToken third)
                    {
                        {|TSA2001:for (;;)|}
                        {
                            await Task.Yield();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void A(CancellationToken first)
                    {
                        while (!first.IsCancellationRequested)
                        {
                            Thread.SpinWait(1);
                        }
                    }

                    void B(CancellationToken second, bool more)
                    {
                        do
                        {
                            if (second.IsCancellationRequested)
                            {
                                break;
                            }
                            Thread.Sleep(1);
                        }
                        while (more);
                    }

                    async Task CAsync(CancellationToken third)
                    {
                        for (;;)
                        {
                            third.ThrowIfCancellationRequested();
                            await Task.Yield();
                        }
                    }
                }
                """,
            CodeActionEquivalenceKey = Preferred,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_AcrossDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", """
            class A
            {
                void Run(System.Threading.CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                    }
                }
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            class B
            {
                void Run(System.Threading.CancellationToken token)
                {
                    {|TSA2001:while (true)|}
                    {
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("A.cs", """
            class A
            {
                void Run(System.Threading.CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("B.cs", """
            class B
            {
                void Run(System.Threading.CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                    }
                }
            }
            """));
        test.CodeActionEquivalenceKey = Preferred;
        return test.RunAsync();
    }
}
