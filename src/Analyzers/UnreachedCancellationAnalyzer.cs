using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// Cancellation that never reaches the work.
/// TSA2008: a token handed to <c>Task.Run</c>, <c>StartNew</c> or <c>new Task</c> whose work runs long and never observes it.
/// TSA2010: a <c>CancellationTokenSource</c> a type keeps to itself, feeds to its work, and never cancels.
/// Both are judged per type: the calls and field references are gathered while the type's members are analyzed (a
/// worker method may be declared in another file of a partial type), the verdicts given when the type is done.
/// Options: <c>excluded_symbol_names</c>; TSA2008 asks TSA2001's own options where TSA2001 already reports the loop.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class UnreachedCancellationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.StartedWorkIgnoresToken,
        Descriptors.SourceNeverCancelled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            if (types.CancellationToken is null || types.CancellationTokenSource is null || types.Task is null)
            {
                return;
            }

            var options = new AnalyzerOptionsReader(start.Options);
            var wakers = new UncancellableWaits.WakerCalls();
            start.RegisterSymbolStartAction(symbolStart => AnalyzeType(symbolStart, types, options, wakers), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, WellKnownTypes types, AnalyzerOptionsReader options, UncancellableWaits.WakerCalls wakers)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var gathered = new Gathered();
        context.RegisterOperationAction(c => CollectStart(c, gathered, types), OperationKind.Invocation, OperationKind.ObjectCreation);
        if (type.DeclaringSyntaxReferences.Length > 1)
        {
            // A worker of a partial type may be declared in another file than its start; a type declared once has every
            // method in the start's own file, where StartedWork.BodyInSameFile reads it, so only these keep bodies.
            context.RegisterOperationBlockAction(c =>
            {
                if (c.OwningSymbol is IMethodSymbol method && c.OperationBlocks.Length == 1)
                {
                    gathered.AddBody(method.OriginalDefinition, c.OperationBlocks[0]);
                }
            });
        }

        var sources = OwnedTokenSources.For(type, types);
        if (sources is not null)
        {
            context.RegisterOperationAction(c => sources.RecordReference((IFieldReferenceOperation)c.Operation, types), OperationKind.FieldReference);
            context.RegisterOperationAction(c => sources.RecordInitializer((IFieldInitializerOperation)c.Operation, types), OperationKind.FieldInitializer);
        }

        context.RegisterSymbolEndAction(end =>
        {
            // Every type of the compilation ends here, and few have a candidate start: no enumerator for the rest.
            if (gathered.HasStarts)
            {
                foreach (var start in gathered.Starts)
                {
                    ReportIgnoredToken(end, start, gathered, types, options, wakers);
                }
            }

            if (sources is null)
            {
                return;
            }

            foreach (var field in sources.NeverCancelled(end.CancellationToken))
            {
                var location = field.Locations[0];
                if (!options.IsExcluded(DiagnosticIds.SourceNeverCancelled, location, field))
                {
                    end.ReportDiagnostic(Diagnostic.Create(Descriptors.SourceNeverCancelled, location, field.Name));
                }
            }
        });
    }

    /// <summary>A call that starts a task with a real token, kept until the type's worker bodies are all known.</summary>
    private static void CollectStart(OperationAnalysisContext context, Gathered gathered, WellKnownTypes types)
    {
        var work = context.Operation switch
        {
            IInvocationOperation call => StartedWork.Match(call, types),
            IObjectCreationOperation creation => StartedWork.MatchCreation(creation, types),
            _ => null,
        };

        if (work is { } started && IsCandidate(started, types) is { } token)
        {
            gathered.AddStart(new Start(started, token, context.ContainingSymbol));
        }
    }

    /// <summary>The token a start call passes when TSA2008 has a question to ask of it (a task, a real token, code that binds); else null.</summary>
    internal static IOperation? IsCandidate(StartedWork work, WellKnownTypes types)
        => work is { StartsATask: true, TokenUse: TokenUse.Passed }
            && work.PassedToken(types) is { } token
            && !work.Call.Syntax.ContainsDiagnostics
            && !work.HasErrors()
            && !StartedWork.IsInExpressionTree(work.Call, types)
                ? token
                : null;

    private static void ReportIgnoredToken(
        SymbolAnalysisContext context, Start start, Gathered bodies, WellKnownTypes types, AnalyzerOptionsReader options, UncancellableWaits.WakerCalls wakers)
    {
        var call = start.Work.Call;
        var treeOptions = options.For(call.Syntax.SyntaxTree);
        if (IgnoredPart(start.Work, start.ContainingSymbol, types, treeOptions, wakers, method => BodyOf(method, bodies, call), out _) is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.StartedWorkIgnoresToken, DiagnosticLocations.OfExpression(call.Syntax), start.Work.ApiName, start.Token.Syntax.ToString()));
        }
    }

    /// <summary>
    /// How many TSA2008 the analyzer reports at the start calls inside <paramref name="span"/>, each judged as the type's
    /// end judges it, with the worker bodies <paramref name="bodyOf"/> gives (the type's own, or the call's file's). The
    /// fixes' diagnostic check asks this for a changed member instead of analyzing its whole type. TSA2010 stands on a
    /// field declaration, never in a member body, so it is not counted here.
    /// </summary>
    internal static int IgnoredTokensIn(SemanticModel model, TextSpan span, RuleOptions treeOptions, Func<IMethodSymbol, IOperation, IOperation?> bodyOf, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        if (types.CancellationToken is null || types.CancellationTokenSource is null || types.Task is null)
        {
            return 0;
        }

        var count = 0;
        var wakers = new UncancellableWaits.WakerCalls();
        foreach (var node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes(span))
        {
            if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax) || !span.Contains(node.Span))
            {
                continue;
            }

            var work = model.GetOperation(node, cancellationToken) switch
            {
                IInvocationOperation call => StartedWork.Match(call, types),
                IObjectCreationOperation creation => StartedWork.MatchCreation(creation, types),
                _ => null,
            };

            if (work is not { } started || IsCandidate(started, types) is null)
            {
                continue;
            }

            var member = Functions.ContainingMember(model.GetEnclosingSymbol(node.SpanStart, cancellationToken));
            if (IgnoredPart(started, member, types, treeOptions, wakers, method => bodyOf(method, started.Call), out _) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// TSA2008's verdict on a candidate start (<see cref="IsCandidate"/>), asked by the analyzer and by the fixes that
    /// pass tokens alike: the long part of the work it starts when that work ignores the token and no other rule of
    /// ours already reports the same problem; else null.
    /// </summary>
    /// <param name="worker">The method the work calls, when the long part is in it; null for the lambda's own body.</param>
    internal static IOperation? IgnoredPart(
        StartedWork work,
        ISymbol? containingSymbol,
        WellKnownTypes types,
        RuleOptions treeOptions,
        UncancellableWaits.WakerCalls wakers,
        Func<IMethodSymbol, IOperation?> bodyOf,
        out IMethodSymbol? worker)
    {
        worker = null;
        var delegates = work.StartedDelegates();
        if (delegates.Length != 1
            || StartedWorkBody.IgnoresTokens(delegates[0], types, bodyOf, out worker) is not { } longPart
            || StartedWorkBody.IsStartGate(longPart, work.Call, types)
            || (worker is null && ReportedByAnotherRule(delegates[0], longPart, containingSymbol, types, treeOptions, wakers))
            || treeOptions.IsExcluded(DiagnosticIds.StartedWorkIgnoresToken, containingSymbol))
        {
            return null;
        }

        return longPart;
    }

    /// <summary>
    /// One problem, one warning: TSA2001 already reports a loop of the started lambda itself, or the long part is a
    /// sleep or wait of the lambda itself that TSA2006 or TSA2007 reports (their fixes make it end on the token).
    /// </summary>
    private static bool ReportedByAnotherRule(
        IDelegateCreationOperation started, IOperation longPart, ISymbol? containingSymbol, WellKnownTypes types, RuleOptions treeOptions, UncancellableWaits.WakerCalls wakers)
        => started.Target is IAnonymousFunctionOperation lambda
            && ((longPart is IInvocationOperation call
                    && (SleepAnalyzer.DiagnosticFor(call, containingSymbol, types, treeOptions) is not null
                        || UncancellableWaitAnalyzer.DiagnosticFor(call, containingSymbol, types, treeOptions, wakers) is not null))
                || Reasoning.OperationTrees.Find(lambda.Body, enterNestedFunctions: false, operation =>
                    operation is ILoopOperation loop && LoopCancellationAnalyzer.ReportsUnobservedToken(loop, containingSymbol, types, treeOptions)) is not null);

    /// <summary>
    /// A worker's body: gathered from the type's own members (any file of a partial type), or read from the call's own
    /// file (a local function, a method of another type declared there); anything else cannot be read.
    /// </summary>
    private static IOperation? BodyOf(IMethodSymbol method, Gathered bodies, IOperation call)
    {
        method = method.PartialImplementationPart ?? method;
        if (bodies.Body(method) is { } body)
        {
            return body;
        }

        return StartedWork.BodyInSameFile(method, call);
    }

    /// <summary>
    /// What the callbacks of one type gather for its end: the candidate starts, which few types have (so the queue is
    /// made on the first), and the body of each method. Every type of the compilation gets one, so it is light.
    /// </summary>
    private sealed class Gathered
    {
        private ConcurrentQueue<Start>? _starts;
        private Dictionary<IMethodSymbol, IOperation>? _bodies;

        public bool HasStarts => Volatile.Read(ref _starts) is not null;

        public IEnumerable<Start> Starts => (IEnumerable<Start>?)Volatile.Read(ref _starts) ?? Array.Empty<Start>();

        public void AddStart(Start start)
        {
            if (Volatile.Read(ref _starts) is not { } starts)
            {
                Interlocked.CompareExchange(ref _starts, new ConcurrentQueue<Start>(), null);
                starts = _starts;
            }

            starts.Enqueue(start);
        }

        /// <summary>The first body recorded for a method wins.</summary>
        public void AddBody(IMethodSymbol method, IOperation body)
        {
            lock (this)
            {
                _bodies ??= new Dictionary<IMethodSymbol, IOperation>(SymbolEqualityComparer.Default);
                if (!_bodies.ContainsKey(method))
                {
                    _bodies.Add(method, body);
                }
            }
        }

        public IOperation? Body(IMethodSymbol method)
        {
            lock (this)
            {
                return _bodies is not null && _bodies.TryGetValue(method, out var body) ? body : null;
            }
        }
    }

    private sealed class Start
    {
        public Start(StartedWork work, IOperation token, ISymbol? containingSymbol)
        {
            Work = work;
            Token = token;
            ContainingSymbol = containingSymbol;
        }

        public StartedWork Work { get; }

        public IOperation Token { get; }

        public ISymbol? ContainingSymbol { get; }
    }
}
