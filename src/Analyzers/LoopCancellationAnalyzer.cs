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
            var types = WellKnownTypes.For(start.Compilation);
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
        var verdict = Judge(loop, context.ContainingSymbol, types, options.For(loop), out var reason, out var token);
        if (verdict == Verdict.None)
        {
            return;
        }

        var location = DiagnosticLocations.OfLoopHeader(loop.Syntax);
        if (verdict == Verdict.UnobservedToken)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LoopDoesNotObserveToken, location, reason, token));
            return;
        }

        var function = Functions.Describe(Functions.Innermost(loop, context.ContainingSymbol), context.ContainingSymbol);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.LoopCanNeverBeStopped, location, function));
    }

    /// <summary>
    /// TSA2001's verdict on one loop, also asked by TSA2008, which stays silent where TSA2001 already reports the loop
    /// of a started lambda (one problem, one warning).
    /// </summary>
    internal static bool ReportsUnobservedToken(ILoopOperation loop, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions options)
        => Judge(loop, containingSymbol, types, options, out _, out _) == Verdict.UnobservedToken;

    private enum Verdict
    {
        None,
        UnobservedToken,
        NeverStopped,
    }

    private static Verdict Judge(ILoopOperation loop, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions, out string? reason, out string? token)
    {
        reason = null;
        token = null;
        if (loop.Syntax.ContainsDiagnostics)
        {
            return Verdict.None;
        }

        // A loop runs long when nothing but its body can end it, or when it waits on every iteration.
        var endless = LoopFacts.RunsForever(loop);
        var wait = endless ? null : LoopFacts.FirstWait(loop, types);
        if (!endless && (wait is null || LoopFacts.EndsWithinShortDeadline(loop, types)))
        {
            return Verdict.None;
        }

        if (LoopFacts.YieldsValues(loop, containingSymbol) || CancellationObservation.Of(loop, types) != Observation.None)
        {
            return Verdict.None;
        }

        var tokens = TokenScope.At(loop, containingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.LoopDoesNotObserveToken));
        if (tokens.Length > 0)
        {
            // loop_kinds: unbounded is the loops with no exit, waiting the loops that wait on every iteration, whether
            // or not they have an exit; an endless loop that waits is reported under either.
            var kinds = treeOptions.LoopKinds;
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
                && !CancellationObservation.DrivesTokenHolder(loop, types)
                && !CancellationObservation.RunsUnderRegistration(loop, types)
                && !treeOptions.IsExcluded(DiagnosticIds.LoopDoesNotObserveToken, containingSymbol)
                && !ObservesThroughOwnFields(loop, types))
            {
                token = tokens[0].Name;
                return Verdict.UnobservedToken;
            }

            reason = null;
            return Verdict.None;
        }

        return endless
            && !types.IsEntryPoint(containingSymbol)
            && !LoopFacts.EndsByCaughtException(loop, types)
            && !treeOptions.IsExcluded(DiagnosticIds.LoopCanNeverBeStopped, containingSymbol)
            && !ObservesThroughOwnFields(loop, types)
            ? Verdict.NeverStopped
            : Verdict.None;
    }

    /// <summary>Asked last, as it binds the assignments of the fields the loop uses: does it use one built from a token (naps2's scan job)?</summary>
    private static bool ObservesThroughOwnFields(ILoopOperation loop, WellKnownTypes types)
        => CancellationObservation.OfCountingOwnFields(loop, types) != Observation.None;
}
