using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// Code that runs when the work is being torn down, whether or not cancellation was requested: waiting there is part
/// of shutting down, and telling it to take the (already cancelled) token would skip the cleanup.
/// </summary>
internal static class CleanupCode
{
    /// <summary>
    /// Is <paramref name="operation"/> in a <c>finally</c> block of its function? A lambda inside the block runs later
    /// and does not count.
    /// </summary>
    public static bool IsInFinally(IOperation operation)
    {
        for (var child = operation; child.Parent is { } parent; child = parent)
        {
            if (OperationTrees.IsNestedFunction(parent))
            {
                return false;
            }

            if (parent is ITryOperation { Finally: { } finallyBlock } && finallyBlock == child)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A member that stops or releases the work: <c>Dispose</c>, <c>DisposeAsync</c>, <c>Stop</c>, <c>StopAsync</c>.</summary>
    public static bool IsStopMember(ISymbol? member)
        => Functions.ContainingMember(member) is IMethodSymbol { Name: var name } && IsStopName(name);

    private static bool IsStopName(string name) => name is "Dispose" or "DisposeAsync" or "Stop" or "StopAsync";

    /// <summary>
    /// Is <paramref name="operation"/> on a shutdown path: in a stop member (<see cref="IsStopMember"/>, or a
    /// <c>Close</c> / <c>CloseAsync</c>), lambdas inside it included, or after a <c>Cancel()</c> of its function
    /// (<see cref="FollowsShutdownCall"/>)? Work started there is part of the shutdown: a token in scope there means "stop less
    /// gracefully" or has already fired, and work given it would skip the cleanup; nothing asks to cancel the shutdown itself.
    /// </summary>
    public static bool IsOnShutdownPath(IOperation operation, ISymbol? member, WellKnownTypes types)
        => (Functions.ContainingMember(member) is IMethodSymbol method && IsShutdownName(method.Name))
            || FollowsShutdownCall(operation, types);

    /// <summary>The name of a member that shuts something down: a stop member's, or <c>Close</c> / <c>CloseAsync</c>.</summary>
    public static bool IsShutdownName(string name) => IsStopName(name) || name is "Close" or "CloseAsync";

    /// <summary>
    /// Does the function around <paramref name="operation"/> call <c>Cancel</c> (or <c>CancelAsync</c>) on a
    /// <c>CancellationTokenSource</c>, or <c>Kill</c> a process, before it: the wait then belongs to the shutdown that
    /// call started (naps2 pauses after killing its OCR process, so that it lets go of its files; the token may well
    /// have fired, and a wait on it would cut the pause short).
    /// </summary>
    public static bool FollowsShutdownCall(IOperation operation, WellKnownTypes types)
    {
        return FirstShutdownCall.GetValue(OperationTrees.FunctionBody(operation), b => new[] { FirstShutdownCallIn(b, types) })[0] < operation.Syntax.SpanStart;
    }

    /// <summary>Where each function body first cancels a source or kills a process, found once per body: every wait of the body asks.</summary>
    private static readonly ConditionalWeakTable<IOperation, int[]> FirstShutdownCall = new();

    private static int FirstShutdownCallIn(IOperation body, WellKnownTypes types)
    {
        var first = int.MaxValue;
        OperationTrees.Find(body, enterNestedFunctions: false, candidate =>
        {
            if (candidate is IInvocationOperation { TargetMethod: { Name: "Cancel" or "CancelAsync" or "Kill" } method } call
                && call.Syntax.SpanStart < first
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, method.Name == "Kill" ? types.Process : types.CancellationTokenSource))
            {
                first = call.Syntax.SpanStart;
            }

            return false;
        });
        return first;
    }
}
