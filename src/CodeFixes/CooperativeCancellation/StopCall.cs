using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>One <c>Abort</c> or <c>Interrupt</c> call on the thread, standing alone as a statement or expression body.</summary>
internal sealed class StopCall
{
    public StopCall(StatementSlot slot, string receiver, bool conditional, bool joinFollows, bool isInterrupt)
    {
        IsInterrupt = isInterrupt;
        Slot = slot;
        Receiver = receiver;
        Conditional = conditional;
        JoinFollows = joinFollows;
    }

    /// <summary>The statement or expression body that is exactly the call.</summary>
    public StatementSlot Slot { get; }

    /// <summary>The thread as the call wrote it: <c>_worker</c>, <c>this._worker</c>, <c>worker</c>.</summary>
    public string Receiver { get; }

    /// <summary><c>_worker?.Abort()</c>.</summary>
    public bool Conditional { get; }

    /// <summary><c>Interrupt()</c> rather than <c>Abort()</c>.</summary>
    public bool IsInterrupt { get; }

    /// <summary>A later statement of the same block already joins the thread (<c>t.Join(1000)</c>, <c>if (!t.Join(…))</c>).</summary>
    public bool JoinFollows { get; }

    /// <summary>Every stop call on <paramref name="symbol"/> in <paramref name="scope"/>; default when one of them cannot be rewritten.</summary>
    public static ImmutableArray<StopCall> AllOn(ISymbol symbol, ImmutableArray<SyntaxNode> scope, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var stops = ImmutableArray.CreateBuilder<StopCall>();
        foreach (var node in scope.SelectMany(s => s.DescendantNodes()))
        {
            if (node is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax)
                || model.GetOperation(node, cancellationToken) is not { } operation)
            {
                continue;
            }

            if (operation is IMethodReferenceOperation reference && StoppableThread.IsStop(reference.Method, types) && Reads(reference.Instance, symbol))
            {
                return default;
            }

            if (operation is not IInvocationOperation call || !StoppableThread.IsStop(call.TargetMethod, types) || !Reads(InstanceOf(call), symbol))
            {
                continue;
            }

            if (StoppableThread.Receiver(call, types) is not { } receiver
                || !SymbolEqualityComparer.Default.Equals(receiver.Symbol, symbol)
                || StatementSlot.Around(receiver.Whole, model, cancellationToken) is not { } slot
                || !(slot.Anchor is ExpressionStatementSyntax statement ? statement.Expression == receiver.Whole : slot.Anchor == receiver.Whole && !slot.ReturnsValue))
            {
                return default;
            }

            var joinFollows = slot.FollowingStatements().Any(s => Joins(s, symbol, model, types, cancellationToken));
            var written = receiver.Whole is ConditionalAccessExpressionSyntax access ? access.Expression
                : ((InvocationExpressionSyntax)receiver.Whole).Expression is MemberAccessExpressionSyntax member ? member.Expression
                : receiver.Instance.Syntax;
            stops.Add(new StopCall(slot, written.ToString(), receiver.Conditional, joinFollows, ThreadControl.Of(call.TargetMethod, types.Thread) == ThreadControlKind.Interrupt));
        }

        return stops.ToImmutable();
    }

    /// <summary>Does <paramref name="statement"/> call <c>Join</c> on the thread (outside nested functions)?</summary>
    private static bool Joins(StatementSyntax statement, ISymbol symbol, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
        => statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<InvocationExpressionSyntax>()
            .Any(i => model.GetOperation(i, cancellationToken) is IInvocationOperation { TargetMethod: { Name: "Join" } method } join
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Thread)
                && Reads(InstanceOf(join), symbol));

    /// <summary>Does <paramref name="instance"/> read <paramref name="symbol"/>, on any object.</summary>
    private static bool Reads(IOperation? instance, ISymbol symbol) => instance switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
        IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, symbol),
        _ => false,
    };

    private static IOperation? InstanceOf(IInvocationOperation call)
        => call.Instance is IConditionalAccessInstanceOperation && call.Parent is IConditionalAccessOperation access ? access.Operation : call.Instance;
}
