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
            if (current is ICatchClauseOperation { ExceptionType: var caught } && DerivesFrom(caught, types.OperationCanceledException))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
