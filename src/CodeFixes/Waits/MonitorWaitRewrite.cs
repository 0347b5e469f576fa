using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// "Wake the wait on cancellation" for <c>Monitor.Wait(gate)</c> inside <c>lock (gate)</c>: right before the lock,
/// <c>using var registration = token.Register(() => { lock (gate) { Monitor.PulseAll(gate); } });</c>.
/// <para>
/// A pulse only helps a waiter that then sees the cancellation, and one sent before the waiter waits is lost. So the
/// token must be tested under the lock before every wait and after every wake: either the wait sits in a loop inside
/// the lock whose condition, tested first, checks the token (then the registration is all), or the fix tests it
/// itself, right before the wait (unless the statement before already leaves on cancellation) and, unless the wait ends the body of such a loop, right after it, leaving with
/// <c>token.ThrowIfCancellationRequested()</c> in async or token-throwing code, <c>break</c> out of a loop around the
/// lock, or <c>return</c> from a function with no loop around the lock (or one that ends the function).
/// </para>
/// Not offered when the locked object could change (a field that is not read-only, a local written again), when the
/// wait is not in a <c>lock</c> on that object in the same function, or inside another lock on it (disposing the
/// registration there could wait for a callback that waits for the lock).
/// </summary>
internal sealed class MonitorWaitRewrite : WaitRewrite
{
    private const string RegistrationName = "registration";

    private readonly LockStatementSyntax _lock;
    private readonly ExpressionSyntax _pulseAll;
    private readonly StatementSlot? _waitSlot;
    private readonly ExitKind _exit;
    private readonly bool _checkBefore;
    private readonly bool _checkAfter;
    private readonly string _registration;

    private MonitorWaitRewrite(LockStatementSyntax lockStatement, ExpressionSyntax pulseAll, StatementSlot? waitSlot, ExitKind exit, bool checkAfter, string registration, bool checkBefore = false)
    {
        _checkBefore = checkBefore;
        _lock = lockStatement;
        _pulseAll = pulseAll;
        _waitSlot = waitSlot;
        _exit = exit;
        _checkAfter = checkAfter;
        _registration = registration;
    }

    public override string Title(TokenInScope token) => $"Wake the wait on cancellation: '{token.Name}'";

    public static MonitorWaitRewrite? Plan(IInvocationOperation wait, InvocationExpressionSyntax invocation, SemanticModel model, IMethodSymbol function, WellKnownTypes types, CancellationToken cancellationToken)
    {
        // The registration is a using declaration (C# 8).
        if (invocation.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 }
            || UncancellableWaits.WaitedOn(wait, BlockingCallKind.MonitorWait) is not { } gate
            || !IsStable(gate, wait)
            || LockOn(gate, wait) is not { Syntax: LockStatementSyntax lockStatement } lockOperation
            || LockOn(gate, lockOperation) is not null)
        {
            return null;
        }

        var pulseAll = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName("PulseAll")),
            IdentifierNameSyntax => SyntaxFactory.IdentifierName("PulseAll"),
            _ => (ExpressionSyntax?)null,
        };
        if (pulseAll is null)
        {
            return null;
        }

        // A poll of a second or less in a loop that stops on the token is left alone before this (WaitRewrite.For).
        var loop = LoopFacts.Enclosing(wait);
        var registration = UniqueNames.UniqueName(RegistrationName, UniqueNames.NameScope(lockStatement));
        var loopInsideLock = loop is not null && IsWithin(loop, lockOperation);
        if (loopInsideLock && loop is IWhileLoopOperation { ConditionIsTop: true } or IForLoopOperation && LoopFacts.ConditionObservesToken(loop!, types))
        {
            return new MonitorWaitRewrite(lockStatement, pulseAll.WithoutTrivia(), waitSlot: null, ExitKind.None, checkAfter: false, registration);
        }

        if (UseOf(invocation, model, cancellationToken, out var slot) != WaitUse.Statement || slot is not { IsExpressionBody: false })
        {
            return null;
        }

        var exit = ExitFor(wait, function, types);
        if (loopInsideLock && exit != ExitKind.Throw)
        {
            // A break would only leave the loop that waits, and the work would go on as if the wait had ended
            // normally. A return leaves the work where no loop is around the lock, or the one around it is the
            // function's last statement.
            var around = LoopFacts.Enclosing(lockOperation);
            exit = (around is null || (around.Syntax is StatementSyntax aroundStatement && QuietExit.EndsFunction(aroundStatement))) && QuietExit.CanReturnFrom(wait, function, types)
                ? ExitKind.Return
                : ExitKind.None;
        }

        if (exit == ExitKind.None)
        {
            return null;
        }

        var waitStatement = (StatementSyntax)slot.Anchor;
        var checkAfter = loopInsideLock
            ? !EndsBodyOf(waitStatement, loop!)
            : !(exit == ExitKind.Return && QuietExit.EndsFunction(waitStatement));
        return new MonitorWaitRewrite(lockStatement, pulseAll.WithoutTrivia(), slot, exit, checkAfter, registration, !LeavesOnTokenRightBefore(waitStatement, model, types, cancellationToken));
    }

    /// <summary>
    /// Does the statement before the wait already leave on cancellation — <c>if (token.IsCancellationRequested) { return; }</c>
    /// or <c>token.ThrowIfCancellationRequested();</c>, as a loop check of TSA2001's fix writes it?
    /// </summary>
    private static bool LeavesOnTokenRightBefore(StatementSyntax wait, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (wait.Parent is not BlockSyntax block || block.Statements.IndexOf(wait) is not (> 0 and var index))
        {
            return false;
        }

        switch (block.Statements[index - 1])
        {
            case IfStatementSyntax { Else: null } check
                when IsJump(check.Statement) || (check.Statement is BlockSyntax { Statements.Count: 1 } body && IsJump(body.Statements[0])):
                return model.GetOperation(check.Condition, cancellationToken) is { } condition && CancellationObservation.Of(condition, types) == Observation.Observes;
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }:
                return model.GetOperation(call, cancellationToken) is { } operation && CancellationObservation.IsThrowIfCancellationRequested(operation, types);
            default:
                return false;
        }
    }

    public override async Task<Document> ApplyAsync(Document document, TokenInScope token, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var gate = _lock.Expression.WithoutTrivia().ToString();
        var registration = SyntaxFactory.ParseStatement(
            $"using var {_registration} = {token.TokenExpression}.Register(() => {{ lock ({gate}) {{ {_pulseAll}({gate}); }} }});");
        if (_waitSlot is { } slot)
        {
            var tokenExpression = SyntaxFactory.ParseExpression(token.TokenExpression);
            var check = _exit == ExitKind.Throw
                ? QuietExit.Leave(_exit, tokenExpression)
                : QuietExit.IfThenLeave(SyntaxFactory.ParseExpression(token.IsCancellationRequestedExpression), _exit, tokenExpression);
            check = check.WithAdditionalAnnotations(Formatter.Annotation);
            slot.Surround(editor, _checkBefore ? new[] { check } : System.Array.Empty<StatementSyntax>(), _checkAfter ? new[] { check } : System.Array.Empty<StatementSyntax>());
        }

        new StatementSlot(_lock, returnsValue: false).InsertBefore(editor, new[] { registration });
        return editor.GetChangedDocument();
    }

    private static bool IsJump(StatementSyntax statement) => statement is ReturnStatementSyntax or BreakStatementSyntax or ThrowStatementSyntax;

    /// <summary>
    /// An object the registration's callback will find as the wait found it: <c>this</c>, a read-only field of this
    /// instance or a static one, or a parameter or local nothing assigns after its declaration.
    /// </summary>
    private static bool IsStable(IOperation gate, IOperation wait)
    {
        switch (gate)
        {
            case IInstanceReferenceOperation:
                return true;
            case IFieldReferenceOperation field:
                return field.Field.IsReadOnly && (field.Field.IsStatic || field.Instance is IInstanceReferenceOperation);
            case ILocalReferenceOperation { Local: { IsRef: false } local }:
                return !IsWritten(local, wait);
            case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }:
                return !IsWritten(parameter, wait);
            default:
                return false;
        }
    }

    private static bool IsWritten(ISymbol variable, IOperation wait)
        => OperationTrees.Find(OperationTrees.Root(wait), enterNestedFunctions: true, operation => operation switch
        {
            IAssignmentOperation assignment => SameVariable(assignment.Target, variable),
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => SameVariable(argument.Value, variable),
            IIncrementOrDecrementOperation step => SameVariable(step.Target, variable),
            _ => false,
        }) is not null;

    private static bool SameVariable(IOperation operation, ISymbol variable)
        => SymbolEqualityComparer.Default.Equals(Variables.Of(operation), variable);

    /// <summary>The nearest <c>lock</c> around <paramref name="inner"/>, in the same function, that locks <paramref name="gate"/>'s object.</summary>
    private static ILockOperation? LockOn(IOperation gate, IOperation inner)
    {
        for (var current = inner.Parent; current is not null && !OperationTrees.IsNestedFunction(current); current = current.Parent)
        {
            if (current is ILockOperation lockOperation && SameObject(OperationTrees.WithoutConversions(lockOperation.LockedValue), gate))
            {
                return lockOperation;
            }
        }

        return null;
    }

    /// <summary>The same <c>this</c>, or the same local, parameter or field of this object (or static field).</summary>
    private static bool SameObject(IOperation a, IOperation b)
        => (a, b) is (IInstanceReferenceOperation, IInstanceReferenceOperation)
            || (Variables.Of(a) is { } variable && SymbolEqualityComparer.Default.Equals(variable, Variables.Of(b)));

    private static bool IsWithin(IOperation inner, IOperation outer)
    {
        for (var current = inner.Parent; current is not null; current = current.Parent)
        {
            if (current == outer)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="statement"/> the loop's body, or the last statement of its block body?</summary>
    private static bool EndsBodyOf(StatementSyntax statement, ILoopOperation loop)
    {
        var body = loop.Syntax switch
        {
            WhileStatementSyntax whileStatement => whileStatement.Statement,
            DoStatementSyntax doStatement => doStatement.Statement,
            ForStatementSyntax forStatement => forStatement.Statement,
            CommonForEachStatementSyntax forEach => forEach.Statement,
            _ => null,
        };

        return body == statement || (body is BlockSyntax block && block.Statements.LastOrDefault() == statement);
    }
}
