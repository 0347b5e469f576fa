using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// Questions about an operation tree: a depth-first search (optionally skipping nested lambdas and local functions), its
/// root, the body of the function around an operation. Not Roslyn's <c>Microsoft.CodeAnalysis.Operations.OperationWalker</c>,
/// a visitor class that this is no kind of.
/// </summary>
internal static class OperationTrees
{
    /// <summary>The first operation, in source order, of the tree under <paramref name="root"/> (itself included) that matches, or null.</summary>
    public static IOperation? Find(IOperation root, bool enterNestedFunctions, Func<IOperation, bool> match)
    {
        var pending = OperationStack.Rent();
        pending.Push(root);
        IOperation? found = null;
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (match(operation))
            {
                found = operation;
                break;
            }

            if (!enterNestedFunctions && IsNestedFunction(operation))
            {
                continue;
            }

            pending.PushChildren(operation);
        }

        pending.Return();
        return found;
    }

    /// <summary><paramref name="operation"/> with the conversions around it taken off (<c>(object)gate</c> → <c>gate</c>).</summary>
    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static bool IsNestedFunction(IOperation operation) => IsNestedFunction(operation.Kind);

    /// <summary>Is an operation of this kind a lambda or a local function, for a walk that has read the kind already.</summary>
    public static bool IsNestedFunction(OperationKind kind) => kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction;

    /// <summary>The top of the operation tree <paramref name="operation"/> is in: the member's body, lambdas included.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>The body of the innermost function around <paramref name="operation"/>: the operation just inside the lambda or local function, or the member's root.</summary>
    public static IOperation FunctionBody(IOperation operation)
    {
        while (operation.Parent is { } parent && !IsNestedFunction(parent))
        {
            operation = parent;
        }

        return operation;
    }
}
