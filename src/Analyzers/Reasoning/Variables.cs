using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Which variable an expression stands for, when it is one the code can name again.</summary>
internal static class Variables
{
    /// <summary>
    /// The local, parameter, or field of this object (or a static one) that <paramref name="operation"/> reads, past
    /// conversions; null for anything else (another object's field, a property, a call).
    /// </summary>
    public static ISymbol? Of(IOperation operation)
    {
        return OperationTrees.WithoutConversions(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };
    }

    /// <summary>
    /// Do <paramref name="first"/> and <paramref name="second"/> read the same variable (<see cref="Of"/>), or the same
    /// field or property of the same variable, however deep (<c>worker.Done</c> and <c>worker?.Done</c>,
    /// <c>_done</c> and <c>this._done</c>)? Calls, indexers and other objects' members never match.
    /// </summary>
    public static bool SamePath(IOperation first, IOperation second)
    {
        first = Resolved(first);
        second = Resolved(second);
        switch (first, second)
        {
            case (IFieldReferenceOperation a, IFieldReferenceOperation b):
                return SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameInstance(a.Instance, b.Instance);
            case (IPropertyReferenceOperation { Arguments.Length: 0 } a, IPropertyReferenceOperation { Arguments.Length: 0 } b):
                return SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameInstance(a.Instance, b.Instance);
            default:
                return Of(first) is { } variable && SymbolEqualityComparer.Default.Equals(variable, Of(second));
        }
    }

    private static bool SameInstance(IOperation? first, IOperation? second)
        => first is null || second is null
            ? first is null && second is null
            : (Resolved(first) is IInstanceReferenceOperation && Resolved(second) is IInstanceReferenceOperation) || SamePath(first, second);

    /// <summary>Past conversions, and from the receiver of <c>x?.Member</c> to <c>x</c>.</summary>
    private static IOperation Resolved(IOperation operation)
    {
        operation = OperationTrees.WithoutConversions(operation);
        if (operation is IConditionalAccessInstanceOperation)
        {
            for (IOperation? child = operation, parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
                {
                    return OperationTrees.WithoutConversions(access.Operation);
                }
            }
        }

        return operation;
    }
}
