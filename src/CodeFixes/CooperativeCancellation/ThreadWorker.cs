using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The code a <c>new Thread(X)</c> runs, when a fix can hand it a token: a lambda or anonymous method (it captures
/// the token), or a method or local function of the same type — named as a method group, or called by a lambda that
/// does nothing else (<c>() => Run()</c>) — whose signature can take a <c>CancellationToken</c> parameter.
/// </summary>
internal sealed class ThreadWorker
{
    private ThreadWorker(
        AnonymousFunctionExpressionSyntax? lambda,
        IMethodSymbol? methodSymbol,
        SyntaxNode? method,
        ImmutableArray<(StatementSyntax Loop, LoopCheckForm Form)> loops,
        ImmutableArray<string> abortHandlers,
        WorkerWaits waits,
        IParameterSymbol? existingToken,
        InvocationExpressionSyntax? forwardedCall)
    {
        Lambda = lambda;
        MethodSymbol = methodSymbol;
        Method = method;
        Loops = loops;
        AbortHandlers = abortHandlers;
        Waits = waits.ToRewrite.ToImmutable();
        HasUnfixableWait = waits.Unfixable;
        ContinuesAfterInterrupt = waits.ContinuesAfterInterrupt;
        ExistingToken = existingToken;
        ForwardingCall = forwardedCall;
        ReadsExistingToken = waits.ReadsExistingToken;
    }

    /// <summary>The lambda or anonymous method the thread runs, or null for a method worker.</summary>
    public AnonymousFunctionExpressionSyntax? Lambda { get; }

    public IMethodSymbol? MethodSymbol { get; }

    /// <summary>The method or local function declaration that gets the parameter, or null for a lambda worker.</summary>
    public SyntaxNode? Method { get; }

    /// <summary>
    /// The loops of the worker's own body (not of functions nested in it) that must observe the token, and how: an
    /// outermost loop ends (<see cref="LoopCheckForm.Quiet"/>); a loop nested in another returns from the worker
    /// (<see cref="LoopCheckForm.Return"/>), since after a <c>break</c> the outer loop would carry on as if it had
    /// ended normally.
    /// </summary>
    public ImmutableArray<(StatementSyntax Loop, LoopCheckForm Form)> Loops { get; }

    /// <summary>What in the worker still handles the old way of stopping: <c>catch (ThreadAbortException)</c>, <c>Thread.ResetAbort()</c>, <c>catch (ThreadInterruptedException)</c>.</summary>
    public ImmutableArray<string> AbortHandlers { get; }

    /// <summary>
    /// The worker's own waits that ignore every token and that the fix makes wait on the new one: <c>Thread.Sleep(x);</c>
    /// statements (as TSA2006's fix rewrites them) and <c>WaitOne</c>, <c>WaitAny</c>, <c>Monitor.Wait</c> and
    /// <c>SpinUntil</c> calls (as TSA2007's fix does; where it has no rewrite, the whole fix is not offered).
    /// </summary>
    public ImmutableArray<SyntaxNode> Waits { get; }

    /// <summary>
    /// The worker blocks somewhere a cancelled token cannot end: <c>Console.ReadLine()</c>, <c>WaitAll</c>, a
    /// <c>Join</c>, a sleep or wait in a nested function, a sleep that is not a statement of its own. After the fix
    /// <c>Cancel()</c> would leave it blocked, so no fix is offered.
    /// </summary>
    public bool HasUnfixableWait { get; }

    /// <summary>
    /// A catch inside one of the worker's loops takes <c>ThreadInterruptedException</c> (or a base of it) and carries on
    /// with the loop: an <c>Interrupt()</c> wakes the thread rather than stopping it.
    /// </summary>
    public bool ContinuesAfterInterrupt { get; }

    /// <summary>
    /// The <c>CancellationToken</c> parameter the worker method already has (as TSA2002's fix adds it), which the
    /// thread's start does not pass yet; the fix passes the thread's token to it instead of adding a parameter.
    /// </summary>
    public IParameterSymbol? ExistingToken { get; }

    /// <summary>For <see cref="ExistingToken"/>: the call of the worker in <c>new Thread(() => Run())</c>, which gets the token.</summary>
    public InvocationExpressionSyntax? ForwardingCall { get; }

    /// <summary>For <see cref="ExistingToken"/>: the worker's body reads the parameter.</summary>
    public bool ReadsExistingToken { get; }

    /// <summary>Once fixed, does the worker read the thread's token anywhere (a loop check, a wait, its existing parameter)? Otherwise <c>Cancel()</c> would reach nothing.</summary>
    public bool ObservesTokenOnceFixed => Loops.Length > 0 || Waits.Length > 0 || ReadsExistingToken;

    public static ThreadWorker? Of(IObjectCreationOperation creation, INamedTypeSymbol type, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        switch (StartOf(creation))
        {
            case IAnonymousFunctionOperation lambda when ForwardedCall(lambda) is not { } call || OwnMethod(call.TargetMethod, call.Instance, type) is null:
                return lambda.Syntax is AnonymousFunctionExpressionSyntax syntax ? Create(syntax, null, null, syntax.Body, model, types, cancellationToken) : null;
            default:
                if (MethodOf(creation, type) is not { } method)
                {
                    return null;
                }

                if (ParameterTargets.TargetFor(method, model, cancellationToken) is { } declaration)
                {
                    return Create(null, method, declaration, declaration, model, types, cancellationToken);
                }

                return WithExistingToken(creation, method, model, types, cancellationToken);
        }
    }

    /// <summary>
    /// A worker method that already takes one <c>CancellationToken</c> — <c>new Thread(() => Run())</c> with
    /// <c>void Run(CancellationToken cancellationToken = default)</c>, what TSA2002's fix writes — whose start lets it
    /// default: the start can pass the thread's token.
    /// </summary>
    private static ThreadWorker? WithExistingToken(IObjectCreationOperation creation, IMethodSymbol method, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (StartOf(creation) is not IAnonymousFunctionOperation lambda
            || ForwardedCall(lambda) is not { Syntax: InvocationExpressionSyntax callSyntax } call
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not { } declaration
            || declaration is not (MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null }
                or LocalFunctionStatementSyntax { Body: not null } or LocalFunctionStatementSyntax { ExpressionBody: not null }))
        {
            return null;
        }

        var tokens = method.Parameters.Where(p => SymbolEqualityComparer.Default.Equals(p.Type, types.CancellationToken)).ToList();
        if (tokens.Count != 1 || method.Parameters.Any(p => p.IsParams || (types.IsCancellationType(p.Type) && !SymbolEqualityComparer.Default.Equals(p, tokens[0])))
            || call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, tokens[0])) is not { ArgumentKind: ArgumentKind.DefaultValue })
        {
            return null;
        }

        return Create(null, method, declaration, declaration, model, types, cancellationToken, tokens[0], callSyntax);
    }

    /// <summary>The method of <paramref name="type"/> that <paramref name="creation"/> runs, named directly or through a forwarding lambda; else null.</summary>
    public static IMethodSymbol? MethodOf(IObjectCreationOperation creation, INamedTypeSymbol type) => StartOf(creation) switch
    {
        IMethodReferenceOperation reference => OwnMethod(reference.Method, reference.Instance, type),
        IAnonymousFunctionOperation lambda when ForwardedCall(lambda) is { } call => OwnMethod(call.TargetMethod, call.Instance, type),
        _ => null,
    };

    /// <summary>The <c>ThreadStart</c> or <c>ParameterizedThreadStart</c> target: <c>new Thread(X)</c>, <c>new Thread(new ThreadStart(X))</c>.</summary>
    private static IOperation? StartOf(IObjectCreationOperation creation)
        => creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value is IDelegateCreationOperation start ? start.Target : null;

    /// <summary>The one call a lambda makes and nothing else: <c>() => Run()</c>, <c>state => { Run(state); }</c>.</summary>
    private static IInvocationOperation? ForwardedCall(IAnonymousFunctionOperation lambda)
    {
        var statements = lambda.Body.Operations.Where(o => o is not IReturnOperation { ReturnedValue: null, IsImplicit: true }).ToList();
        return statements.Count == 1 && statements[0] is IExpressionStatementOperation { Operation: IInvocationOperation call } ? call : null;
    }

    private static IMethodSymbol? OwnMethod(IMethodSymbol method, IOperation? instance, INamedTypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition)
            && (instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            ? method
            : null;

    private static ThreadWorker Create(
        AnonymousFunctionExpressionSyntax? lambda,
        IMethodSymbol? methodSymbol,
        SyntaxNode? method,
        SyntaxNode body,
        SemanticModel model,
        WellKnownTypes types,
        CancellationToken cancellationToken,
        IParameterSymbol? existingToken = null,
        InvocationExpressionSyntax? forwardedCall = null)
    {
        var loops = ImmutableArray.CreateBuilder<(StatementSyntax, LoopCheckForm)>();
        var handlers = new List<string>();
        var waits = new WorkerWaits();
        foreach (var node in body.DescendantNodesAndSelf())
        {
            waits.Add(node, body, existingToken, model, types, cancellationToken);
        }

        foreach (var node in body.DescendantNodesAndSelf(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is StatementSyntax loop && LoopFacts.IsLoopStatement(node)
                && model.GetOperation(loop, cancellationToken) is ILoopOperation operation
                && IsOutermost(loop, body) is var outermost
                && NeedsCheck(operation, outermost, types))
            {
                loops.Add((loop, outermost ? LoopCheckForm.Quiet : LoopCheckForm.Return));
            }

            var handler = node switch
            {
                CatchDeclarationSyntax { Type: var caught } when Is(model.GetTypeInfo(caught, cancellationToken).Type, types.ThreadAbortException) => "catch (ThreadAbortException)",
                CatchDeclarationSyntax { Type: var caught } when Is(model.GetTypeInfo(caught, cancellationToken).Type, types.ThreadInterruptedException) => "catch (ThreadInterruptedException)",
                InvocationExpressionSyntax when model.GetSymbolInfo(node, cancellationToken).Symbol is IMethodSymbol { Name: "ResetAbort" } reset
                    && Is(reset.ContainingType, types.Thread) => "Thread.ResetAbort()",
                _ => null,
            };

            if (handler is not null && !handlers.Contains(handler))
            {
                handlers.Add(handler);
            }
        }

        return new ThreadWorker(lambda, methodSymbol, method, loops.ToImmutable(), handlers.ToImmutableArray(), waits, existingToken, forwardedCall);
    }

    /// <summary>
    /// A loop that keeps the thread alive: one TSA2001 would report once the token is in scope (no exit, or a wait on
    /// every iteration), or an outermost <c>while</c>/<c>do</c> loop (<c>while (_running)</c>) — unless it already
    /// observes a token or hands out values with <c>yield return</c>.
    /// </summary>
    private static bool NeedsCheck(ILoopOperation loop, bool outermost, WellKnownTypes types)
        => !LoopFacts.YieldsValues(loop, containingMember: null)
            && CancellationObservation.Of(loop, types) == Observation.None
            && (LoopFacts.RunsForever(loop) || LoopFacts.FirstWait(loop, types) is not null || (outermost && loop.LoopKind == LoopKind.While));

    private static bool IsOutermost(SyntaxNode loop, SyntaxNode body)
        => !loop.Ancestors().TakeWhile(a => a != body).Any(LoopFacts.IsLoopStatement);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown)
        => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type, wellKnown);
    /// <summary>What the worker's body blocks in and how it handles interrupts, gathered in one walk.</summary>
    private sealed class WorkerWaits
    {
        public ImmutableArray<SyntaxNode>.Builder ToRewrite { get; } = ImmutableArray.CreateBuilder<SyntaxNode>();

        public bool Unfixable { get; private set; }

        public bool ContinuesAfterInterrupt { get; private set; }

        public bool ReadsExistingToken { get; private set; }

        public void Add(SyntaxNode node, SyntaxNode body, IParameterSymbol? existingToken, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case IdentifierNameSyntax name when existingToken is not null
                    && name.Identifier.ValueText == existingToken.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, existingToken):
                    ReadsExistingToken = true;
                    break;
                case CatchClauseSyntax catchClause when !ContinuesAfterInterrupt
                    && IsInLoop(catchClause, body)
                    && CatchesInterrupt(catchClause, model, types, cancellationToken)
                    && model.AnalyzeControlFlow(catchClause.Block) is { Succeeded: true, EndPointIsReachable: true }:
                    ContinuesAfterInterrupt = true;
                    break;
                case InvocationExpressionSyntax invocation when model.GetOperation(invocation, cancellationToken) is IInvocationOperation call:
                    AddCall(invocation, call, body, types);
                    break;
                case CommonForEachStatementSyntax forEach when model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation loop
                    && BlockingCalls.DescribeBlockingEnumeration(loop.Collection, types) is not null
                    && !PassesToken(OperationTrees.WithoutConversions(loop.Collection) as IInvocationOperation, types):
                    Unfixable = true;
                    break;
            }
        }

        private void AddCall(InvocationExpressionSyntax invocation, IInvocationOperation call, SyntaxNode body, WellKnownTypes types)
        {
            var nested = invocation.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
            if (SleepAnalyzer.IsSleep(call, types))
            {
                if (call.Arguments.Length == 1 && Timeouts.IsZero(call.Arguments[0].Value, types))
                {
                    return;
                }

                if (!nested && call.Arguments.Length == 1 && invocation.ArgumentList.Arguments.Count == 1 && invocation.Parent is ExpressionStatementSyntax statement)
                {
                    ToRewrite.Add(statement);
                }
                else
                {
                    Unfixable = true;
                }

                return;
            }

            var waitKind = UncancellableWaits.KindOf(call, types);
            if (waitKind != BlockingCallKind.None)
            {
                if (UncancellableWaits.MayObserveToken(call, waitKind, types))
                {
                    return;
                }

                if (!nested && waitKind is not BlockingCallKind.WaitHandleWaitAll)
                {
                    ToRewrite.Add(invocation);
                }
                else
                {
                    Unfixable = true;
                }

                return;
            }

            if ((BlockingCalls.KindOf(call, types) != BlockingCallKind.None || IsBlockingRead(call.TargetMethod, types)) && !PassesToken(call, types))
            {
                Unfixable = true;
            }
        }

        private static bool PassesToken(IInvocationOperation? call, WellKnownTypes types)
            => call is not null && call.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && types.IsCancellationType(a.Value.Type));

        /// <summary>Reads and accepts that block until input comes and take no token: the console, readers, streams, sockets, listeners.</summary>
        private static bool IsBlockingRead(IMethodSymbol method, WellKnownTypes types)
        {
            var name = method.Name;
            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                var blocking = WellKnownTypes.Is(type, types.Console) || WellKnownTypes.Is(type, types.TextReader)
                    ? name.StartsWith("Read", System.StringComparison.Ordinal) && !name.EndsWith("Async", System.StringComparison.Ordinal)
                    : WellKnownTypes.Is(type, types.Stream) ? name is "Read" or "ReadByte" or "CopyTo" or "ReadExactly" or "ReadAtLeast"
                    : WellKnownTypes.Is(type, types.Socket) ? name is "Accept" or "Receive" or "ReceiveFrom" or "ReceiveMessageFrom"
                    : WellKnownTypes.Is(type, types.TcpListener) ? name is "AcceptSocket" or "AcceptTcpClient"
                    : WellKnownTypes.Is(type, types.UdpClient) ? name is "Receive"
                    : WellKnownTypes.Is(type, types.HttpListener) && name is "GetContext";
                if (blocking)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInLoop(SyntaxNode node, SyntaxNode body)
        {
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor == body || ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (LoopFacts.IsLoopStatement(ancestor))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CatchesInterrupt(CatchClauseSyntax catchClause, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
        {
            if (catchClause.Declaration is not { } declaration)
            {
                return true;
            }

            var caught = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
            for (ITypeSymbol? type = types.ThreadInterruptedException; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, caught))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
