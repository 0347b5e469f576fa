using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>Our analyzers by rule.</summary>
internal static class Analyzers
{
    public static DiagnosticAnalyzer Create(Rule rule) => rule switch
    {
        Rule.Termination => new ThreadTerminationAnalyzer(),
        Rule.Loops => new LoopCancellationAnalyzer(),
        Rule.StartedWork => new StartedWorkAnalyzer(),
        Rule.StopFlag => new StopFlagAnalyzer(),
        Rule.Sleep => new SleepAnalyzer(),
        Rule.Swallow => new SwallowedCancellationAnalyzer(),
        Rule.Waits => new UncancellableWaitAnalyzer(),
        Rule.Unreached => new UnreachedCancellationAnalyzer(),
        Rule.Processes => new ProcessKillAnalyzer(),
        Rule.AbortHandlers => new AbortHandlerAnalyzer(),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>Every analyzer the package exports, one instance each.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> All() => Enum.GetValues<Rule>().Select(Create).ToImmutableArray();

    /// <summary>"TSA2001, TSA2002".</summary>
    public static string RuleIds(Rule rule) => string.Join(", ", Create(rule).SupportedDiagnostics.Select(d => d.Id));

    /// <summary>Is this diagnostic one of ours (not a compiler warning, not AD0001)?</summary>
    public static bool IsOurs(Diagnostic diagnostic) => diagnostic.Id.StartsWith("TSA", StringComparison.Ordinal);
}

/// <summary>
/// The empty analyzer, the baseline of every ratio: it registers the same actions as <see cref="Rule"/>'s analyzer (the
/// same operation kinds, the same symbol start and end) and returns from each at once. An analyzer that registers
/// nothing at all cannot be the baseline: the driver skips it without binding anything (see
/// <see cref="NothingAnalyzer"/>). So the ratio charges the rule only for what its callbacks do, and the driver's
/// work for those registrations (binding, building operation trees, calling back) is in both sides.
/// </summary>
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    private readonly Rule _rule;

    public EmptyAnalyzer(Rule rule) => _rule = rule;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NothingAnalyzer.Never);

    /// <summary>One empty analyzer per rule: the baseline for all our analyzers together.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ForAll() =>
        Enum.GetValues<Rule>().Select(rule => (DiagnosticAnalyzer)new EmptyAnalyzer(rule)).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            switch (_rule)
            {
                case Rule.Termination:
                case Rule.Processes:
                    start.RegisterOperationAction(Nothing, OperationKind.Invocation);
                    start.RegisterOperationAction(Nothing, OperationKind.MethodReference);
                    break;
                case Rule.Loops:
                    start.RegisterOperationAction(Nothing, OperationKind.Loop);
                    break;
                case Rule.Swallow:
                    start.RegisterOperationAction(Nothing, OperationKind.CatchClause);
                    break;
                case Rule.AbortHandlers:
                    start.RegisterOperationAction(Nothing, OperationKind.CatchClause);
                    start.RegisterOperationAction(Nothing, OperationKind.IsType, OperationKind.TypePattern, OperationKind.DeclarationPattern, OperationKind.RecursivePattern);
                    break;
                case Rule.Unreached:
                    start.RegisterSymbolStartAction(
                        symbolStart =>
                        {
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.Invocation, OperationKind.ObjectCreation);
                            symbolStart.RegisterOperationBlockAction(_ => { });
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.FieldReference);
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.FieldInitializer);
                            symbolStart.RegisterSymbolEndAction(_ => { });
                        },
                        SymbolKind.NamedType);
                    break;
                case Rule.StartedWork:
                case Rule.Sleep:
                case Rule.Waits:
                    start.RegisterOperationAction(Nothing, OperationKind.Invocation);
                    break;
                case Rule.StopFlag:
                    start.RegisterSymbolStartAction(
                        symbolStart =>
                        {
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.FieldReference);
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.Invocation, OperationKind.PropertyReference);
                            symbolStart.RegisterOperationAction(Nothing, OperationKind.Lock, OperationKind.Await, OperationKind.Loop, OperationKind.Using);
                            symbolStart.RegisterSymbolEndAction(_ => { });
                        },
                        SymbolKind.NamedType);
                    break;
            }
        });
    }

    private static void Nothing(OperationAnalysisContext context)
    {
    }
}

/// <summary>
/// Binding only: one no-op symbol action, the least an analyzer can register that makes the driver bind every method
/// body (to raise its compilation events), but no operation action, so no operation trees. Rule ÷ bind-only is the
/// stricter view: it also charges the rule for the operation trees that any operation analyzer makes the driver build.
/// </summary>
internal sealed class BindOnlyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NothingAnalyzer.Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
    }
}

/// <summary>Registers nothing: the driver has no event to raise for it and binds nothing, so its run costs about nothing.</summary>
internal sealed class NothingAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Never = new(
        "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
    }
}
