using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA1005: <c>catch (ThreadAbortException)</c> clauses and <c>ThreadAbortException</c> type tests (<c>is</c>,
/// patterns) in a compilation whose runtime never raises that exception
/// (<see cref="WellKnownTypes.NeverRaisesThreadAbort"/>). <c>Thread.ResetAbort()</c> is TSA1001's.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class AbortHandlerAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DeadAbortHandler);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            // A project that builds the same sources for .NET Framework or .NET Standard too keeps its handlers live there.
            if (types.ThreadAbortException is not { } abort || !types.NeverRaisesThreadAbort || AnalyzerOptionsReader.AlsoBuildsForAbortingRuntime(start.Options))
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => AnalyzeCatch(c, abort, options), OperationKind.CatchClause);
            start.RegisterOperationAction(c => AnalyzeTypeTest(c, abort, options), OperationKind.IsType, OperationKind.TypePattern, OperationKind.DeclarationPattern, OperationKind.RecursivePattern);
        });
    }

    private static void AnalyzeCatch(OperationAnalysisContext context, INamedTypeSymbol abort, AnalyzerOptionsReader options)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(clause.ExceptionType, abort)
            || clause.Syntax is not CatchClauseSyntax { Declaration: { } declaration } syntax)
        {
            return;
        }

        Report(context, Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, declaration.Span.End)), options);
    }

    private static void AnalyzeTypeTest(OperationAnalysisContext context, INamedTypeSymbol abort, AnalyzerOptionsReader options)
    {
        var operation = context.Operation;
        var tested = operation switch
        {
            IIsTypeOperation isType => isType.TypeOperand,
            ITypePatternOperation pattern => pattern.MatchedType,
            IDeclarationPatternOperation pattern => pattern.MatchedType,
            IRecursivePatternOperation pattern => pattern.MatchedType,
            _ => null,
        };

        if (!SymbolEqualityComparer.Default.Equals(tested, abort))
        {
            return;
        }

        // `e is ThreadAbortException t` is reported on the whole test, as `e is ThreadAbortException` is.
        var syntax = operation.Parent is IIsPatternOperation isPattern && isPattern.Pattern == operation ? isPattern.Syntax : operation.Syntax;
        Report(context, syntax.GetLocation(), options);
    }

    private static void Report(OperationAnalysisContext context, Location location, AnalyzerOptionsReader options)
    {
        if (!options.IsExcluded(DiagnosticIds.DeadAbortHandler, location, context.ContainingSymbol))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.DeadAbortHandler, location));
        }
    }
}
