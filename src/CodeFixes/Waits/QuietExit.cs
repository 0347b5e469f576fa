using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The quiet exits the wait fixes (TSA2006, TSA2007) put after a wait that cancellation ends: where a <c>break</c> or a
/// plain <c>return</c> is allowed and reaches what it should, and the statements that leave.
/// </summary>
internal static class QuietExit
{
    /// <summary>
    /// Is there, between <paramref name="operation"/> and <paramref name="until"/> (or the function's body), a
    /// <c>finally</c> block — which no jump may leave — or, with <paramref name="stopAtSwitch"/>, a <c>switch</c>
    /// that a <c>break</c> would end instead of the loop?
    /// </summary>
    public static bool Crosses(IOperation operation, IOperation? until, bool stopAtSwitch)
    {
        for (IOperation current = operation; current.Parent is { } parent && parent != until; current = parent)
        {
            if (OperationTrees.IsNestedFunction(parent))
            {
                return false;
            }

            if (parent is ITryOperation tryOperation && tryOperation.Finally == current)
            {
                return true;
            }

            if (stopAtSwitch && parent is ISwitchOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Can a <c>break</c> at <paramref name="operation"/> leave <paramref name="loop"/>: not swallowed by a switch, not leaving a finally block?</summary>
    public static bool CanBreakOutOf(IOperation operation, ILoopOperation loop) => !Crosses(operation, loop, stopAtSwitch: true);

    /// <summary>
    /// Does leaving <paramref name="loop"/> quietly (a <c>break</c>, or a condition that turns false) end the work it is
    /// part of? Outside other loops it does: what follows is the function's way out. Inside another loop of the same
    /// function, the outer loop must not go on with other work after cancellation (confluent-kafka-dotnet's produce-retry
    /// loop sits in a consume loop that commits the transaction after it): nothing may follow the inner loop in the
    /// outer loop's body, and the outer loop must stop on the token itself, unless the inner loop is all its body and
    /// <paramref name="testedOnEntry"/> (a loop check, tested before anything else on each pass, so every further outer
    /// pass only re-enters the inner loop and leaves it at once).
    /// </summary>
    public static bool BreakEndsWork(ILoopOperation loop, bool testedOnEntry, WellKnownTypes types)
    {
        var followed = false;
        var alone = true;
        for (IOperation current = loop; current.Parent is { } parent && !OperationTrees.IsNestedFunction(parent); current = parent)
        {
            switch (parent)
            {
                case ILoopOperation outer:
                    if (followed || !((alone && testedOnEntry) || LoopFacts.StopsOnTokenItself(outer, types)))
                    {
                        return false;
                    }

                    // The outer loop ends at its own test; what matters now is what follows it.
                    alone = true;
                    break;
                case IBlockOperation block when block.Operations.IndexOf(current) is var index && index >= 0:
                    followed |= index < block.Operations.Length - 1;
                    alone &= block.Operations.Length == 1;
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// A plain <c>return;</c> compiles in void functions (not iterators, which cannot be void) and in async functions
    /// returning <c>Task</c> or <c>ValueTask</c>; constructors and finalizers are left to finish their work.
    /// </summary>
    public static bool CanReturnPlainly(IMethodSymbol function, WellKnownTypes types)
    {
        if (function.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor)
        {
            // Returning early would hand out a half-built object (or skip finalization).
            return false;
        }

        if (function.ReturnsVoid)
        {
            return true;
        }

        return function.IsAsync
            && (SymbolEqualityComparer.Default.Equals(function.ReturnType, types.Task)
                || SymbolEqualityComparer.Default.Equals(function.ReturnType, types.ValueTask));
    }

    /// <summary>Can a plain <c>return;</c> at <paramref name="operation"/> leave <paramref name="function"/> (no finally block in between)?</summary>
    public static bool CanReturnFrom(IOperation operation, IMethodSymbol function, WellKnownTypes types)
        => CanReturnPlainly(function, types) && !Crosses(operation, until: null, stopAtSwitch: false);

    /// <summary>
    /// Is <paramref name="statement"/> the last thing its function does: the last statement of the body, or of a block,
    /// <c>lock</c>, <c>using</c> or branch of an <c>if</c> that is? A <c>return;</c> right after it would be redundant.
    /// </summary>
    public static bool EndsFunction(StatementSyntax statement) => After(statement).EndsFunction;

    /// <summary>Is the next thing the function does after <paramref name="statement"/> a <c>return</c> or <c>yield return</c>?</summary>
    public static bool ReturnsNext(StatementSyntax statement) => After(statement).Next is ReturnStatementSyntax or YieldStatementSyntax;

    /// <summary>
    /// What runs after <paramref name="statement"/> completes, walking out of blocks, <c>lock</c>, <c>using</c>,
    /// <c>checked</c> and <c>if</c>: the end of the function, the next statement of a block, or neither (the walk
    /// reached a loop, a <c>try</c>, a switch section or anything else whose next step it does not follow).
    /// </summary>
    private static (bool EndsFunction, StatementSyntax? Next) After(StatementSyntax statement)
    {
        for (SyntaxNode current = statement; ;)
        {
            switch (current.Parent)
            {
                case BlockSyntax block:
                    var index = block.Statements.IndexOf((StatementSyntax)current);
                    if (index + 1 < block.Statements.Count)
                    {
                        return (false, block.Statements[index + 1]);
                    }

                    if (block.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax)
                    {
                        return (true, null);
                    }

                    current = block;
                    break;
                case LockStatementSyntax or UsingStatementSyntax or CheckedStatementSyntax or IfStatementSyntax:
                    current = current.Parent;
                    break;
                case ElseClauseSyntax { Parent: { } ifStatement }:
                    current = ifStatement;
                    break;
                default:
                    return (false, null);
            }
        }
    }

    /// <summary><c>break;</c>, <c>return;</c> or <c>token.ThrowIfCancellationRequested();</c>.</summary>
    public static StatementSyntax Leave(ExitKind kind, ExpressionSyntax token) => kind switch
    {
        ExitKind.Break => SyntaxFactory.BreakStatement(),
        ExitKind.Return => SyntaxFactory.ReturnStatement(),
        _ => SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, token, SyntaxFactory.IdentifierName("ThrowIfCancellationRequested")))),
    };

    /// <summary><c>if (condition) { leave; }</c>.</summary>
    public static IfStatementSyntax IfThenLeave(ExpressionSyntax condition, ExitKind kind, ExpressionSyntax token)
        => SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(Leave(kind, token)));
}
