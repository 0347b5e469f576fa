using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>What a field reference does with the field.</summary>
internal enum FieldAccessKind
{
    /// <summary>A plain load of the value: no fence, the JIT may keep it in a register.</summary>
    Read,

    /// <summary>An assignment, compound assignment, deconstruction target, or a <c>ref</c>/<c>out</c> argument (<c>Volatile.Write</c>, <c>Interlocked.Exchange</c>, a helper).</summary>
    Write,

    /// <summary>Anything else: <c>Volatile.Read(ref f)</c>, an <c>in</c> argument, a <c>ref</c> alias, <c>&amp;f</c>, <c>nameof</c>.</summary>
    Other,
}

internal static class FieldAccess
{
    public static FieldAccessKind Classify(IFieldReferenceOperation reference, WellKnownTypes types)
    {
        IOperation current = reference;
        var parent = reference.Parent;

        // (a, _flag) = (x, y): climb out of the target tuples.
        while (parent is ITupleOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IAssignmentOperation assignment when assignment.Target == current:
                return FieldAccessKind.Write;
            case IArgumentOperation { Parameter: { } parameter } when current == reference:
                return parameter.RefKind switch
                {
                    RefKind.None => FieldAccessKind.Read,
                    RefKind.Ref or RefKind.Out => IsVolatileRead(parameter, types) ? FieldAccessKind.Other : FieldAccessKind.Write,
                    _ => FieldAccessKind.Other,
                };
            case IVariableInitializerOperation or IReturnOperation when IsByReference(current):
                return FieldAccessKind.Other;
            case IAddressOfOperation or INameOfOperation:
                return FieldAccessKind.Other;
            default:
                return current == reference ? FieldAccessKind.Read : FieldAccessKind.Other;
        }
    }

    /// <summary><c>Volatile.Read(ref bool)</c> takes its argument by <c>ref</c> but only reads it (with acquire semantics).</summary>
    private static bool IsVolatileRead(IParameterSymbol parameter, WellKnownTypes types)
        => parameter.ContainingSymbol is IMethodSymbol { Name: "Read" } method
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Volatile);

    /// <summary><c>ref bool alias = ref _flag;</c> and <c>return ref _flag;</c>: the syntax says <c>ref</c>.</summary>
    private static bool IsByReference(IOperation operation)
        => operation.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.RefExpressionSyntax;
}
