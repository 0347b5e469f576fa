using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>Every diagnostic descriptor the package reports, built by one factory.</summary>
public static class Descriptors
{
    /// <summary>Rule pages live in the repository under docs/rules; the help link of each rule points there.</summary>
    public const string HelpLinkBase = "https://github.com/threadsafetyanalyzers/threadsafetyanalyzers/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static readonly DiagnosticDescriptor DoNotAbortThreads = Create(
        DiagnosticIds.DoNotAbortThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not abort threads",
        message: "Do not call '{0}': {1}; stop the thread cooperatively with a CancellationToken",
        description: "Thread.Abort stops a thread at an arbitrary point: on .NET Framework it can cut a finally block short, "
            + "leave a lock held or leave shared data half-written; on .NET 5 and later (and .NET Core) it throws "
            + "PlatformNotSupportedException. Give the worker a CancellationToken, have it check the token and return, "
            + "and have the owner cancel the token and join the thread.");

    public static readonly DiagnosticDescriptor DoNotInterruptThreads = Create(
        DiagnosticIds.DoNotInterruptThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not interrupt threads",
        message: "Do not call '{0}': it throws ThreadInterruptedException at the thread's next wait, which may be inside a lock, "
            + "a finally block or library code that does not expect it; stop the thread cooperatively with a CancellationToken",
        description: "Thread.Interrupt injects ThreadInterruptedException into whatever wait, sleep or join the thread performs "
            + "next, including waits inside library code and finally blocks that were never written to handle it. "
            + "Give the worker a CancellationToken and let its waits observe it instead.");

    public static readonly DiagnosticDescriptor DoNotSuspendThreads = Create(
        DiagnosticIds.DoNotSuspendThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not suspend or resume threads",
        message: "Do not call '{0}': {1}; coordinate threads with a CancellationToken or a wait handle",
        description: "Thread.Suspend freezes a thread wherever it happens to be, possibly while it holds a lock that every other "
            + "thread then waits on forever; Thread.Resume is its counterpart. Both are obsolete, and on .NET 5 and later "
            + "(and .NET Core) they throw PlatformNotSupportedException. Use a wait handle or a CancellationToken to "
            + "pause or stop the worker at a point it chooses.");

    public static readonly DiagnosticDescriptor LoopDoesNotObserveToken = Create(
        DiagnosticIds.LoopDoesNotObserveToken,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Loop does not observe the cancellation token",
        message: "This loop {0} but never observes '{1}'; check the token in the loop or pass it on, so the work stops when cancellation is requested",
        description: "A loop that runs without end or waits on every iteration, in code that has a CancellationToken at hand, "
            + "should look at that token: otherwise cancelling it does not stop the loop and the caller waits, or the "
            + "thread leaks. Any reference to a token or token source in the loop counts: checking "
            + "IsCancellationRequested, ThrowIfCancellationRequested, waiting on its WaitHandle, or passing it to a call.");

    public static readonly DiagnosticDescriptor LoopCanNeverBeStopped = Create(
        DiagnosticIds.LoopCanNeverBeStopped,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Loop can never be stopped",
        message: "This loop has no exit and observes no stop signal, so {0} can only be stopped by killing its thread; give it a CancellationToken and check it in the loop",
        description: "A loop with no condition (while (true), for (;;)), no break, return or throw, and no cancellation token "
            + "runs until its thread is killed — the very thing Thread.Abort used to do, and can no longer do on .NET 5 "
            + "and later. Give the function a CancellationToken and let the loop end when it is cancelled.");

    public static readonly DiagnosticDescriptor PassTokenToStartedWork = Create(
        DiagnosticIds.PassTokenToStartedWork,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Pass the cancellation token to the work you start",
        message: "'{0}' starts work without '{1}', the cancellation token in scope; pass it so the work does not start once cancellation is requested and ends as cancelled rather than faulted",
        description: "Task.Run, TaskFactory.StartNew and the Parallel methods accept a CancellationToken. Without it, the work "
            + "starts even when the caller has already given up, Parallel loops run every iteration, and an "
            + "OperationCanceledException thrown by the work ends the task as faulted instead of cancelled. "
            + "Passing CancellationToken.None or default explicitly is taken as a deliberate choice.");

    public static readonly DiagnosticDescriptor BackgroundWorkNotCancellable = Create(
        DiagnosticIds.BackgroundWorkNotCancellable,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Info,
        title: "Background work cannot be cancelled",
        message: "'{0}' starts work that nothing can cancel: it is given no token and observes none; pass it a token, from {1}'s callers or from a CancellationTokenSource its type owns",
        description: "Work started with Task.Run, TaskFactory.StartNew or the Parallel methods, in code that has no "
            + "CancellationToken at hand, and whose delegate observes none, can be neither prevented nor stopped: "
            + "shutdown waits for it or abandons it. Plumb a token in from the callers.");

    public static readonly DiagnosticDescriptor StopFlagNotSynchronized = Create(
        DiagnosticIds.StopFlagNotSynchronized,
        DiagnosticCategories.Cancellation,
        DiagnosticSeverity.Warning,
        title: "Stop flag is read without synchronization",
        message: "Field '{0}' is polled by this loop and set in {1} without synchronization; the JIT may read it once and never see the stop — make it volatile or use Volatile.Read",
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
