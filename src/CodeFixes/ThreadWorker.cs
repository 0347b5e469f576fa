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
        ImmutableArray<string> abortHandlers)
    {
        Lambda = lambda;
        MethodSymbol = methodSymbol;
        Method = method;
        Loops = loops;
        AbortHandlers = abortHandlers;
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

    public static ThreadWorker? Of(IObjectCreationOperation creation, INamedTypeSymbol type, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        switch (StartOf(creation))
        {
            case IAnonymousFunctionOperation lambda when ForwardedCall(lambda) is not { } call || OwnMethod(call.TargetMethod, call.Instance, type) is null:
                return lambda.Syntax is AnonymousFunctionExpressionSyntax syntax ? Create(syntax, null, null, syntax.Body, model, types, cancellationToken) : null;
            default:
                if (MethodOf(creation, type) is not { } method
                    || AddCancellationParameter.TargetFor(method, model, cancellationToken) is not { } declaration)
                {
                    return null;
                }

                return Create(null, method, declaration, declaration, model, types, cancellationToken);
        }
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
        AnonymousFunctionExpressionSyntax? lambda, IMethodSymbol? methodSymbol, SyntaxNode? method, SyntaxNode body, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var loops = ImmutableArray.CreateBuilder<(StatementSyntax, LoopCheckForm)>();
        var handlers = new List<string>();
        foreach (var node in body.DescendantNodesAndSelf(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is StatementSyntax loop && LoopChecks.IsLoop(node)
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

        return new ThreadWorker(lambda, methodSymbol, method, loops.ToImmutable(), handlers.ToImmutableArray());
    }

    /// <summary>
    /// A loop that keeps the thread alive: one TSA2001 would report once the token is in scope (no exit, or a wait on
    /// every iteration), or an outermost <c>while</c>/<c>do</c> loop (<c>while (_running)</c>) — unless it already
    /// observes a token or hands out values with <c>yield return</c>.
    /// </summary>
    private static bool NeedsCheck(ILoopOperation loop, bool outermost, WellKnownTypes types)
        => !LoopFacts.YieldsValues(loop)
            && CancellationObservation.Of(loop, types) == Observation.None
            && (LoopFacts.RunsForever(loop) || LoopFacts.FirstWait(loop, types) is not null || (outermost && loop.LoopKind == LoopKind.While));

    private static bool IsOutermost(SyntaxNode loop, SyntaxNode body)
        => !loop.Ancestors().TakeWhile(a => a != body).Any(LoopChecks.IsLoop);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown)
        => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type, wellKnown);
}
