using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2006: <c>Thread.Sleep</c> where a cancellation token is in scope; <c>Thread.Sleep(0)</c> (a yield) is fine.
/// Options: <c>min_sleep_ms</c> (constant sleeps shorter than that are fine too), <c>token_sources</c>,
/// <c>excluded_symbol_names</c>.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SleepAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SleepIgnoresCancellation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.Create(start.Compilation);
            if (types.Thread is null || types.CancellationToken is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, options), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (DiagnosticFor(invocation, context.ContainingSymbol, types, options.For(invocation.Syntax.SyntaxTree)) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// The TSA2006 diagnostic this call gets, or null: the one question the analyzer and the overlap suppressor both ask.
    /// </summary>
    internal static Diagnostic? DiagnosticFor(IInvocationOperation invocation, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
    {
        if (!IsSleep(invocation, types)
            || invocation.Arguments.Length != 1
            || invocation.Syntax.ContainsDiagnostics
            || IsYield(invocation.Arguments[0].Value, types)
            || IsInFinally(invocation)
            || CancellationHandlers.IsInCancellationCatch(invocation, types)
            || IsShorterThan(invocation.Arguments[0].Value, treeOptions.MinSleepMilliseconds, types)
            || treeOptions.IsExcluded(DiagnosticIds.SleepIgnoresCancellation, containingSymbol))
        {
            return null;
        }

        // A token the code cannot name here (a lambda parameter of the same name hides it) is no help.
        foreach (var token in TokenScope.At(invocation, containingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.SleepIgnoresCancellation)))
        {
            if (TokenScope.IsNameable(token, invocation.SemanticModel, invocation.Syntax.SpanStart))
            {
                return Diagnostic.Create(Descriptors.SleepIgnoresCancellation, DiagnosticLocations.OfExpression(invocation.Syntax), token.Name);
            }
        }

        return null;
    }

    /// <summary>
    /// A sleep in a <c>finally</c> block is part of cleanup that runs whether or not cancellation was requested
    /// (Hangfire sleeps there on purpose when the token's own wait misbehaved); a lambda inside the block runs later and
    /// does not count.
    /// </summary>
    private static bool IsInFinally(IOperation operation)
    {
        for (var child = operation; child.Parent is { } parent; child = parent)
        {
            if (Reasoning.OperationWalker.IsNestedFunction(parent))
            {
                return false;
            }

            if (parent is ITryOperation { Finally: { } finallyBlock } && finallyBlock == child)
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsSleep(IInvocationOperation invocation, WellKnownTypes types)
        => invocation.TargetMethod is { Name: "Sleep", IsStatic: true } method
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Thread);

    /// <summary><c>Thread.Sleep(0)</c>, <c>Thread.Sleep(TimeSpan.Zero)</c>, <c>Thread.Sleep(default(TimeSpan))</c>: give up the time slice, no wait.</summary>
    private static bool IsYield(IOperation argument, WellKnownTypes types)
    {
        if (argument.ConstantValue is { HasValue: true, Value: 0 })
        {
            return true;
        }

        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

        return argument switch
        {
            IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field } => SymbolEqualityComparer.Default.Equals(field.ContainingType, types.TimeSpan),
            IDefaultValueOperation { Type: var type } => SymbolEqualityComparer.Default.Equals(type, types.TimeSpan),
            _ => false,
        };
    }

    /// <summary>
    /// A sleep of a constant length below <paramref name="minimum"/> milliseconds: <c>Thread.Sleep(10)</c>,
    /// <c>Thread.Sleep(PollMs)</c> with a constant, <c>TimeSpan.FromMilliseconds(10)</c>, <c>TimeSpan.FromSeconds(0.5)</c>.
    /// An infinite sleep (<c>-1</c>, <c>Timeout.Infinite</c>) is never short.
    /// </summary>
    private static bool IsShorterThan(IOperation argument, int minimum, WellKnownTypes types)
    {
        if (minimum <= 0)
        {
            return false;
        }

        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

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
