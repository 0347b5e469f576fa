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
            var types = WellKnownTypes.For(start.Compilation);
            if (types.Thread is not { } thread)
            {
                return;
            }

            var reasons = new Reasons(types);
            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterOperationAction(c => Report(c, thread, reasons, options), OperationKind.Invocation, OperationKind.MethodReference);
        });
    }

    private static void Report(OperationAnalysisContext context, INamedTypeSymbol thread, Reasons reasons, AnalyzerOptionsReader options)
    {
        // Every call and method group of the compilation comes here: the name test first, the tree's options only for
        // the few that pass it.
        if (ThreadControl.Of(MethodOf(context.Operation), thread) == ThreadControlKind.None)
        {
            return;
        }

        if (DiagnosticFor(context.Operation, context.ContainingSymbol, thread, reasons, options.For(context.Operation)) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// The diagnostic TSA1001–TSA1003 report on a call of, or a method-group reference to, a member of
    /// <paramref name="thread"/>, or null: the one question the analyzer and the overlap suppressor both ask.
    /// </summary>
    internal static Diagnostic? DiagnosticFor(IOperation operation, ISymbol? containingSymbol, INamedTypeSymbol thread, Reasons reasons, RuleOptions options)
    {
        var method = MethodOf(operation);
        DiagnosticDescriptor descriptor;
        string? reason;
        switch (ThreadControl.Of(method, thread))
        {
            case ThreadControlKind.Abort:
                descriptor = Descriptors.DoNotAbortThreads;
                reason = reasons.Abort;
                break;
            case ThreadControlKind.ResetAbort:
                descriptor = Descriptors.DoNotAbortThreads;
                reason = reasons.ResetAbort;
                break;
            case ThreadControlKind.Interrupt:
                descriptor = Descriptors.DoNotInterruptThreads;
                reason = null;
                break;
            case ThreadControlKind.Suspend:
                descriptor = Descriptors.DoNotSuspendThreads;
                reason = reasons.Suspend;
                break;
            case ThreadControlKind.Resume:
                descriptor = Descriptors.DoNotSuspendThreads;
                reason = reasons.Resume;
                break;
            default:
                return null;
        }

        if (CallSites.HasErrors(operation) || CallSites.IsInsideNameOf(operation) || options.IsExcluded(descriptor.Id, containingSymbol))
        {
            return null;
        }

        return Diagnostic.Create(descriptor, DiagnosticLocations.OfExpression(operation.Syntax), "Thread." + method!.Name, reason);
    }

    private static IMethodSymbol? MethodOf(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IMethodReferenceOperation reference => reference.Method,
        _ => null,
    };

    /// <summary>The runtime-specific half of each message, chosen once per compilation.</summary>
    internal sealed class Reasons
    {
        /// <summary>Thread.Abort, ResetAbort, Suspend and Resume throw on every .NET Core, 2.x and 3.x included, and on .NET 5+.</summary>
        private const string Throws = "it throws PlatformNotSupportedException on .NET Core and .NET 5+";

        public Reasons(WellKnownTypes types)
        {
            if (types.NeverRaisesThreadAbort)
            {
                Abort = ResetAbort = Suspend = Resume = Throws;
            }
            else if (types.Runtime == TargetRuntime.NetFramework)
            {
                Abort = "it can stop the thread in a finally block or while it holds a lock";
                ResetAbort = "it keeps running a thread that was aborted at an arbitrary point";
                Suspend = "it can freeze the thread while it holds a lock others need";
                Resume = "it pairs with Thread.Suspend, which can freeze a thread holding a lock";
            }
            else
            {
                // A .NET Standard library runs on both: a reason that holds on each.
                Abort = "it throws on .NET Core and .NET 5+ and stops threads anywhere on .NET Framework";
                ResetAbort = "it throws on .NET Core and .NET 5+ and revives aborted threads on .NET Framework";
                Suspend = "it throws on .NET Core and .NET 5+ and can deadlock on .NET Framework";
                Resume = "it throws on .NET Core and .NET 5+ and pairs with Suspend on .NET Framework";
            }
        }

        public string Abort { get; }

        public string ResetAbort { get; }

        public string Suspend { get; }

        public string Resume { get; }
    }
}
