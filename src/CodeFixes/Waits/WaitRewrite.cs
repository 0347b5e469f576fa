using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// One way of making a TSA2007 wait wake on cancellation, planned for one wait and then written with any token in
/// scope: <see cref="HandleWaitRewrite"/> (<c>WaitOne</c>, <c>WaitAny</c>), <see cref="MonitorWaitRewrite"/>
/// (<c>Monitor.Wait</c>) and <see cref="SpinUntilRewrite"/> (<c>SpinWait.SpinUntil</c>). <see cref="For"/> returns
/// null where no rewrite is sure to keep the code's meaning.
/// </summary>
internal abstract class WaitRewrite
{
    public abstract string Title(TokenInScope token);

    public abstract Task<Document> ApplyAsync(Document document, TokenInScope token, CancellationToken cancellationToken);

    public static WaitRewrite? For(IInvocationOperation wait, InvocationExpressionSyntax invocation, SemanticModel model, ISymbol? member, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (Functions.Innermost(wait, member) is not { } function || IsPoll(wait, types))
        {
            return null;
        }

        return UncancellableWaits.KindOf(wait, types) switch
        {
            BlockingCallKind.WaitHandleWaitOne or BlockingCallKind.WaitHandleWaitAny => HandleWaitRewrite.Plan(wait, invocation, model, function, types, cancellationToken),
            BlockingCallKind.MonitorWait => MonitorWaitRewrite.Plan(wait, invocation, model, function, types, cancellationToken),
            BlockingCallKind.SpinWaitSpinUntil => SpinUntilRewrite.Plan(wait, invocation, model, function, types, cancellationToken),
            _ => null,
        };
    }

    /// <summary>A wait of at most this long in a loop that stops on the token after it is a poll, left as it is.</summary>
    private const int PollMilliseconds = 1000;

    /// <summary>
    /// A wait with a constant timeout of a second or less in a loop that stops on the token itself (MassTransit's
    /// request limiter, naps2's update wait): cancellation is late by one period at most, and waking the wait would
    /// register a callback or build a handle array on every pass. No fix, for every kind of wait.
    /// </summary>
    private static bool IsPoll(IInvocationOperation wait, WellKnownTypes types)
        => Timeouts.Of(wait, types) is { } timeout
            && Timeouts.IsShorterThan(timeout.Value, PollMilliseconds + 1, types)
            && LoopFacts.Enclosing(wait) is { } loop
            && LoopFacts.StopsOnTokenItself(loop, types);

    /// <summary>
    /// How code leaves its work after the wait reports cancellation: async code and code that already throws on
    /// cancellation throw; a loop is left with <c>break</c>; a function with a plain <c>return</c>; anything else has
    /// no quiet exit.
    /// </summary>
    protected static ExitKind ExitFor(IInvocationOperation wait, IMethodSymbol function, WellKnownTypes types)
    {
        if (Functions.IsAsynchronous(function, types) || ThrowsOnCancellation(wait, types))
        {
            return ExitKind.Throw;
        }

        if (LoopFacts.Enclosing(wait) is { } loop)
        {
            return QuietExit.CanBreakOutOf(wait, loop) && QuietExit.BreakEndsWork(loop, testedOnEntry: false, types) ? ExitKind.Break : ExitKind.None;
        }

        return QuietExit.CanReturnFrom(wait, function, types) ? ExitKind.Return : ExitKind.None;
    }

    protected static WaitUse UseOf(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken, out StatementSlot? slot)
    {
        slot = null;
        switch (invocation.Parent)
        {
            case ExpressionStatementSyntax statement:
                slot = new StatementSlot(statement, returnsValue: false);
                return WaitUse.Statement;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }:
                slot = new StatementSlot(declaration, returnsValue: false);
                return WaitUse.Declaration;
            case ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax
                when StatementSlot.Around(invocation, model, cancellationToken) is { IsExpressionBody: true, ReturnsValue: false } body:
                slot = body;
                return WaitUse.Statement;
            default:
                return WaitUse.Value;
        }
    }

    /// <summary>Does the function around the wait already call <c>ThrowIfCancellationRequested</c>?</summary>
    private static bool ThrowsOnCancellation(IOperation wait, WellKnownTypes types)
    {
        return OperationTrees.Find(OperationTrees.FunctionBody(wait), enterNestedFunctions: false, operation => CancellationObservation.IsThrowIfCancellationRequested(operation, types)) is not null;
    }
}
