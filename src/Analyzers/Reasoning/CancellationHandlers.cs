using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Code that runs because cancellation has already happened, where asking it to observe the token is pointless.</summary>
internal static class CancellationHandlers
{
    /// <summary>
    /// Is <paramref name="operation"/> inside a <c>catch</c> of <c>OperationCanceledException</c> (or a type derived
    /// from it, such as <c>TaskCanceledException</c>) of the same function? The token has fired; what runs there — a
    /// drain of what is queued, a last flush — must not stop on it.
    /// </summary>
    public static bool IsInCancellationCatch(IOperation operation, WellKnownTypes types)
    {
        if (types.OperationCanceledException is null)
        {
            return false;
        }

        for (var current = operation.Parent; current is not null && !OperationWalker.IsNestedFunction(current); current = current.Parent)
        {
            if (current is ICatchClauseOperation { ExceptionType: var caught } && WellKnownTypes.IsOrDerivesFrom(caught, types.OperationCanceledException))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is <paramref name="operation"/> in a lambda or anonymous method that runs because a token fired: a callback
    /// handed to <c>CancellationToken.Register</c> / <c>UnsafeRegister</c>, or a continuation registered with
    /// <c>TaskContinuationOptions.OnlyOnCanceled</c>? The token is cancelled by then; work given it would never start.
    /// </summary>
    public static bool IsInCancellationCallback(IOperation operation, WellKnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation)
            {
                continue;
            }

            var argument = current.Parent;
            while (argument is IDelegateCreationOperation or IConversionOperation)
            {
                argument = argument.Parent;
            }

            if (argument is IArgumentOperation { Parent: IInvocationOperation callback } && RunsOnCancellation(callback, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool RunsOnCancellation(IInvocationOperation call, WellKnownTypes types)
    {
        var method = call.TargetMethod;
        if (method.Name is "Register" or "UnsafeRegister")
        {
            return SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationToken);
        }

        if (method.Name != "ContinueWith")
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            // TaskContinuationOptions.OnlyOnCanceled is 0x30000: the continuation runs only for a cancelled task.
            if (argument.Value.ConstantValue is { HasValue: true, Value: int flags }
                && argument.Value.Type is { Name: "TaskContinuationOptions" }
                && (flags & 0x30000) == 0x30000)
            {
                return true;
            }
        }

        return false;
    }
}
