using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA1001–TSA1003: calls of, and method-group references to, the members of <c>System.Threading.Thread</c>
/// that stop or freeze a thread from the outside.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class ThreadTerminationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.DoNotAbortThreads,
        Descriptors.DoNotInterruptThreads,
        Descriptors.DoNotSuspendThreads);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.Create(start.Compilation);
            if (types.Thread is not { } thread)
            {
                return;
            }

            var reasons = new Reasons(types);
            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(
                c => Analyze(c, ((IInvocationOperation)c.Operation).TargetMethod, thread, reasons, options),
                OperationKind.Invocation);
            start.RegisterOperationAction(
                c => Analyze(c, ((IMethodReferenceOperation)c.Operation).Method, thread, reasons, options),
                OperationKind.MethodReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, IMethodSymbol method, INamedTypeSymbol thread, Reasons reasons, AnalyzerOptionsReader options)
    {
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, thread))
        {
            return;
        }

        DiagnosticDescriptor descriptor;
        string? reason;
        switch (method.Name)
        {
            case "Abort":
                descriptor = Descriptors.DoNotAbortThreads;
                reason = reasons.Abort;
                break;
            case "ResetAbort":
                descriptor = Descriptors.DoNotAbortThreads;
                reason = reasons.ResetAbort;
                break;
            case "Interrupt":
                descriptor = Descriptors.DoNotInterruptThreads;
                reason = null;
                break;
            case "Suspend":
                descriptor = Descriptors.DoNotSuspendThreads;
                reason = reasons.Suspend;
                break;
            case "Resume":
                descriptor = Descriptors.DoNotSuspendThreads;
                reason = reasons.Resume;
                break;
            default:
                return;
        }

        var operation = context.Operation;
        if (CallSites.HasErrors(operation) || CallSites.IsInsideNameOf(operation))
        {
            return;
        }

        var location = DiagnosticLocations.OfExpression(operation.Syntax);
        if (options.IsExcluded(descriptor.Id, location, context.ContainingSymbol))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, "Thread." + method.Name, reason));
    }

    /// <summary>The runtime-specific half of each message, chosen once per compilation.</summary>
    private sealed class Reasons
    {
        private const string Throws = "on .NET 5 and later it throws PlatformNotSupportedException";

        public Reasons(WellKnownTypes types)
        {
            if (types.NeverRaisesThreadAbort)
            {
                Abort = ResetAbort = Suspend = Resume = Throws;
            }
            else if (types.Runtime == TargetRuntime.NetFramework)
            {
                Abort = "on .NET Framework it stops the thread at an arbitrary point, which can cut a finally block short, leave a lock held or leave shared data half-written";
                ResetAbort = "it keeps running a thread that Thread.Abort already interrupted at an arbitrary point, with whatever state that left behind";
                Suspend = "it can freeze the thread while it holds a lock, deadlocking every thread that needs it";
                Resume = "it only pairs with Thread.Suspend, which can freeze a thread while it holds a lock";
            }
            else
            {
                Abort = "on .NET Framework it can cut a finally block short, leave a lock held or leave data half-written, and " + Throws;
                ResetAbort = "on .NET Framework it keeps running a thread that Thread.Abort already interrupted at an arbitrary point, and " + Throws;
                Suspend = "on .NET Framework it can freeze the thread while it holds a lock, and " + Throws;
                Resume = "on .NET Framework it only pairs with Thread.Suspend, which can freeze a thread while it holds a lock, and " + Throws;
            }
        }

        public string Abort { get; }

        public string ResetAbort { get; }

        public string Suspend { get; }

        public string Resume { get; }
    }
}
