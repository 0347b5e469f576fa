using System.Text.RegularExpressions;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// The fixed shapes of <see cref="CooperativeCancellationMeaningTests"/> are compiled and run: the worker is started,
/// stopped, and the stop must return well within the bounded join with the thread gone. Putting the worker's original
/// wait back shows why the fix rewrites it: the stop then gives up after its bounded wait and the thread keeps running.
/// </summary>
public class CooperativeCancellationFixedCodeRunsTests
{
    [Fact]
    public void SleepingPoller_FixedStopReturnsAtOnce() => Assert.Equal("stopped", Run(CooperativeCancellationMeaningTests.SleepingPollerFixed, "Poller"));

    [Fact]
    public void WaitingListener_FixedStopReturnsAtOnce() => Assert.Equal("stopped", Run(CooperativeCancellationMeaningTests.WaitingListenerFixed, "Listener"));

    [Fact]
    public void SleepingPoller_WithoutTheWaitRewrite_StopWouldNotEndTheThread()
    {
        var unrewritten = CooperativeCancellationMeaningTests.SleepingPollerFixed.Replace("cancellationToken.WaitHandle.WaitOne(60000);", "Thread.Sleep(60000);");
        Assert.NotEqual(CooperativeCancellationMeaningTests.SleepingPollerFixed, unrewritten);
        Assert.StartsWith("running after", Run(unrewritten, "Poller"));
    }

    private static string Run(string source, string type)
        => FixedShapeRunner.Run(Regex.Replace(source, @"\{\|TSA\d{4}:(.*?)\|\}", "$1"), type, "Check");
}
