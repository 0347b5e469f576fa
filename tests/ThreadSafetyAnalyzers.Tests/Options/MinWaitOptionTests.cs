using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.UncancellableWaitAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary><c>dotnet_code_quality.TSA2007.min_wait_ms</c>: waits with a constant timeout shorter than this are not reported.</summary>
public class MinWaitOptionTests
{
    private const string ShortWaits = """
        using System;
        using System.Threading;

        class Poller
        {
            private const int PollMs = 50;
            private readonly object _gate = new object();
            private readonly AutoResetEvent _work = new AutoResetEvent(false);
            private volatile bool _done;

            void Poll(CancellationToken token)
            {
                {|TSA2007:_work.WaitOne(10)|};
                {|TSA2007:_work.WaitOne(PollMs, false)|};
                {|TSA2007:_work.WaitOne(TimeSpan.FromMilliseconds(99))|};
                {|TSA2007:WaitHandle.WaitAny(new WaitHandle[] { _work }, 20)|};
                lock (_gate) { {|TSA2007:Monitor.Wait(_gate, 5)|}; }
                {|TSA2007:SpinWait.SpinUntil(() => _done, 1)|};
            }
        }
        """;

    private const string LongOrUnknownWaits = """
        using System;
        using System.Threading;

        class Poller
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Poll(CancellationToken token, int timeout)
            {
                {|TSA2007:_work.WaitOne()|};
                {|TSA2007:_work.WaitOne(100)|};
                {|TSA2007:_work.WaitOne(timeout)|};
                {|TSA2007:_work.WaitOne(Timeout.Infinite)|};
                {|TSA2007:_work.WaitOne(Timeout.InfiniteTimeSpan)|};
                {|TSA2007:_work.WaitOne(TimeSpan.FromSeconds(1))|};
            }
        }
        """;

    [Fact]
    public Task MinWaitUnset_ShortWaitsReported() => new Verify.Test { TestCode = ShortWaits }.RunAsync(CancellationToken.None);

    [Fact]
    public Task MinWait100_ShorterConstantWaitsNotReported() => new Verify.Test
    {
        TestCode = ShortWaits.Replace("{|TSA2007:", string.Empty, System.StringComparison.Ordinal).Replace("|}", string.Empty, System.StringComparison.Ordinal),
    }.WithEditorConfig("dotnet_code_quality.TSA2007.min_wait_ms = 100").RunAsync(CancellationToken.None);

    [Fact]
    public Task MinWait100_LongerUnknownAndInfiniteWaitsStillReported() => new Verify.Test
    {
        TestCode = LongOrUnknownWaits,
    }.WithEditorConfig("dotnet_code_quality.TSA2007.min_wait_ms = 100").RunAsync(CancellationToken.None);

    [Fact]
    public Task MinSleepDoesNotApplyToWaits() => new Verify.Test
    {
        TestCode = ShortWaits,
    }.WithEditorConfig("dotnet_code_quality.TSA2006.min_sleep_ms = 100").RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_FieldTokenCounts() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private readonly AutoResetEvent _work = new AutoResetEvent(false);

                void Run() => {|TSA2007:_work.WaitOne()|};
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA2007.token_sources = members").RunAsync(CancellationToken.None);

    [Fact]
    public Task ExcludedSymbolNames_Applies() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private readonly AutoResetEvent _work = new AutoResetEvent(false);

                void Drain(CancellationToken token) => _work.WaitOne();

                void Run(CancellationToken token) => {|TSA2007:_work.WaitOne()|};
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA2007.excluded_symbol_names = Drain").RunAsync(CancellationToken.None);
}
