using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.SleepAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary><c>dotnet_code_quality.TSA2006.min_sleep_ms</c>: constant sleeps shorter than this are not reported.</summary>
public class MinSleepOptionTests
{
    private const string ShortSleeps = """
        using System;
        using System.Threading;

        class Poller
        {
            private const int PollMs = 50;

            void Poll(CancellationToken token)
            {
                {|#0:Thread.Sleep(10)|};
                {|#1:Thread.Sleep(PollMs)|};
                {|#2:Thread.Sleep(TimeSpan.FromMilliseconds(99))|};
                {|#3:Thread.Sleep(TimeSpan.FromSeconds(0.05))|};
            }
        }
        """;

    private const string LongOrUnknownSleeps = """
        using System;
        using System.Threading;

        class Poller
        {
            void Poll(CancellationToken token, int delay)
            {
                {|TSA2006:Thread.Sleep(100)|};
                {|TSA2006:Thread.Sleep(delay)|};
                {|TSA2006:Thread.Sleep(Timeout.Infinite)|};
                {|TSA2006:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                {|TSA2006:Thread.Sleep(TimeSpan.FromMilliseconds(delay))|};
            }
        }
        """;

    [Fact]
    public Task MinSleepUnset_ShortSleepsReported() => new Verify.Test
    {
        TestCode = ShortSleeps,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(3).WithArguments("token"),
        },
    }.RunAsync(CancellationToken.None);

    [Fact]
    public Task MinSleep100_ShorterConstantSleepsNotReported() => new Verify.Test
    {
        TestCode = ShortSleeps,
    }.WithEditorConfig("dotnet_code_quality.TSA2006.min_sleep_ms = 100").RunAsync(CancellationToken.None);

    [Theory, MemberData(nameof(TestTargets.Frameworks), MemberType = typeof(TestTargets))]
    public Task MinSleep100_LongerVariableAndInfiniteSleepsStillReported(TargetFramework framework) => new Verify.Test(framework)
    {
        TestCode = LongOrUnknownSleeps,
    }.WithEditorConfig("dotnet_code_quality.TSA2006.min_sleep_ms = 100").RunAsync(CancellationToken.None);

    [Fact]
    public Task MinSleepGeneralKey_Applies() => new Verify.Test
    {
        TestCode = ShortSleeps,
    }.WithEditorConfig("dotnet_code_quality.min_sleep_ms = 100").RunAsync(CancellationToken.None);

    [Theory]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("0")]
    public Task MinSleepInvalidOrZero_EverySleepReported(string value) => new Verify.Test
    {
        TestCode = ShortSleeps,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic("TSA2006").WithLocation(0).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(1).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(2).WithArguments("token"),
            Verify.Diagnostic("TSA2006").WithLocation(3).WithArguments("token"),
        },
    }.WithEditorConfig("dotnet_code_quality.TSA2006.min_sleep_ms = " + value).RunAsync(CancellationToken.None);
}
