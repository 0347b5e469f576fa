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
}
