using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
            milliseconds = MillisecondsOf(method.Name, constant);
        }

        return milliseconds is { } length && length >= 0 && length < minimum;
    }

    /// <summary>The milliseconds that <c>TimeSpan.FromMilliseconds(number)</c> or <c>TimeSpan.FromSeconds(number)</c> stand for; null for another factory.</summary>
    private static double? MillisecondsOf(string factory, object number)
    {
        var value = System.Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture);
        return factory switch
        {
            "FromMilliseconds" => value,
            "FromSeconds" => value * 1000,
            _ => null,
        };
    }

    /// <summary>
    /// As <see cref="IsShorterThan"/>, or a <c>static readonly</c> field whose initializer is such a constant, written
    /// out (<c>static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);</c>): nothing else can assign it.
    /// </summary>
    public static bool IsShortLimit(IOperation argument, int minimum, WellKnownTypes types)
    {
        if (IsShorterThan(argument, minimum, types))
        {
            return true;
        }

        if (OperationTrees.WithoutConversions(argument) is not IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }
            || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: var initializer })
        {
            return false;
        }

        double? milliseconds = initializer switch
        {
            LiteralExpressionSyntax { Token.Value: int value } => value,
            InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "TimeSpan" }, Name.Identifier.ValueText: var unit },
                ArgumentList.Arguments: { Count: 1 } arguments,
            } when arguments[0].Expression is LiteralExpressionSyntax { Token.Value: var number } && number is int or double
                => MillisecondsOf(unit, number),
            _ => null,
        };

        return milliseconds is { } length && length >= 0 && length < minimum
            && SymbolEqualityComparer.Default.Equals(field.Type, types.TimeSpan) == initializer is InvocationExpressionSyntax;
    }

    /// <summary>
    /// As <see cref="IsShorterThan"/>, or a parameter of a private method or a local function that every call passes
    /// such a constant (<c>SendContinuous(10, token)</c> as its only call, with <c>Thread.Sleep(delay)</c> inside): the
    /// length is the callers' choice, and all of them are in view. A method also used as a delegate, a call that
    /// leaves the argument out, or a type declared in another file that is not generated (<c>.g.cs</c>,
    /// <c>.designer.cs</c>) makes it unknown.
    /// </summary>
    public static bool IsAlwaysShorterThan(IOperation argument, int minimum, WellKnownTypes types)
    {
        if (IsShorterThan(argument, minimum, types))
        {
            return true;
        }

        if (OperationTrees.WithoutConversions(argument) is not IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter }
            || !(method.MethodKind == MethodKind.LocalFunction || (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private))
            || argument.SemanticModel is not { } model
            || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        SyntaxNode? scope = method.MethodKind == MethodKind.LocalFunction
            ? method.DeclaringSyntaxReferences[0].GetSyntax().Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>()
            : method.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (scope is null || scope.SyntaxTree != model.SyntaxTree || !AllOtherDeclarationsGenerated(method.ContainingType, scope.SyntaxTree))
        {
            return false;
        }

        var calls = 0;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is not SimpleNameSyntax name || name.Identifier.ValueText != method.Name)
            {
                continue;
            }

            var invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
            if (invoked.Parent is InvocationExpressionSyntax invocation && invocation.Expression == invoked)
            {
                if (model.GetOperation(invocation) is not IInvocationOperation call || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method))
                {
                    continue;
                }

                var passed = false;
                foreach (var given in call.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(given.Parameter?.OriginalDefinition, parameter.OriginalDefinition))
                    {
                        passed = given.ArgumentKind == ArgumentKind.Explicit && IsShorterThan(given.Value, minimum, types);
                    }
                }

                if (!passed)
                {
                    return false;
                }

                calls++;
            }
            else if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol?.OriginalDefinition, method))
            {
                // A method group: called from somewhere out of view.
                return false;
            }
        }

        return calls > 0;
    }

    private static bool AllOtherDeclarationsGenerated(INamedTypeSymbol type, SyntaxTree tree)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var path = reference.SyntaxTree.FilePath;
            if (reference.SyntaxTree != tree
                && !(path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
                    || path.EndsWith(".g.i.cs", StringComparison.OrdinalIgnoreCase)
                    || path.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
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
