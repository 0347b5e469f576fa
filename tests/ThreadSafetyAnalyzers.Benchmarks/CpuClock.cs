using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// CPU time consumed by this process, all threads (analysis, GC, JIT) together, in nanoseconds. On a machine shared with
/// other builds, wall-clock time mostly measures how long we waited for a core; CPU time measures the work. On Linux it
/// reads <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>; elsewhere <see cref="Process.TotalProcessorTime"/>.
/// </summary>
public sealed class CpuClock : IClock
{
    public static readonly CpuClock Instance = new();

    private const int ClockProcessCpuTimeId = 2;

    private const int ClockThreadCpuTimeId = 3;

    public string Title => "Process CPU time";

    public bool IsAvailable => true;

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp() => Now().Ticks * 100;

    /// <summary>CPU time used so far.</summary>
    public static TimeSpan Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockProcessCpuTimeId, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * 1_000_000_000 + time.Nanoseconds) / 100);
        }

        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>
    /// CPU time used so far by the calling thread, in nanoseconds (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), for timing what runs
    /// on it between two readings; Linux only.
    /// </summary>
    public static long ThreadNanoseconds()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: thread CPU time is measured on Linux only");
        }

        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
