using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Which blocking call an operation is (see <see cref="BlockingCalls"/>).</summary>
internal enum BlockingCallKind
{
    None,
    ThreadSleep,
    ThreadJoin,
    TaskWait,
    TaskWaitAll,
    TaskWaitAny,
    TaskResult,
    AwaiterGetResult,
    WaitHandleWaitOne,
    WaitHandleWaitAll,
    WaitHandleWaitAny,
    MonitorWait,
    SemaphoreSlimWait,
    ManualResetEventSlimWait,
    CountdownEventWait,
    BarrierSignalAndWait,
    BlockingCollectionTake,
    SpinWaitSpinUntil,
}

/// <summary>
/// The calls that block the calling thread until something else happens. This is the one list every rule uses;
/// docs/rules/TSA2001.md repeats it for users.
/// <list type="bullet">
/// <item><c>Thread.Sleep</c>, <c>Thread.Join</c></item>
/// <item><c>Task.Wait</c>, <c>Task.WaitAll</c>, <c>Task.WaitAny</c>, <c>Task&lt;T&gt;.Result</c></item>
/// <item><c>GetResult()</c> on the awaiters of <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c> and their <c>ConfigureAwait</c> forms (<c>.GetAwaiter().GetResult()</c>)</item>
/// <item><c>WaitHandle.WaitOne</c>, <c>WaitHandle.WaitAll</c>, <c>WaitHandle.WaitAny</c> (also through derived types such as <c>ManualResetEvent</c>)</item>
/// <item><c>Monitor.Wait</c>, <c>SemaphoreSlim.Wait</c>, <c>ManualResetEventSlim.Wait</c>, <c>CountdownEvent.Wait</c></item>
/// <item><c>Barrier.SignalAndWait</c>, <c>BlockingCollection&lt;T&gt;.Take</c>, <c>SpinWait.SpinUntil</c></item>
/// <item>a <c>foreach</c> over <c>BlockingCollection&lt;T&gt;.GetConsumingEnumerable()</c></item>
/// </list>
/// </summary>
internal static class BlockingCalls
{
    /// <summary>A short name for the blocking operation (<c>Thread.Sleep</c>), or null when it does not block.</summary>
    public static string? Describe(IOperation operation, WellKnownTypes types) => Describe(KindOf(operation, types));

    /// <summary>The short name of a kind of blocking call, as messages write it; null for <see cref="BlockingCallKind.None"/>.</summary>
    public static string? Describe(BlockingCallKind kind) => kind switch
    {
        BlockingCallKind.ThreadSleep => "Thread.Sleep",
        BlockingCallKind.ThreadJoin => "Thread.Join",
        BlockingCallKind.TaskWait => "Task.Wait",
        BlockingCallKind.TaskWaitAll => "Task.WaitAll",
        BlockingCallKind.TaskWaitAny => "Task.WaitAny",
        BlockingCallKind.TaskResult => "Task.Result",
        BlockingCallKind.AwaiterGetResult => "GetAwaiter().GetResult()",
        BlockingCallKind.WaitHandleWaitOne => "WaitHandle.WaitOne",
        BlockingCallKind.WaitHandleWaitAll => "WaitHandle.WaitAll",
        BlockingCallKind.WaitHandleWaitAny => "WaitHandle.WaitAny",
        BlockingCallKind.MonitorWait => "Monitor.Wait",
        BlockingCallKind.SemaphoreSlimWait => "SemaphoreSlim.Wait",
        BlockingCallKind.ManualResetEventSlimWait => "ManualResetEventSlim.Wait",
        BlockingCallKind.CountdownEventWait => "CountdownEvent.Wait",
        BlockingCallKind.BarrierSignalAndWait => "Barrier.SignalAndWait",
        BlockingCallKind.BlockingCollectionTake => "BlockingCollection.Take",
        BlockingCallKind.SpinWaitSpinUntil => "SpinWait.SpinUntil",
        _ => null,
    };

    /// <summary>Which blocking call <paramref name="operation"/> is, or <see cref="BlockingCallKind.None"/>.</summary>
    public static BlockingCallKind KindOf(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return KindOf(invocation.TargetMethod, types);
            case IPropertyReferenceOperation { Property.Name: "Result" } property
                when WellKnownTypes.Is(property.Property.ContainingType, types.TaskOfT):
                return BlockingCallKind.TaskResult;
            default:
                return BlockingCallKind.None;
        }
    }

    /// <summary><c>foreach (var item in queue.GetConsumingEnumerable())</c> blocks on every iteration until an item arrives.</summary>
    public static string? DescribeBlockingEnumeration(IOperation collection, WellKnownTypes types)
    {
        while (collection is IConversionOperation conversion)
        {
            collection = conversion.Operand;
        }

        return collection is IInvocationOperation { TargetMethod: { Name: "GetConsumingEnumerable" } method }
            && WellKnownTypes.Is(method.ContainingType, types.BlockingCollection)
            ? "BlockingCollection.GetConsumingEnumerable"
            : null;
    }

    private static BlockingCallKind KindOf(IMethodSymbol method, WellKnownTypes types)
    {
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Sleep" when WellKnownTypes.Is(type, types.Thread):
                return BlockingCallKind.ThreadSleep;
            case "Join" when WellKnownTypes.Is(type, types.Thread):
                return BlockingCallKind.ThreadJoin;
            case "Wait" when WellKnownTypes.Is(type, types.Task) || WellKnownTypes.Is(type, types.TaskOfT):
                return BlockingCallKind.TaskWait;
            case "WaitAll" when WellKnownTypes.Is(type, types.Task) || WellKnownTypes.Is(type, types.TaskOfT):
                return BlockingCallKind.TaskWaitAll;
            case "WaitAny" when WellKnownTypes.Is(type, types.Task) || WellKnownTypes.Is(type, types.TaskOfT):
                return BlockingCallKind.TaskWaitAny;
            case "GetResult" when IsAwaiter(type, types):
                return BlockingCallKind.AwaiterGetResult;
            case "WaitOne" when WellKnownTypes.Is(type, types.WaitHandle):
                return BlockingCallKind.WaitHandleWaitOne;
            case "WaitAll" when WellKnownTypes.Is(type, types.WaitHandle):
                return BlockingCallKind.WaitHandleWaitAll;
            case "WaitAny" when WellKnownTypes.Is(type, types.WaitHandle):
                return BlockingCallKind.WaitHandleWaitAny;
            case "Wait" when WellKnownTypes.Is(type, types.Monitor):
                return BlockingCallKind.MonitorWait;
            case "Wait" when WellKnownTypes.Is(type, types.SemaphoreSlim):
                return BlockingCallKind.SemaphoreSlimWait;
            case "Wait" when WellKnownTypes.Is(type, types.ManualResetEventSlim):
                return BlockingCallKind.ManualResetEventSlimWait;
            case "Wait" when WellKnownTypes.Is(type, types.CountdownEvent):
                return BlockingCallKind.CountdownEventWait;
            case "SignalAndWait" when WellKnownTypes.Is(type, types.Barrier):
                return BlockingCallKind.BarrierSignalAndWait;
            case "Take" when WellKnownTypes.Is(type, types.BlockingCollection):
                return BlockingCallKind.BlockingCollectionTake;
            case "SpinUntil" when WellKnownTypes.Is(type, types.SpinWait):
                return BlockingCallKind.SpinWaitSpinUntil;
            default:
                return BlockingCallKind.None;
        }
    }

    private static bool IsAwaiter(INamedTypeSymbol type, WellKnownTypes types)
        => WellKnownTypes.Is(type, types.TaskAwaiter) || WellKnownTypes.Is(type, types.TaskAwaiterOfT)
            || WellKnownTypes.Is(type, types.ValueTaskAwaiter) || WellKnownTypes.Is(type, types.ValueTaskAwaiterOfT)
            || WellKnownTypes.Is(type, types.ConfiguredTaskAwaiter) || WellKnownTypes.Is(type, types.ConfiguredTaskAwaiterOfT);
}
