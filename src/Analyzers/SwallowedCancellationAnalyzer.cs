using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2009: a catch in a loop swallows the cancellation of a token the loop keeps using, so once the token is cancelled
/// the loop spins. The reasoning is <see cref="SwallowedCancellation.Find"/>. Options: <c>excluded_symbol_names</c>.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SwallowedCancellationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.LoopSwallowsCancellation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (types.CancellationToken is null || types.OperationCanceledException is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => AnalyzeCatch(c, types, options), OperationKind.CatchClause);
        });
    }

    private static void AnalyzeCatch(OperationAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options)
    {
        var catchClause = (ICatchClauseOperation)context.Operation;
        if (SwallowedCancellation.Find(catchClause, types) is not { } swallowed
            || options.IsExcluded(DiagnosticIds.LoopSwallowsCancellation, catchClause.Syntax.GetLocation(), context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LoopSwallowsCancellation,
            DiagnosticLocations.OfCatchHeader(catchClause.Syntax),
            swallowed.TokenName));
    }
}
