using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>Every diagnostic descriptor the package reports, built by one factory.</summary>
public static class Descriptors
{
    /// <summary>Rule pages live in the repository under docs/rules; the help link of each rule points there.</summary>
    public const string HelpLinkBase = "https://github.com/threadsafetyanalyzers/threadsafetyanalyzers/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static readonly DiagnosticDescriptor UnknownOptionValue = Create(
        DiagnosticIds.UnknownOptionValue,
        DiagnosticCategories.Configuration,
        DiagnosticSeverity.Warning,
        title: "Unknown option value",
        message: "'{0} = {1}': unknown value; use {2} (the default, {3}, applies)",
        description: "An option of ours in .editorconfig or a global config file has a value that does not parse, so the "
            + "rules use the option's default instead, which is probably not what was meant. Correct the value; the "
            + "README lists every option and the values it takes. The diagnostic is reported once per file the value "
            + "applies to, at the start of the file.");

    public static readonly DiagnosticDescriptor DoNotAbortThreads = Create(
        DiagnosticIds.DoNotAbortThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not abort threads",
        message: "Do not call '{0}': {1}; stop threads with a CancellationToken",
        description: "Thread.Abort stops a thread at an arbitrary point: on .NET Framework it can cut a finally block short, "
            + "leave a lock held or leave shared data half-written; on .NET Core (2.0 and later) and .NET 5+ it throws "
            + "PlatformNotSupportedException. Give the worker a CancellationToken, have it check the token and return, "
            + "and have the owner cancel the token and join the thread.");

    public static readonly DiagnosticDescriptor DoNotInterruptThreads = Create(
        DiagnosticIds.DoNotInterruptThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not interrupt threads",
        message: "Do not call '{0}': the thread then throws ThreadInterruptedException at its next wait, wherever that is; stop it with a CancellationToken",
        description: "Thread.Interrupt injects ThreadInterruptedException into whatever wait, sleep or join the thread performs "
            + "next, including waits inside library code and finally blocks that were never written to handle it. "
            + "Give the worker a CancellationToken and let its waits observe it instead.");

    public static readonly DiagnosticDescriptor DoNotSuspendThreads = Create(
        DiagnosticIds.DoNotSuspendThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not suspend or resume threads",
        message: "Do not call '{0}': {1}; use a wait handle or a CancellationToken",
        description: "Thread.Suspend freezes a thread wherever it happens to be, possibly while it holds a lock that every other "
            + "thread then waits on forever; Thread.Resume is its counterpart. Both are obsolete, and on .NET Core (2.0 and "
            + "later) and .NET 5+ they throw PlatformNotSupportedException. Use a wait handle or a CancellationToken to "
            + "pause or stop the worker at a point it chooses.");

    public static readonly DiagnosticDescriptor AskProcessToExit = Create(
        DiagnosticIds.AskProcessToExit,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Info,
        title: "Ask a process to exit before killing it",
        message: "'{0}' ends the process without letting it clean up; ask it to exit first, wait with a timeout, and kill it only if it has not exited",
        description: "Process.Kill ends the process at once: it cannot flush its output, finish the file it is writing, delete its "
            + "temporary files or stop its own children, so a cancelled conversion leaves a broken file behind. Ask it first: "
            + "close its standard input or write its quit command, or call CloseMainWindow for a windowed process; then wait "
            + "a bounded time with WaitForExit(timeout) and kill only if it is still running.");

    public static readonly DiagnosticDescriptor DeadAbortHandler = Create(
        DiagnosticIds.DeadAbortHandler,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Remove abort handling that can never run",
        message: "The runtime this code is compiled for never raises ThreadAbortException, so this handler can never run; remove it",
        description: "On .NET Core and .NET 5 and later Thread.Abort throws PlatformNotSupportedException and the runtime never "
            + "raises ThreadAbortException. A catch clause for it, or a test for it, is dead code left over from .NET Framework "
            + "that still tells readers the thread can be aborted at any point. Remove it; in a project that also targets "
            + ".NET Framework, keep it only for that target (#if NETFRAMEWORK).");

    public static readonly DiagnosticDescriptor LoopDoesNotObserveToken = Create(
        DiagnosticIds.LoopDoesNotObserveToken,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Loop does not observe the cancellation token",
        message: "This loop {0} but never observes '{1}'; check the token in the loop or pass it on, so the loop stops when it is cancelled",
        description: "A loop that runs without end or waits on every iteration, in code that has a CancellationToken at hand, "
            + "should look at that token: otherwise cancelling it does not stop the loop and the caller waits, or the "
            + "thread leaks. Any reference to a token or token source in the loop counts: checking "
            + "IsCancellationRequested, ThrowIfCancellationRequested, waiting on its WaitHandle, or passing it to a call.");

    public static readonly DiagnosticDescriptor LoopCanNeverBeStopped = Create(
        DiagnosticIds.LoopCanNeverBeStopped,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Loop can never be stopped",
        message: "This loop has no exit and no stop signal, so {0} ends only when its thread dies; give it a CancellationToken to check in the loop",
        description: "A loop with no condition (while (true), for (;;)), no break, return or throw, and no cancellation token "
            + "runs until its thread is killed — the very thing Thread.Abort used to do, and can no longer do on .NET Core "
            + "and .NET 5+. Give the function a CancellationToken and let the loop end when it is cancelled.");

    public static readonly DiagnosticDescriptor PassTokenToStartedWork = Create(
        DiagnosticIds.PassTokenToStartedWork,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Pass the cancellation token to the work you start",
        message: "'{0}' starts without '{1}', the token in scope; pass it, so canceled work does not start and ends canceled, not faulted",
        description: "Task.Run, TaskFactory.StartNew and the Parallel methods accept a CancellationToken. Without it, the work "
            + "starts even when the caller has already given up, Parallel loops run every iteration, and an "
            + "OperationCanceledException thrown by the work ends the task as faulted instead of cancelled. "
            + "Passing CancellationToken.None or default explicitly is taken as a deliberate choice.");

    public static readonly DiagnosticDescriptor BackgroundWorkNotCancellable = Create(
        DiagnosticIds.BackgroundWorkNotCancellable,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Info,
        title: "Background work cannot be cancelled",
        message: "'{0}' starts work that nothing can cancel; pass it a token from the callers of {1} or from a CancellationTokenSource its type owns",
        description: "Work started with Task.Run, TaskFactory.StartNew or the Parallel methods, in code that has no "
            + "CancellationToken at hand, and whose delegate observes none, can be neither prevented nor stopped: "
            + "shutdown waits for it or abandons it. Plumb a token in from the callers.");

    public static readonly DiagnosticDescriptor StopFlagNotSynchronized = Create(
        DiagnosticIds.StopFlagNotSynchronized,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Stop flag is read without synchronization",
        message: "Field '{0}' is polled here and set in {1} without synchronization, so the loop may never see the stop; make it volatile or use Volatile.Read",
        description: "A loop that polls a plain bool field which another method sets is a hand-rolled stop signal. Without "
            + "volatile, Volatile.Read, Interlocked or a lock, nothing obliges the JIT to load the field again on each "
            + "iteration: it may hoist the read out of the loop, and the worker then never sees the stop. The hang shows "
            + "only in optimized (Release) builds. Declare the field volatile, read it with Volatile.Read, or better, "
            + "replace it with a CancellationToken.");

    public static readonly DiagnosticDescriptor SleepIgnoresCancellation = Create(
        DiagnosticIds.SleepIgnoresCancellation,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Sleep ignores cancellation",
        message: "Thread.Sleep cannot be woken when '{0}' is cancelled; wait on the token instead, so the work stops without sleeping out the interval",
        description: "Thread.Sleep blocks for the whole interval whatever happens. Code that has a CancellationToken at hand "
            + "then stops late, by up to the full sleep, and a cancelled shutdown waits for it. Wait on the token's "
            + "WaitHandle with the same timeout (it returns true as soon as the token is cancelled), or in async code "
            + "await Task.Delay with the token.");

    public static readonly DiagnosticDescriptor LoopSwallowsCancellation = Create(
        DiagnosticIds.LoopSwallowsCancellation,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Loop swallows cancellation",
        message: "This catch swallows the cancellation of '{0}' and the loop goes round again, so it spins; leave the loop on cancellation",
        description: "A catch of OperationCanceledException (or of every exception) in a loop that does not leave the loop turns "
            + "cancellation into one more iteration. Once the token is cancelled it stays cancelled: every later iteration "
            + "throws at its first wait, is caught at once and goes round again, so the loop spins at full speed instead of "
            + "ending and whoever waits for it waits forever. Leave the loop in the catch (break, return or throw;), or let "
            + "cancellation of that token pass the catch with a when filter.");
    public static readonly DiagnosticDescriptor WaitIgnoresCancellation = Create(
        DiagnosticIds.WaitIgnoresCancellation,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Wait cannot be cancelled",
        message: "'{0}' cannot be woken when '{1}' is cancelled, so the thread stays blocked; {2}",
        description: "WaitHandle.WaitOne, WaitAny and WaitAll, Monitor.Wait and SpinWait.SpinUntil have no CancellationToken "
            + "overload: a thread parked in one of them does not notice that its token was cancelled, and an owner that "
            + "cancels and then joins it hangs. Wait on the token's WaitHandle as well (WaitHandle.WaitAny), pulse a "
            + "monitor from token.Register, or check the token in a SpinUntil condition, and leave the work when the "
            + "token is what woke the wait.");
    public static readonly DiagnosticDescriptor StartedWorkIgnoresToken = Create(
        DiagnosticIds.StartedWorkIgnoresToken,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Started work never observes its token",
        message: "'{0}' gets '{1}', but the work it starts never observes it: the token only stops the work from starting; pass it into the work",
        description: "The token given to Task.Run, TaskFactory.StartNew or new Task is checked once, before the delegate starts: "
            + "cancelling it later does not stop a delegate that is already running. Work that runs long (a loop without "
            + "end or one that waits on every iteration, a blocking wait or sleep) and never looks at a token or a stop "
            + "signal therefore runs on after cancellation. Pass the token into the work and check it there.");

    public static readonly DiagnosticDescriptor SourceNeverCancelled = Create(
        DiagnosticIds.SourceNeverCancelled,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Cancellation source is never cancelled",
        message: "'{0}' is never cancelled, so the work that observes '{0}.Token' can only stop by itself; cancel it when the owner stops (Dispose, Stop)",
        description: "A CancellationTokenSource that a type creates, keeps to itself and feeds to its loops and workers is "
            + "useless if nothing ever calls Cancel: every check of its token is dead code and the work runs until it "
            + "ends on its own, or forever. Call Cancel (or CancelAsync) when the owner stops, in Dispose, Stop or Close.");

    private static DiagnosticDescriptor Create(
        string id,
        string category,
        DiagnosticSeverity severity,
        string title,
        string message,
        string description)
    {
#pragma warning disable RS0030 // The one sanctioned use of the constructor.
        return new DiagnosticDescriptor(
            id,
            title,
            message,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));
#pragma warning restore RS0030
    }
}
