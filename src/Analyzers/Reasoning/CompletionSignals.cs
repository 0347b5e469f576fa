using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// Calls that complete or wake something another party waits on. Code that leaves early (a <c>return</c> or
/// <c>break</c> a fix inserts) must not skip them: whoever waits would then hang.
/// </summary>
internal static class CompletionSignals
{
    /// <summary>Sets the result, exception or cancellation of a <c>TaskCompletionSource</c>, or runs a scheduler's queued task.</summary>
    public static bool CompletesTask(IMethodSymbol method, WellKnownTypes types)
        => method.ContainingType is { } type
            && (method.Name is "SetResult" or "TrySetResult" or "SetException" or "TrySetException" or "SetCanceled" or "TrySetCanceled"
                ? WellKnownTypes.Is(type, types.TaskCompletionSource) || WellKnownTypes.Is(type, types.TaskCompletionSourceOfT)
                : method.Name == "TryExecuteTask" && WellKnownTypes.Is(type, types.TaskScheduler));

    /// <summary>
    /// <see cref="CompletesTask"/>, or wakes a waiter: sets an event, releases a semaphore, signals a countdown or a
    /// barrier, pulses a monitor.
    /// </summary>
    public static bool Signals(IMethodSymbol method, WellKnownTypes types)
        => CompletesTask(method, types) || WakesWaiter(method, types);

    /// <summary>
    /// Wakes a waiter: sets an event, releases a semaphore (<see cref="SetsOrReleases"/>), signals a countdown or a
    /// barrier, pulses a monitor. Each by its well-known type, never by the method's name alone.
    /// </summary>
    public static bool WakesWaiter(IMethodSymbol method, WellKnownTypes types)
    {
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        switch (method.Name)
        {
            case "Set" or "Release":
                return SetsOrReleases(method, types);
            case "Signal":
                return WellKnownTypes.Is(type, types.CountdownEvent);
            case "SignalAndWait":
                return WellKnownTypes.Is(type, types.Barrier);
            case "Pulse" or "PulseAll":
                return WellKnownTypes.Is(type, types.Monitor);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>Set</c> of a wait handle (<c>ManualResetEvent</c>, <c>AutoResetEvent</c>, <c>EventWaitHandle</c>) or of a
    /// <c>ManualResetEventSlim</c>; <c>Release</c> of a <c>SemaphoreSlim</c> or a <c>Semaphore</c>.
    /// </summary>
    public static bool SetsOrReleases(IMethodSymbol method, WellKnownTypes types)
        => method.ContainingType is { } type
            && method.Name switch
            {
                "Set" => WellKnownTypes.IsOrDerivesFrom(type, types.WaitHandle) || WellKnownTypes.Is(type, types.ManualResetEventSlim),
                "Release" => WellKnownTypes.Is(type, types.SemaphoreSlim) || WellKnownTypes.IsOrDerivesFrom(type, types.WaitHandle),
                _ => false,
            };

    /// <summary>
    /// Does <paramref name="scope"/> (a loop or a function body) signal (<see cref="Signals"/>) after
    /// <paramref name="operation"/> in source order, outside nested functions? An early exit at the operation would skip it.
    /// </summary>
    public static bool FollowIn(IOperation scope, IOperation operation, WellKnownTypes types)
    {
        var end = operation.Syntax.Span.End;
        return OperationTrees.Find(scope, enterNestedFunctions: false, candidate =>
            candidate is IInvocationOperation invocation
            && candidate.Syntax.SpanStart >= end
            && Signals(invocation.TargetMethod, types)) is not null;
    }
}
