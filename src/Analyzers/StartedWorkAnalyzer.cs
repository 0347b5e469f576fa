using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2003: work started without the token that is in scope.
/// TSA2005: long-running work started where no token exists and that observes none.
/// Options: TSA2003's <c>token_sources</c> (TSA2005 reports where that scope is empty), <c>excluded_symbol_names</c>.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class StartedWorkAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PassTokenToStartedWork,
        Descriptors.BackgroundWorkNotCancellable);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (types.CancellationToken is null || types.Task is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => AnalyzeCall(c, types, options), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options)
    {
        // Every call of the compilation comes here: the tree's options only for a call that starts work.
        var call = (IInvocationOperation)context.Operation;
        if (StartedWork.Match(call, types) is { TokenUse: TokenUse.Missing } work
            && DiagnosticFor(work, context.ContainingSymbol, types, options.For(call)) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// The TSA2003 or TSA2005 diagnostic this call gets, or null: the one question the analyzer and the overlap
    /// suppressor both ask.
    /// </summary>
    internal static Diagnostic? DiagnosticFor(IInvocationOperation call, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
        => StartedWork.Match(call, types) is { TokenUse: TokenUse.Missing } work
            ? DiagnosticFor(work, containingSymbol, types, treeOptions)
            : null;

    /// <summary>The TSA2003 or TSA2005 diagnostic of work already matched (<see cref="StartedWork.Match"/>) that passes no token.</summary>
    private static Diagnostic? DiagnosticFor(StartedWork work, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions)
    {
        var call = work.Call;
        if (call.Syntax.ContainsDiagnostics
            || work.HasErrors()
            || StartedWork.IsInExpressionTree(call, types))
        {
            return null;
        }

        var tokens = TokenScope.At(call, containingSymbol, types, treeOptions.TokenSourcesFor(DiagnosticIds.PassTokenToStartedWork));
        if (tokens.Length > 0)
        {
            // Work that already uses the token, or observes a token of its own, cooperates already; only a token handed
            // over in the wrong role is reported.
            if (((work.DelegatesUse(tokens) || work.StartsOnlyCooperativeWork(types)) && !work.PassesTokenAsOtherArgument(tokens))
                || work.MustRunWithoutToken(containingSymbol, types)
                || treeOptions.IsExcluded(DiagnosticIds.PassTokenToStartedWork, containingSymbol))
            {
                return null;
            }

            return Diagnostic.Create(
                Descriptors.PassTokenToStartedWork, DiagnosticLocations.OfExpression(call.Syntax), work.ApiName, tokens[0].Name);
        }

        if (!work.NeedsAStopSignal(containingSymbol, types)
            || treeOptions.IsExcluded(DiagnosticIds.BackgroundWorkNotCancellable, containingSymbol))
        {
            return null;
        }

        var function = Functions.Describe(Functions.Innermost(call, containingSymbol), containingSymbol);
        return Diagnostic.Create(
            Descriptors.BackgroundWorkNotCancellable, DiagnosticLocations.OfExpression(call.Syntax), work.ApiName, function);
    }
}
