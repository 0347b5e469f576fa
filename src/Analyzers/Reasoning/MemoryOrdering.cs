using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// Operations that order memory: after one of them, a field read cannot be answered with a value loaded before it,
/// so a loop that performs one on every iteration reads its fields afresh. These are the ones visible in source:
/// <list type="bullet">
/// <item><c>lock</c>, <c>await</c>, <c>await foreach</c></item>
/// <item>any use of a <c>volatile</c> field</item>
/// <item>any member of <c>Monitor</c>, <c>Interlocked</c>, <c>Volatile</c>, <c>SemaphoreSlim</c>, <c>ManualResetEventSlim</c>,
/// <c>CountdownEvent</c>, <c>Barrier</c>, <c>BlockingCollection&lt;T&gt;</c> and <c>WaitHandle</c> (and its derived types)</item>
/// <item><c>Thread.MemoryBarrier</c>, <c>Thread.VolatileRead</c>/<c>VolatileWrite</c>, <c>Thread.Join</c>, and the task waits of <see cref="BlockingCalls"/></item>
/// </list>
/// <c>Thread.Sleep</c>, <c>Thread.Yield</c>, <c>Thread.SpinWait</c> and <c>SpinWait</c> are not: they only pass time.
/// </summary>
internal static class MemoryOrdering
{
    public static bool Orders(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case ILockOperation:
            case IAwaitOperation:
            case IForEachLoopOperation { IsAsynchronous: true }:
            case IUsingOperation { IsAsynchronous: true }:
                return true;
            case IFieldReferenceOperation { Field.IsVolatile: true }:
                return true;
            case IInvocationOperation invocation:
                return IsSynchronizing(invocation.TargetMethod, types)
                    || BlockingCalls.KindOf(invocation, types) is not (BlockingCallKind.None or BlockingCallKind.ThreadSleep or BlockingCallKind.SpinWaitSpinUntil);
            case IPropertyReferenceOperation property:
                return BlockingCalls.KindOf(property, types) != BlockingCallKind.None;
            default:
                return false;
        }
    }

    private static bool IsSynchronizing(IMethodSymbol method, WellKnownTypes types)
    {
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        // Asked for every call in a type that has a candidate stop flag: a well-known type has its name, so the name
        // rules out almost every type before any symbol is compared.
        switch (type.Name)
        {
            case "Thread" when WellKnownTypes.Is(type, types.Thread):
                return method.Name is "MemoryBarrier" or "VolatileRead" or "VolatileWrite" or "Join";
            case "Monitor" when WellKnownTypes.Is(type, types.Monitor):
            case "Interlocked" when WellKnownTypes.Is(type, types.Interlocked):
            case "Volatile" when WellKnownTypes.Is(type, types.Volatile):
            case "SemaphoreSlim" when WellKnownTypes.Is(type, types.SemaphoreSlim):
            case "ManualResetEventSlim" when WellKnownTypes.Is(type, types.ManualResetEventSlim):
            case "CountdownEvent" when WellKnownTypes.Is(type, types.CountdownEvent):
            case "Barrier" when WellKnownTypes.Is(type, types.Barrier):
            case "BlockingCollection" when WellKnownTypes.Is(type, types.BlockingCollection):
                return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "WaitHandle" && WellKnownTypes.Is(current, types.WaitHandle))
            {
                return true;
            }
        }

        return false;
    }
}
