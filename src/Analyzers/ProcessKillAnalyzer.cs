using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA1004: calls of, and method-group references to, <c>Process.Kill</c> with no graceful request to that process
/// earlier in the function (<see cref="ProcessShutdown"/>). Not in tests, not in a function whose name says it kills
/// (the hard-stop primitive of a type, whose callers decide), not for the process ending itself, and not where the code
/// gave the process time to end by itself first (<see cref="ProcessShutdown.GaveTimeToExit"/>).
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class ProcessKillAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.AskProcessToExit);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (types.Process is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    Analyze(c, invocation.TargetMethod, invocation.Instance, types, options);
                },
                OperationKind.Invocation);
            start.RegisterOperationAction(
                c =>
                {
                    var reference = (IMethodReferenceOperation)c.Operation;
                    Analyze(c, reference.Method, reference.Instance, types, options);
                },
                OperationKind.MethodReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, IMethodSymbol method, IOperation? instance, WellKnownTypes types, AnalyzerOptionsReader options)
    {
        if (!ProcessShutdown.IsKill(method, types))
        {
            return;
        }

        var operation = context.Operation;
        var member = Functions.ContainingMember(context.ContainingSymbol);
        var receiver = CallSites.Receiver(instance);
        if (CallSites.HasErrors(operation)
            || CallSites.IsInsideNameOf(operation)
            || Functions.IsTestMethod(member)
            || ProcessShutdown.IsKillPrimitive(Functions.Innermost(operation, context.ContainingSymbol), member)
            || ProcessShutdown.IsCurrentProcess(receiver, operation, types)
            || ProcessShutdown.IsAskedFirst(operation, receiver, member, types)
            || ProcessShutdown.GaveTimeToExit(operation, receiver, types))
        {
            return;
        }

        var location = DiagnosticLocations.OfExpression(operation.Syntax);
        if (options.IsExcluded(DiagnosticIds.AskProcessToExit, location, context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AskProcessToExit, location, "Process.Kill"));
    }
}
