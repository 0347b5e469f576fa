using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

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
    public static string? Describe(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return DescribeMethod(invocation.TargetMethod, types);
            case IPropertyReferenceOperation { Property.Name: "Result" } property
                when Is(property.Property.ContainingType, types.TaskOfT):
                return "Task.Result";
            default:
                return null;
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
            && Is(method.ContainingType, types.BlockingCollection)
            ? "BlockingCollection.GetConsumingEnumerable"
            : null;
    }

    private static string? DescribeMethod(IMethodSymbol method, WellKnownTypes types)
    {
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Sleep" when Is(type, types.Thread):
                return "Thread.Sleep";
            case "Join" when Is(type, types.Thread):
                return "Thread.Join";
            case "Wait" or "WaitAll" or "WaitAny" when Is(type, types.Task) || Is(type, types.TaskOfT):
                return "Task." + method.Name;
            case "GetResult" when IsAwaiter(type, types):
                return "GetAwaiter().GetResult()";
            case "WaitOne" or "WaitAll" or "WaitAny" when Is(type, types.WaitHandle):
                return "WaitHandle." + method.Name;
            case "Wait" when Is(type, types.Monitor):
                return "Monitor.Wait";
            case "Wait" when Is(type, types.SemaphoreSlim):
                return "SemaphoreSlim.Wait";
            case "Wait" when Is(type, types.ManualResetEventSlim):
                return "ManualResetEventSlim.Wait";
            case "Wait" when Is(type, types.CountdownEvent):
                return "CountdownEvent.Wait";
            case "SignalAndWait" when Is(type, types.Barrier):
                return "Barrier.SignalAndWait";
            case "Take" when Is(type, types.BlockingCollection):
                return "BlockingCollection.Take";
            case "SpinUntil" when Is(type, types.SpinWait):
                return "SpinWait.SpinUntil";
            default:
                return null;
        }
    }

    private static bool IsAwaiter(INamedTypeSymbol type, WellKnownTypes types)
        => Is(type, types.TaskAwaiter) || Is(type, types.TaskAwaiterOfT)
            || Is(type, types.ValueTaskAwaiter) || Is(type, types.ValueTaskAwaiterOfT)
            || Is(type, types.ConfiguredTaskAwaiter) || Is(type, types.ConfiguredTaskAwaiterOfT);

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? wellKnown)
        => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, wellKnown);
}
