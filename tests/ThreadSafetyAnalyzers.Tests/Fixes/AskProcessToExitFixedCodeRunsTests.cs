using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// TSA1004's window form (<see cref="AskProcessToExitCodeFixTests.KillOfAWindowedProcess_AsksItsWindowThenKills"/>)
/// asks before it kills. Run on a child without a window, the shape it writes must kill at once, as the plain
/// <c>Kill()</c> did: <c>CloseMainWindow()</c> finds nothing to close and the wait is never entered.
/// </summary>
public class AskProcessToExitFixedCodeRunsTests
{
    [Fact]
    public void WindowForm_KillsAWindowlessChildAtOnce()
    {
        if (!File.Exists("/bin/sleep"))
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        var stopwatch = Stopwatch.StartNew();

        // The fixed code, as the fix writes it with the default exit_timeout_ms.
        if (!process.CloseMainWindow() || !process.WaitForExit(5000))
        {
            process.Kill();
        }

        Assert.True(process.WaitForExit(2000), "the child still runs");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stopping took {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
