using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Facts about one loop that the cancellation rules share.</summary>
internal static class LoopFacts
{
    /// <summary><c>while (true)</c>, <c>for (;;)</c>, <c>do … while (true)</c>: the condition never ends the loop.</summary>
    public static bool HasNoExitCondition(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        if (loop.LoopKind is not (LoopKind.While or LoopKind.For))
        {
            return false;
        }

        return condition is null || condition.ConstantValue is { HasValue: true, Value: true };
    }

    /// <summary>
    /// Can control leave the loop other than through its condition: a <c>break</c> that targets this loop, a
    /// <c>return</c>, a <c>throw</c>, a <c>goto</c> to a label outside it, or <c>yield break</c>. Nested lambdas and
    /// local functions do not count: their returns end only themselves.
    /// </summary>
    public static bool CanExit(ILoopOperation loop)
    {
        var loopSpan = loop.Syntax.Span;
        return OperationWalker.Find(loop, enterNestedFunctions: false, operation => operation switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
            IBranchOperation { BranchKind: BranchKind.GoTo } branch => !IsDeclaredWithin(branch.Target, loopSpan),
            IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
            IThrowOperation => true,
            _ => false,
        }) is not null;
    }

    /// <summary>
    /// Does <paramref name="branch"/> (a statement, or a block judged by its last statement) end by leaving
    /// <paramref name="loop"/>: a <c>break</c> that targets it, a <c>return</c>, <c>yield break</c> or <c>throw</c>?
    /// </summary>
    public static bool EndsByLeaving(IOperation? branch, ILoopOperation loop)
    {
        while (branch is IBlockOperation block)
        {
            branch = block.Operations.Length > 0 ? block.Operations[block.Operations.Length - 1] : null;
        }

        if (branch is IExpressionStatementOperation { Operation: IThrowOperation })
        {
            return true;
        }

        return branch switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } jump => SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel),
            IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
            IThrowOperation => true,
            _ => false,
        };
    }

    /// <summary>The nearest loop around <paramref name="operation"/> in the same function (not across lambdas or local functions), or null.</summary>
    public static ILoopOperation? Enclosing(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                return loop;
            }

            if (OperationWalker.IsNestedFunction(current))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Does the loop hand out values with <c>yield return</c>? Then its consumer decides when it stops.</summary>
    public static bool YieldsValues(ILoopOperation loop)
        => OperationWalker.Find(loop, enterNestedFunctions: false, operation => operation.Kind == OperationKind.YieldReturn) is not null;

    /// <summary>
    /// The first wait performed on each iteration — an <c>await</c>, an <c>await foreach</c> or a call from
    /// <see cref="BlockingCalls"/> — in the condition, body or incrementors (not in nested functions, not in the
    /// collection a <c>foreach</c> evaluates once), described for a message; or null.
    /// </summary>
    public static string? FirstWait(ILoopOperation loop, WellKnownTypes types)
    {
        if (loop is IForEachLoopOperation { IsAsynchronous: true })
        {
            return "await foreach";
        }

        string? description = null;
        foreach (var part in loop.ChildOperations)
        {
            if (loop is IForEachLoopOperation forEach && part == forEach.Collection)
            {
                continue;
            }

            OperationWalker.Find(part, enterNestedFunctions: false, operation =>
            {
                description = operation switch
                {
                    IAwaitOperation => "await",
                    IForEachLoopOperation { IsAsynchronous: true } => "await foreach",
                    _ => BlockingCalls.Describe(operation, types),
                };
                return description is not null;
            });

            if (description is not null)
            {
                return description;
            }
        }

        return null;
    }

    private static bool IsDeclaredWithin(ILabelSymbol label, Microsoft.CodeAnalysis.Text.TextSpan span)
        => label.Locations.Length > 0 && span.Contains(label.Locations[0].SourceSpan);
}
