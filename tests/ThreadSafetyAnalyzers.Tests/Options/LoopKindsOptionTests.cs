using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.LoopCancellationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary><c>dotnet_code_quality.TSA2001.loop_kinds</c>: which long-running loops TSA2001 reports.</summary>
public class LoopKindsOptionTests
{
    /// <summary>One endless loop (markup 0) and one waiting loop (markup 1), both with a token in scope.</summary>
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Spin(CancellationToken token)
            {
                {|#0:while (true)|}
                {
                    Thread.SpinWait(10);
                }
            }

            async Task PollAsync(CancellationToken token)
            {
                {|#1:while (Ready())|}
                {
                    await Task.Yield();
                }
            }

            static bool Ready() => true;
        }
        """;

    private static Task RunAsync(string? option, params int[] reported)
    {
        var test = new Verify.Test { TestCode = Source };
        foreach (var location in reported)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("TSA2001").WithLocation(location).WithArguments(location == 0 ? "has no exit" : "waits (await)", "token"));
        }

        if (option is not null)
        {
            test.WithEditorConfig(option);
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task LoopKindsUnset_ReportsEndlessAndWaitingLoops() => RunAsync(null, 0, 1);

    [Fact]
    public Task LoopKindsUnbounded_ReportsOnlyEndlessLoops() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = unbounded", 0);

    [Fact]
    public Task LoopKindsWaiting_ReportsOnlyWaitingLoops() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = waiting", 1);

    [Fact]
    public Task LoopKindsAll_ReportsBoth() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = all", 0, 1);

    [Fact]
    public Task LoopKindsList_ReportsBoth() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = unbounded, waiting", 0, 1);

    [Fact]
    public Task LoopKindsGeneralKey_Applies() => RunAsync("dotnet_code_quality.loop_kinds = waiting", 1);

    [Fact]
    public Task LoopKindsPerRuleKey_WinsOverGeneralKey() => RunAsync(
        "dotnet_code_quality.loop_kinds = waiting\ndotnet_code_quality.TSA2001.loop_kinds = unbounded", 0);

    /// <summary>An endless loop that waits counts under both kinds: waiting names the wait, the default names the missing exit.</summary>
    [Theory]
    [InlineData(null, "has no exit")]
    [InlineData("dotnet_code_quality.TSA2001.loop_kinds = unbounded", "has no exit")]
    [InlineData("dotnet_code_quality.TSA2001.loop_kinds = waiting", "waits (await)")]
    public async Task EndlessWaitingLoop_ReportedUnderEitherKind(string? option, string reason)
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Worker
                {
                    async Task BeatAsync(CancellationToken token)
                    {
                        {|#0:while (true)|}
                        {
                            await Task.Delay(1000);
                        }
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("TSA2001").WithLocation(0).WithArguments(reason, "token"));
        if (option is not null)
        {
            test.WithEditorConfig(option);
        }

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task EndlessLoopThatDoesNotWait_NotReportedUnderWaiting() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = waiting", 1);

    [Fact]
    public Task LoopKindsInvalid_FallsBackToDefault() => RunAsync("dotnet_code_quality.TSA2001.loop_kinds = forever", 0, 1);

    [Fact]
    public Task LoopKindsOtherRuleKey_Ignored() => RunAsync("dotnet_code_quality.TSA2006.loop_kinds = waiting", 0, 1);

    [Fact]
    public Task LoopKindsWaiting_EndlessLoopWithTokenIsNotReportedAsTSA2002() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                void Spin(CancellationToken token)
                {
                    while (true)
                    {
                        Thread.SpinWait(10);
                    }
                }

                void NoToken()
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.SpinWait(10);
                    }
                }
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA2001.loop_kinds = waiting").RunAsync(CancellationToken.None);
}
