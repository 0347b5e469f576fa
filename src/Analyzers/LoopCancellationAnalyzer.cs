using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2001: a long-running loop that has a token at hand and never observes it.
/// TSA2002: a loop with no exit and no stop signal at all.
/// Options: TSA2001's <c>loop_kinds</c> and <c>token_sources</c> (TSA2002 reports where TSA2001's token scope is empty),
/// and <c>excluded_symbol_names</c>.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class LoopCancellationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.LoopDoesNotObserveToken,
        Descriptors.LoopCanNeverBeStopped);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.Create(start.Compilation);
            if (types.CancellationToken is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => AnalyzeLoop(c, types, options), OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options)
    {
        var loop = (ILoopOperation)context.Operation;
        if (loop.Syntax.ContainsDiagnostics)
        {
            return;
        }

        // A loop runs long when nothing but its body can end it, or when it waits on every iteration.
        var endless = LoopFacts.RunsForever(loop);
        var wait = endless ? null : LoopFacts.FirstWait(loop, types);
        if (!endless && wait is null)
        {
            return;
        }

        if (LoopFacts.YieldsValues(loop) || CancellationObservation.Of(loop, types) != Observation.None)
        {
            return;
        }

        var treeOptions = options.For(loop.Syntax.SyntaxTree);
        var tokens = TokenScope.At(loop, context.ContainingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.LoopDoesNotObserveToken));
        var location = DiagnosticLocations.OfLoopHeader(loop.Syntax);
        if (tokens.Length > 0)
        {
            // loop_kinds: unbounded is the loops with no exit, waiting the loops that wait on every iteration, whether
            // or not they have an exit; an endless loop that waits is reported under either.
            var kinds = treeOptions.LoopKinds;
            string? reason = null;
            if (endless && (kinds & LoopKinds.Unbounded) != 0)
            {
                reason = "has no exit";
            }
            else if ((kinds & LoopKinds.Waiting) != 0 && (wait ?? LoopFacts.FirstWait(loop, types)) is { } waiting)
            {
                reason = "waits (" + waiting + ")";
            }

            // A loop that runs once the token has fired (a drain in its catch), or that passes CancellationToken.None
            // on purpose, has decided not to stop on it.
            if (reason is not null
                && !CancellationHandlers.IsInCancellationCatch(loop, types)
                && !CancellationObservation.DeclinesExplicitly(loop, types)
                && !treeOptions.IsExcluded(DiagnosticIds.LoopDoesNotObserveToken, context.ContainingSymbol))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.LoopDoesNotObserveToken, location, reason, tokens[0].Name));
            }

            return;
        }

        if (endless
            && !Functions.IsEntryPoint(context.ContainingSymbol)
            && !LoopFacts.EndsByCaughtException(loop, types)
            && !treeOptions.IsExcluded(DiagnosticIds.LoopCanNeverBeStopped, context.ContainingSymbol))
        {
            var function = Functions.Describe(Functions.Innermost(loop, context.ContainingSymbol), context.ContainingSymbol);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LoopCanNeverBeStopped, location, function));
        }
    }
}
