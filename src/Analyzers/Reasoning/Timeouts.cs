using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>What a timeout or interval argument (milliseconds as <c>int</c>, or a <c>TimeSpan</c>) says, when it is written as a constant.</summary>
internal static class Timeouts
{
    /// <summary><c>0</c>, <c>TimeSpan.Zero</c>, <c>default(TimeSpan)</c>: no wait at all (a yield, or a poll).</summary>
    public static bool IsZero(IOperation argument, WellKnownTypes types)
    {
        if (argument.ConstantValue is { HasValue: true, Value: 0 })
        {
            return true;
        }

        argument = OperationTrees.WithoutConversions(argument);
        return argument switch
        {
            IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field } => SymbolEqualityComparer.Default.Equals(field.ContainingType, types.TimeSpan),
            IDefaultValueOperation { Type: var type } => SymbolEqualityComparer.Default.Equals(type, types.TimeSpan),
            _ => false,
        };
    }

    /// <summary>
    /// A constant length below <paramref name="minimum"/> milliseconds: <c>10</c>, a <c>const</c>,
    /// <c>TimeSpan.FromMilliseconds(10)</c>, <c>TimeSpan.FromSeconds(0.5)</c>. An infinite one (<c>-1</c>,
    /// <c>Timeout.Infinite</c>) is never short, and neither is one the code computes.
    /// </summary>
    public static bool IsShorterThan(IOperation argument, int minimum, WellKnownTypes types)
    {
        if (minimum <= 0)
        {
            return false;
        }

        argument = OperationTrees.WithoutConversions(argument);
        double? milliseconds = argument.ConstantValue is { HasValue: true, Value: int value } ? value : null;
        if (argument is IInvocationOperation { Arguments.Length: > 0, TargetMethod: { IsStatic: true } method } call
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.TimeSpan)
            && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var constant }
            && constant is not null
            && OnlyFirstArgumentGiven(call))
        {
            var number = System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture);
            milliseconds = method.Name switch
            {
                "FromMilliseconds" => number,
                "FromSeconds" => number * 1000,
                _ => null,
            };
        }

        return milliseconds is { } length && length >= 0 && length < minimum;
    }

    /// <summary>
    /// A timeout that never ends: <c>-1</c> (<c>Timeout.Infinite</c>), <c>int.MaxValue</c>, <c>Timeout.InfiniteTimeSpan</c>,
    /// <c>TimeSpan.MaxValue</c>, <c>TimeSpan.FromMilliseconds(-1)</c>.
    /// </summary>
    public static bool IsInfinite(IOperation argument, WellKnownTypes types)
    {
        argument = OperationTrees.WithoutConversions(argument);
        if (argument.ConstantValue is { HasValue: true, Value: int value })
        {
            return value is -1 or int.MaxValue;
        }

        switch (argument)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true } field }:
                return (field.Name == "InfiniteTimeSpan" && field.ContainingType?.Name == "Timeout")
                    || (field.Name == "MaxValue" && SymbolEqualityComparer.Default.Equals(field.ContainingType, types.TimeSpan));
            case IInvocationOperation { Arguments.Length: > 0, TargetMethod: { IsStatic: true, Name: "FromMilliseconds" } method } call
                when SymbolEqualityComparer.Default.Equals(method.ContainingType, types.TimeSpan):
                return call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var constant }
                    && constant is int or long or double or float
                    && System.Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture) == -1;
            default:
                return false;
        }
    }

    /// <summary>A timeout argument that ends and is not zero: the wait gives its subject real time, then gives up.</summary>
    public static bool IsBounded(IOperation argument, WellKnownTypes types)
        => !IsInfinite(argument, types) && !IsZero(argument, types);

    /// <summary>The timeout argument of a wait: the one whose parameter is an <c>int</c> or a <c>TimeSpan</c>; null when the wait has none (it waits forever).</summary>
    public static IArgumentOperation? Of(IInvocationOperation wait, WellKnownTypes types)
    {
        foreach (var argument in wait.Arguments)
        {
            if (argument.Parameter is { Type: var type }
                && (type.SpecialType == SpecialType.System_Int32 || SymbolEqualityComparer.Default.Equals(type, types.TimeSpan)))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary><c>TimeSpan.FromMilliseconds(long, long microseconds = 0)</c> (.NET 9) and the like: the rest left to their defaults.</summary>
    private static bool OnlyFirstArgumentGiven(IInvocationOperation call)
    {
        for (var i = 1; i < call.Arguments.Length; i++)
        {
            if (call.Arguments[i].ArgumentKind != ArgumentKind.DefaultValue)
            {
                return false;
            }
        }

        return true;
    }
}
