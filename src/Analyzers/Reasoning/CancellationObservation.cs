using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>What a piece of code does with cancellation tokens.</summary>
internal enum Observation
{
    /// <summary>No token or token source is referenced.</summary>
    None,

    /// <summary>Some token or token source is referenced: checked, thrown on, waited on, registered or passed on.</summary>
    Observes,

    /// <summary>The code does not bind (error types, invalid operations): nothing can be said.</summary>
    Unknown,
}

/// <summary>
/// Does code observe cancellation? It does when it references any <c>CancellationToken</c> or
/// <c>CancellationTokenSource</c> value — a token in scope, a field, a property, <c>cts.Token</c>, a linked source —
/// in any way, nested lambdas included. <c>CancellationToken.None</c>, <c>default</c> and optional token parameters
/// left to their default observe nothing.
/// </summary>
internal static class CancellationObservation
{
    public static Observation Of(IOperation root, WellKnownTypes types)
    {
        var unknown = false;
        var found = OperationWalker.Find(root, enterNestedFunctions: true, operation =>
        {
            if (operation.Kind == OperationKind.Invalid || operation.Type?.TypeKind == TypeKind.Error)
            {
                unknown = true;
                return false;
            }

            return IsTokenValue(operation, types);
        });

        return found is not null ? Observation.Observes : unknown ? Observation.Unknown : Observation.None;
    }

    private static bool IsTokenValue(IOperation operation, WellKnownTypes types)
    {
        if (!types.IsCancellationType(operation.Type))
        {
            return false;
        }

        switch (operation)
        {
            case IDefaultValueOperation:
            case ILiteralOperation:
            case IObjectCreationOperation { Type: var type } when SymbolEqualityComparer.Default.Equals(type, types.CancellationToken):
            case IConversionOperation:
                return false;
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } }:
                return false;
            case IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue }:
                return false;
            default:
                return operation.Kind is OperationKind.LocalReference
                    or OperationKind.ParameterReference
                    or OperationKind.FieldReference
                    or OperationKind.PropertyReference
                    or OperationKind.Invocation
                    or OperationKind.ObjectCreation
                    or OperationKind.InstanceReference
                    or OperationKind.Await;
        }
    }
}
