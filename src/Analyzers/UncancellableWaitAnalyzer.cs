using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2007: a wait that no token can interrupt (<c>WaitHandle.WaitOne</c>/<c>WaitAny</c>/<c>WaitAll</c>,
/// <c>Monitor.Wait</c>, <c>SpinWait.SpinUntil</c>) where a cancellation token is in scope. Silent for polls (a zero
/// timeout), waits a token can wake (its <c>WaitHandle</c> is waited on, a <c>Register</c> callback or the cancelling
/// method sets or pulses what is waited on), and cleanup (<c>finally</c>, <c>Dispose</c>/<c>Stop</c>, after a
/// <c>Cancel()</c>). Options: <c>min_wait_ms</c>, <c>token_sources</c>, <c>excluded_symbol_names</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UncancellableWaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.WaitIgnoresCancellation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (types.CancellationToken is null || (types.WaitHandle is null && types.Monitor is null && types.SpinWait is null))
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            var wakers = new UncancellableWaits.WakerCalls();
            start.RegisterOperationAction(c => AnalyzeInvocation(c, types, options, wakers), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options, UncancellableWaits.WakerCalls wakers)
    {
        // Every call of the compilation comes here: the tree's options only for a wait.
        var invocation = (IInvocationOperation)context.Operation;
        if (UncancellableWaits.KindOf(invocation, types) == BlockingCallKind.None)
        {
            return;
        }

        if (DiagnosticFor(invocation, context.ContainingSymbol, types, options.For(invocation), wakers) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>The TSA2007 diagnostic this call gets, or null: the one question this analyzer and TSA2008 ("is the wait already reported?") ask.</summary>
    internal static Diagnostic? DiagnosticFor(
        IInvocationOperation invocation, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions, UncancellableWaits.WakerCalls wakers)
    {
        var kind = UncancellableWaits.KindOf(invocation, types);
        if (kind == BlockingCallKind.None || invocation.Syntax.ContainsDiagnostics || HasErrors(invocation))
        {
            return null;
        }

        var timeout = Timeouts.Of(invocation, types);
        if ((timeout is not null && Timeouts.IsZero(timeout.Value, types))
            || CleanupCode.IsInFinally(invocation)
            || CleanupCode.IsStopMember(containingSymbol)
            || UncancellableWaits.MayObserveToken(invocation, kind, types))
        {
            return null;
        }

        if ((timeout is not null && Timeouts.IsShorterThan(timeout.Value, treeOptions.MinWaitMilliseconds, types))
            || treeOptions.IsExcluded(DiagnosticIds.WaitIgnoresCancellation, containingSymbol))
        {
            return null;
        }

        // The costlier questions last, once a diagnostic is otherwise due.
        if (TokenScope.FirstNameable(invocation, containingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.WaitIgnoresCancellation)) is not { } token
            || CleanupCode.FollowsShutdownCall(invocation, types)
            || UncancellableWaits.IsWokenOnCancellation(invocation, kind, containingSymbol, types, wakers))
        {
            return null;
        }

        return Diagnostic.Create(
            Descriptors.WaitIgnoresCancellation,
            DiagnosticLocations.OfExpression(invocation.Syntax),
            BlockingCalls.Describe(kind),
            token.Name,
            Remedy(kind));
    }

    private static string Remedy(BlockingCallKind kind) => kind switch
    {
        BlockingCallKind.MonitorWait => "pulse the lock from the token's Register callback",
        BlockingCallKind.SpinWaitSpinUntil => "check the token in the condition",
        _ => "wait on the token's WaitHandle too",
    };

    /// <summary>Half-typed or unresolved code anywhere in the wait: an operation that does not bind or has an error type.</summary>
    private static bool HasErrors(IInvocationOperation invocation)
        => Reasoning.OperationTrees.Find(invocation, enterNestedFunctions: true, operation =>
            operation.Kind == OperationKind.Invalid || operation.Type?.TypeKind == TypeKind.Error) is not null;
}
