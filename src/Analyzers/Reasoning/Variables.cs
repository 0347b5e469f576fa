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
}
