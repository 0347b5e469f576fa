using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Code that runs because cancellation has already happened, where asking it to observe the token is pointless.</summary>
internal static class CancellationHandlers
{
    /// <summary>
    /// Would an <c>OperationCanceledException</c> thrown at <paramref name="operation"/> be lost before it leaves the
    /// function: a <c>try</c> around it (same function) with a catch-all (<c>catch</c>, <c>catch (Exception)</c>, no
    /// filter) that does not rethrow, or that calls <c>Environment.FailFast</c>/<c>Exit</c>? A throw-form check there
    /// turns cancellation into a swallowed error or a dead process, so fixes write the quiet form.
    /// </summary>
    public static bool SwallowsCancellationAround(IOperation operation, WellKnownTypes types)
        => SwallowingTryAround(operation, types) is not null;

    /// <summary>
    /// Is the catch-all around <paramref name="operation"/> the function's designed way out on cancellation: does the
    /// body of that <c>try</c> already call <c>ThrowIfCancellationRequested()</c> outside <paramref name="operation"/>
    /// (confluent-kafka-dotnet's consume loop, whose catch aborts the transaction and leaves)? Then a check at
    /// <paramref name="operation"/> throws too, into the same catch: a quiet exit there would let the rest of the
    /// enclosing work (a commit after the loop) run after cancellation.
    /// </summary>
    public static bool SurfacesAsException(IOperation operation, WellKnownTypes types)
    {
        if (SwallowingTryAround(operation, types) is not { } swallowing)
        {
            return false;
        }

        var span = operation.Syntax.Span;
        return OperationTrees.Find(swallowing.Body, enterNestedFunctions: false, candidate =>
            CancellationObservation.IsThrowIfCancellationRequested(candidate, types) && !span.Contains(candidate.Syntax.Span)) is not null;
    }

    /// <summary>
    /// Does more of the work go on after <paramref name="operation"/> inside the catch-all <c>try</c> around it: a
    /// statement after it in the try's body, or another pass of a loop around it there? A quiet exit at
    /// <paramref name="operation"/> would let that work run after cancellation (OpenRA's package download reports
    /// success after a half-done extraction), and an exception would be taken for an error: no check is safe there.
    /// </summary>
    public static bool WorkFollowsInSwallowingTry(IOperation operation, WellKnownTypes types)
    {
        if (SwallowingTryAround(operation, types) is not { } swallowing)
        {
            return false;
        }

        for (IOperation current = operation; current != swallowing.Body && current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case ILoopOperation:
                    return true;
                case IBlockOperation block when block.Operations.IndexOf(current) is var index && index >= 0 && index < block.Operations.Length - 1:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The innermost <c>try</c> (same function) around <paramref name="operation"/> whose catch-all loses an exception, or null.</summary>
    private static ITryOperation? SwallowingTryAround(IOperation operation, WellKnownTypes types)
    {
        for (IOperation current = operation; current.Parent is { } parent && !OperationTrees.IsNestedFunction(parent); current = parent)
        {
            if (parent is not ITryOperation tryOperation || tryOperation.Body != current)
            {
                continue;
            }

            foreach (var clause in tryOperation.Catches)
            {
                var catchesAll = clause.ExceptionType is null or { SpecialType: SpecialType.System_Object }
                    || SymbolEqualityComparer.Default.Equals(clause.ExceptionType, types.Exception);
                if (catchesAll && clause.Filter is null && OperationTrees.Find(clause.Handler, enterNestedFunctions: false, handled =>
                        handled is IThrowOperation
                        || (handled is IInvocationOperation { TargetMethod: { Name: "FailFast" or "Exit" } method }
                            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Environment))) is not IThrowOperation)
                {
                    return tryOperation;
                }
            }
        }

        return null;
    }

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

        for (var current = operation.Parent; current is not null && !OperationTrees.IsNestedFunction(current); current = current.Parent)
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
            return types.IsTokenRegistration(method);
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
