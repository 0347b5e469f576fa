using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>Our analyzers by rule, and the two baselines they are measured against.</summary>
internal static class Analyzers
{
    public static DiagnosticAnalyzer Create(Rule rule) => rule switch
    {
        Rule.Termination => new ThreadTerminationAnalyzer(),
        Rule.Loops => new LoopCancellationAnalyzer(),
        Rule.StartedWork => new StartedWorkAnalyzer(),
        Rule.StopFlag => new StopFlagAnalyzer(),
        Rule.Sleep => new SleepAnalyzer(),
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
/// The empty baseline: an analyzer that does nothing, but does it on a bound compilation. It registers one no-op
/// symbol action, which is the least that makes the driver bind every method body to raise its compilation events;
/// an analyzer that registers nothing at all is skipped by the driver (its run costs about 0 ms), so it measures nothing.
/// What this one costs is the price of running any semantic analyzer at all.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Never = new(
        "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType);
    }
}

/// <summary>
/// The second baseline: registers the same actions as <see cref="Rule"/>'s analyzer (the same operation kinds, the
/// same symbol start and end) and returns at once. The difference to <see cref="EmptyAnalyzer"/> is what the driver
/// charges for those registrations — building operation trees and calling back; the difference from it to the rule is
/// the rule's own work.
/// </summary>
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private readonly Rule _rule;

    public NoOpAnalyzer(Rule rule) => _rule = rule;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(EmptyAnalyzer.Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            switch (_rule)
            {
                case Rule.Termination:
                    start.RegisterOperationAction(Nothing, OperationKind.Invocation);
                    start.RegisterOperationAction(Nothing, OperationKind.MethodReference);
                    break;
                case Rule.Loops:
                    start.RegisterOperationAction(Nothing, OperationKind.Loop);
                    break;
                case Rule.StartedWork:
                case Rule.Sleep:
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
