using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// Another analyzer, measured from outside: it forwards <see cref="Initialize"/> and every registration, and wraps each
/// registered callback in the CPU clock of the thread that runs it (<see cref="CpuClock.ThreadNanoseconds"/>). So
/// <see cref="Time"/> counts the work done inside the callbacks, and not the time a callback spent waiting for a core,
/// which the driver's execution-time stopwatch also counts.
/// <para>
/// Hollow, it is the floor of the same analyzer: start actions (compilation, symbol, operation block, code block) still
/// run the analyzer's own code, untimed, so exactly the same callbacks get registered; every other callback reads the
/// clock twice and does nothing. What the floor measures is the cost of being called and timed, which the real run
/// pays too.
/// </para>
/// <para>
/// The start contexts it hands the analyzer are built with Roslyn's public constructors, which do not carry
/// <c>IsGeneratedCode</c>, the filter span or the control-flow-graph cache; the corpus mode checks that the wrapped
/// analyzers report exactly what the bare ones do.
/// </para>
/// </summary>
#pragma warning disable RS1012, RS1025, RS1026 // The wrapper forwards what the analyzer it wraps registers and configures.
#pragma warning disable CS0618 // The only public constructors of the start contexts are obsolete for analyzers, not for a wrapper.
internal sealed class CpuTimedAnalyzer : DiagnosticAnalyzer
{
    private readonly bool _hollow;
    private long _nanoseconds;

    public CpuTimedAnalyzer(DiagnosticAnalyzer inner, bool hollow)
    {
        Inner = inner;
        _hollow = hollow;
    }

    public DiagnosticAnalyzer Inner { get; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    /// <summary>Thread CPU time spent in callbacks since the last <see cref="Reset"/>.</summary>
    public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _nanoseconds) / 100);

    public void Reset() => Interlocked.Exchange(ref _nanoseconds, 0);

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new Context(context, this));

    /// <summary>A leaf callback: timed, or (hollow) a timed nothing.</summary>
    private Action<T> Leaf<T>(Action<T> action)
    {
        if (_hollow)
        {
            return _ => Charge(CpuClock.ThreadNanoseconds());
        }

        return argument =>
        {
            var start = CpuClock.ThreadNanoseconds();
            try
            {
                action(argument);
            }
            finally
            {
                Charge(start);
            }
        };
    }

    /// <summary>A start callback: it registers the analyzer's other callbacks, so it always runs, and is timed unless hollow.</summary>
    private Action<T> Start<T>(Action<T> action) => _hollow ? action : Leaf(action);

    private void Charge(long start) => Interlocked.Add(ref _nanoseconds, CpuClock.ThreadNanoseconds() - start);

    private sealed class Context(AnalysisContext inner, CpuTimedAnalyzer owner) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(owner.Start<CompilationStartAnalysisContext>(start => action(new CompilationStart(start, owner))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(owner.Leaf(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Leaf(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => inner.RegisterSymbolAction(owner.Leaf(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(owner.Start<SymbolStartAnalysisContext>(start => action(new SymbolStart(start, owner))), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction(owner.Start<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(start => action(new CodeBlockStart<TLanguageKindEnum>(start, owner))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Leaf(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Leaf(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(owner.Leaf(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Leaf(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(owner.Leaf(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => inner.RegisterOperationBlockStartAction(owner.Start<OperationBlockStartAnalysisContext>(start => action(new OperationBlockStart(start, owner))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(owner.Leaf(action));
    }

    private sealed class CompilationStart(CompilationStartAnalysisContext inner, CpuTimedAnalyzer owner)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(owner.Leaf(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Leaf(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => inner.RegisterSymbolAction(owner.Leaf(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => inner.RegisterSymbolStartAction(owner.Start<SymbolStartAnalysisContext>(start => action(new SymbolStart(start, owner))), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction(owner.Start<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(start => action(new CodeBlockStart<TLanguageKindEnum>(start, owner))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Leaf(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Leaf(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(owner.Leaf(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Leaf(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(owner.Leaf(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => inner.RegisterOperationBlockStartAction(owner.Start<OperationBlockStartAnalysisContext>(start => action(new OperationBlockStart(start, owner))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(owner.Leaf(action));
    }

    private sealed class SymbolStart(SymbolStartAnalysisContext inner, CpuTimedAnalyzer owner)
        : SymbolStartAnalysisContext(inner.Symbol, inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => inner.RegisterSymbolEndAction(owner.Leaf(action));

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => inner.RegisterCodeBlockStartAction(owner.Start<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(start => action(new CodeBlockStart<TLanguageKindEnum>(start, owner))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Leaf(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Leaf(action), syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => inner.RegisterOperationBlockStartAction(owner.Start<OperationBlockStartAnalysisContext>(start => action(new OperationBlockStart(start, owner))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(owner.Leaf(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(owner.Leaf(action), operationKinds);
    }

    private sealed class OperationBlockStart(OperationBlockStartAnalysisContext inner, CpuTimedAnalyzer owner)
        : OperationBlockStartAnalysisContext(inner.OperationBlocks, inner.OwningSymbol, inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterOperationBlockEndAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockEndAction(owner.Leaf(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(owner.Leaf(action), operationKinds);
    }

    private sealed class CodeBlockStart<TLanguageKindEnum>(CodeBlockStartAnalysisContext<TLanguageKindEnum> inner, CpuTimedAnalyzer owner)
        : CodeBlockStartAnalysisContext<TLanguageKindEnum>(inner.CodeBlock, inner.OwningSymbol, inner.SemanticModel, inner.Options, inner.CancellationToken)
        where TLanguageKindEnum : struct
    {
        public override void RegisterCodeBlockEndAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockEndAction(owner.Leaf(action));

        public override void RegisterSyntaxNodeAction(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Leaf(action), syntaxKinds);
    }
}
