using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Facts about a call or method-group reference that every rule reporting on calls checks first.</summary>
internal static class CallSites
{
    /// <summary>Half-bound code (an error-typed receiver or argument) is left alone: the user is still typing.</summary>
    public static bool HasErrors(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                if (invocation.Instance?.Type?.TypeKind == TypeKind.Error)
                {
                    return true;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.Type?.TypeKind == TypeKind.Error || argument.Value.Kind == OperationKind.Invalid)
                    {
                        return true;
                    }
                }

                return false;
            case IMethodReferenceOperation reference:
                return reference.Instance?.Type?.TypeKind == TypeKind.Error;
            default:
                return false;
        }
    }

    public static bool IsInsideNameOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current.Kind == OperationKind.NameOf)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The receiver of a call or member reference as written: the operand of <c>p?.Kill()</c> for the conditional
    /// instance, with conversions and parentheses looked through.
    /// </summary>
    public static IOperation? Receiver(IOperation? instance)
    {
        if (instance is IConditionalAccessInstanceOperation)
        {
            for (var current = instance.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access)
                {
                    instance = access.Operation;
                    break;
                }
            }
        }

        while (instance is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            instance = instance is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)instance).Operand;
        }

        return instance;
    }
}
