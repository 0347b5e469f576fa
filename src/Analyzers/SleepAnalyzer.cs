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
            var types = WellKnownTypes.For(start.Compilation);
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
        // Every call of the compilation comes here: the tree's options only for a sleep.
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Sleep" || !IsSleep(invocation, types))
        {
            return;
        }

        if (DiagnosticFor(invocation, context.ContainingSymbol, types, options.For(invocation)) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// The TSA2006 diagnostic this call gets, or null: the one question the analyzer and the overlap suppressor both ask.
    /// A sleep in a finally block is cleanup that runs whether or not cancellation was requested (Hangfire sleeps there
    /// on purpose when the token's own wait misbehaved).
    /// </summary>
    internal static Diagnostic? DiagnosticFor(IInvocationOperation invocation, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
    {
        if (!IsReportableSleep(invocation, containingSymbol, types, treeOptions))
        {
            return null;
        }

        // A token the code cannot name here (a lambda parameter of the same name hides it) is no help.
        // The pacing test walks the loop, so it comes after a token is known to be there. A pause after the function's
        // own Cancel() is the grace period of the shutdown it started (Lean lets its feed's tasks finish): the token has
        // fired, and waiting on it would end the pause at once (TSA2007 leaves such waits alone too).
        return TokenScope.FirstNameable(invocation, containingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.SleepIgnoresCancellation)) is { } token
            && !IsPacingPause(invocation, types)
            && !CleanupCode.FollowsShutdownCall(invocation, types)
            ? Diagnostic.Create(Descriptors.SleepIgnoresCancellation, DiagnosticLocations.OfExpression(invocation.Syntax), token.Name)
            : null;
    }

    /// <summary>
    /// A sleep that TSA2006 reports as soon as a token can be named at it, whatever loop checks come with the token: the
    /// fixes that add a <c>CancellationToken</c> parameter to the sleep's function ask this before they build anything
    /// (their diagnostic check would turn the result down). Not a pause short enough to count as pacing, nor one after
    /// the function's own shutdown call; the token sources must include parameters.
    /// </summary>
    internal static bool IsReportedOnceATokenParameterIsInScope(IInvocationOperation sleep, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
        => (treeOptions.TokenSourcesFor(DiagnosticIds.SleepIgnoresCancellation) & TokenSources.Parameters) != 0
            && IsReportableSleep(sleep, containingSymbol, types, treeOptions)
            && !Timeouts.IsAlwaysShorterThan(sleep.Arguments[0].Value, PacingPauseMilliseconds + 1, types)
            && !CleanupCode.FollowsShutdownCall(sleep, types);

    /// <summary>Everything TSA2006 asks of a sleep before it looks for a token.</summary>
    private static bool IsReportableSleep(IInvocationOperation invocation, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
        => IsSleep(invocation, types)
            && invocation.Arguments.Length == 1
            && !invocation.Syntax.ContainsDiagnostics
            && !Timeouts.IsZero(invocation.Arguments[0].Value, types)
            && !CleanupCode.IsInFinally(invocation)
            && !CancellationHandlers.IsInCancellationCatch(invocation, types)
            && !Timeouts.IsShorterThan(invocation.Arguments[0].Value, treeOptions.MinSleepMilliseconds, types)
            && !treeOptions.IsExcluded(DiagnosticIds.SleepIgnoresCancellation, containingSymbol);

    /// <summary>The longest constant sleep that still counts as pacing in a loop that checks its token every pass.</summary>
    internal const int PacingPauseMilliseconds = 100;

    /// <summary>
    /// A constant sleep of at most <see cref="PacingPauseMilliseconds"/> in a loop that stops on a token by itself
    /// (<c>while (!token.IsCancellationRequested) { …; Thread.Sleep(10); }</c>) or walks a sequence made with a token
    /// (<c>foreach (var slice in StreamData(token))</c>), or gives up at a stopwatch deadline of a second or less
    /// (<see cref="LoopFacts.EndsWithinShortDeadline"/>): cancellation is seen that much later at most, which is as
    /// prompt as a stop gets. The length may also be a parameter that every caller in view passes such a constant
    /// (<see cref="Timeouts.IsAlwaysShorterThan"/>). Read on real code, every such report was judged harmless.
    /// </summary>
    private static bool IsPacingPause(IInvocationOperation sleep, WellKnownTypes types)
        => LoopFacts.Enclosing(sleep) is { } loop
            && Timeouts.IsAlwaysShorterThan(sleep.Arguments[0].Value, PacingPauseMilliseconds + 1, types)
            && (LoopFacts.StopsOnTokenItself(loop, types) || LoopFacts.EnumeratesWithToken(loop, types) || LoopFacts.EndsWithinShortDeadline(loop, types));

    internal static bool IsSleep(IInvocationOperation invocation, WellKnownTypes types)
        => BlockingCalls.KindOf(invocation, types) == BlockingCallKind.ThreadSleep;
}
