using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Facts about one loop that the cancellation rules share.</summary>
internal static class LoopFacts
{
    /// <summary>Is <paramref name="node"/> a loop statement: <c>while</c>, <c>do</c>, <c>for</c> or <c>foreach</c>?</summary>
    public static bool IsLoopStatement(SyntaxNode node)
        => node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax;

    /// <summary><c>while (true)</c>, <c>for (;;)</c>, <c>do … while (true)</c>: the condition never ends the loop.</summary>
    public static bool HasNoExitCondition(ILoopOperation loop)
    {
        var condition = ConditionOf(loop);
        if (loop.LoopKind is not (LoopKind.While or LoopKind.For))
        {
            return false;
        }

        return condition is null || condition.ConstantValue is { HasValue: true, Value: true };
    }

    /// <summary>
    /// A <c>while</c> or <c>do</c> loop whose condition steps a counter of its own and compares it
    /// (<c>do { … } while (tries-- &gt; 0)</c>, <c>while (++attempt &lt; max)</c>; one operand of <c>&amp;&amp;</c> is
    /// enough): like a <c>for</c> over a range, it ends on its own after so many passes.
    /// </summary>
    public static bool CountsItsPasses(ILoopOperation loop)
        => loop is IWhileLoopOperation { Condition: { } condition } && StepsACounter(condition);

    private static bool StepsACounter(IOperation condition)
        => OperationTrees.WithoutConversions(condition) is IBinaryOperation binary
            && (binary.OperatorKind == BinaryOperatorKind.ConditionalAnd
                ? StepsACounter(binary.LeftOperand) || StepsACounter(binary.RightOperand)
                : binary.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                    && (IsCounterStep(binary.LeftOperand) || IsCounterStep(binary.RightOperand)));

    private static bool IsCounterStep(IOperation operand)
        => OperationTrees.WithoutConversions(operand) is IIncrementOrDecrementOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation };

    /// <summary>The longest deadline, in milliseconds, that <see cref="EndsWithinShortDeadline"/> counts as short.</summary>
    internal const int ShortDeadlineMilliseconds = 1000;

    /// <summary>
    /// A <c>while</c>, <c>do</c> or <c>for</c> loop whose condition (or one operand of its <c>&amp;&amp;</c>) gives up
    /// once a stopwatch passes a constant of a second or less: <c>sw.Elapsed &lt; Timeout</c>,
    /// <c>sw.ElapsedMilliseconds &lt;= 200</c>, with the limit written out, a <c>const</c>, or a <c>static readonly</c>
    /// field initialized with one (<c>TimeSpan.FromMilliseconds(200)</c>). Such a spin ends by itself within that time,
    /// which is as soon as cancellation would stop it (EventStore waits for its chaser that way).
    /// </summary>
    public static bool EndsWithinShortDeadline(ILoopOperation loop, WellKnownTypes types)
        => ConditionOf(loop) is { } condition && GivesUpAtShortDeadline(condition, types);

    private static bool GivesUpAtShortDeadline(IOperation condition, WellKnownTypes types)
    {
        if (OperationTrees.WithoutConversions(condition) is not IBinaryOperation binary)
        {
            return false;
        }

        switch (binary.OperatorKind)
        {
            case BinaryOperatorKind.ConditionalAnd:
                return GivesUpAtShortDeadline(binary.LeftOperand, types) || GivesUpAtShortDeadline(binary.RightOperand, types);
            case BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual:
                return IsStopwatchReading(binary.LeftOperand, types) && Timeouts.IsShortLimit(binary.RightOperand, ShortDeadlineMilliseconds + 1, types);
            case BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual:
                return IsStopwatchReading(binary.RightOperand, types) && Timeouts.IsShortLimit(binary.LeftOperand, ShortDeadlineMilliseconds + 1, types);
            default:
                return false;
        }
    }

    /// <summary><c>sw.Elapsed</c> or <c>sw.ElapsedMilliseconds</c> of a <c>Stopwatch</c>: readings in the units <see cref="Timeouts"/> reads.</summary>
    private static bool IsStopwatchReading(IOperation operand, WellKnownTypes types)
        => OperationTrees.WithoutConversions(operand) is IPropertyReferenceOperation { Property: { Name: "Elapsed" or "ElapsedMilliseconds", IsStatic: false } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, types.Stopwatch);

    /// <summary>No condition ends it and nothing in it can leave it: only killing its thread stops it, unless it observes a token.</summary>
    public static bool RunsForever(ILoopOperation loop) => HasNoExitCondition(loop) && !CanExit(loop);

    /// <summary>"Runs long": no exit (<see cref="RunsForever"/>) or a wait on every iteration (<see cref="FirstWait"/>).</summary>
    public static bool RunsLong(ILoopOperation loop, WellKnownTypes types) => RunsForever(loop) || FirstWait(loop, types) is not null;

    /// <summary>
    /// Can control leave the loop other than through its condition: a <c>break</c> that targets this loop, a
    /// <c>return</c>, a <c>throw</c>, a <c>goto</c> to a label outside it, or <c>yield break</c>. Nested lambdas and
    /// local functions do not count: their returns end only themselves.
    /// </summary>
    public static bool CanExit(ILoopOperation loop) => CanLeave(loop, loop);

    /// <summary>
    /// Can control leave <paramref name="loop"/> from somewhere in <paramref name="code"/> (part of the loop): the
    /// exits <see cref="CanExit"/> counts, found only in that part.
    /// </summary>
    public static bool CanLeave(IOperation code, ILoopOperation loop)
    {
        var loopSpan = loop.Syntax.Span;
        return OperationTrees.Find(code, enterNestedFunctions: false, operation => operation switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
            IBranchOperation { BranchKind: BranchKind.GoTo } branch => !IsDeclaredWithin(branch.Target, loopSpan),
            IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
            IThrowOperation => true,
            _ => false,
        }) is not null;
    }

    /// <summary>
    /// Does <paramref name="branch"/> (a statement, or a block judged by its last statement) end by leaving
    /// <paramref name="loop"/>: a <c>break</c> that targets it, a <c>return</c>, <c>yield break</c> or <c>throw</c>?
    /// </summary>
    public static bool EndsByLeaving(IOperation? branch, ILoopOperation loop)
    {
        while (branch is IBlockOperation block)
        {
            branch = block.Operations.Length > 0 ? block.Operations[block.Operations.Length - 1] : null;
        }

        if (branch is IExpressionStatementOperation { Operation: IThrowOperation })
        {
            return true;
        }

        return branch switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } jump => SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel),
            IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
            IThrowOperation => true,
            _ => false,
        };
    }

    /// <summary>
    /// Does the loop itself stop once a token is cancelled: its condition tests a token, a test of a token in its body
    /// leaves it (<c>if (token.IsCancellationRequested) { break; }</c>), or it calls <c>ThrowIfCancellationRequested</c>
    /// where no catch inside the loop swallows the exception? A loop that only hands a token to the code it calls
    /// does not: inside a catch-all, that code's exception is lost and the loop goes round again.
    /// </summary>
    public static bool StopsOnTokenItself(ILoopOperation loop, WellKnownTypes types)
    {
        if (ConditionObservesToken(loop, types))
        {
            return true;
        }

        return OperationTrees.Find(loop.Body, enterNestedFunctions: false, operation => operation switch
        {
            IConditionalOperation test when test.WhenTrue is { } whenTrue && CancellationObservation.Of(test.Condition, types) == Observation.Observes
                => EndsByLeaving(whenTrue, loop),
            IInvocationOperation call when CancellationObservation.IsThrowIfCancellationRequested(call, types) => !IsSwallowedWithin(call, loop, types),
            _ => false,
        }) is not null;
    }

    /// <summary>
    /// Is the loop a <c>foreach</c> over a sequence made by a call that is handed a token (<c>StreamData(token)</c>,
    /// <c>reader.ReadAllAsync(token)</c>, <c>source.WithCancellation(token)</c>, through further calls such as
    /// <c>.Where(…)</c>)? The producer is then asked to end the sequence on cancellation. Whether it does is its own
    /// code's business, so this is a reason for a rule to stay silent about the loop's pauses, not for a fix to rely
    /// on the loop ending.
    /// </summary>
    public static bool EnumeratesWithToken(ILoopOperation loop, WellKnownTypes types)
    {
        var source = loop is IForEachLoopOperation forEach ? OperationTrees.WithoutConversions(forEach.Collection) : null;
        while (source is IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && CancellationObservation.IsTokenValue(OperationTrees.WithoutConversions(argument.Value), types))
                {
                    return true;
                }
            }

            source = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            source = source is null ? null : OperationTrees.WithoutConversions(source);
        }

        return false;
    }

    /// <summary>Does the condition of a <c>while</c>, <c>do</c> or <c>for</c> loop check a token?</summary>
    public static bool ConditionObservesToken(ILoopOperation loop, WellKnownTypes types)
        => ConditionOf(loop) is { } condition && CancellationObservation.Of(condition, types) == Observation.Observes;

    /// <summary>The condition of a <c>while</c>, <c>do</c> or <c>for</c> loop; null for a <c>foreach</c> or a <c>for (;;)</c>.</summary>
    private static IOperation? ConditionOf(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation whileLoop => whileLoop.Condition,
        IForLoopOperation forLoop => forLoop.Condition,
        _ => null,
    };

    /// <summary>Is an exception thrown at <paramref name="operation"/> caught, and not thrown on, by a catch inside <paramref name="loop"/>?</summary>
    private static bool IsSwallowedWithin(IOperation operation, ILoopOperation loop, WellKnownTypes types)
    {
        for (IOperation current = operation; current.Parent is { } parent && parent != loop; current = parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Body == current)
            {
                foreach (var catchClause in tryOperation.Catches)
                {
                    if (SwallowedCancellation.CouldCatchCancellation(catchClause.ExceptionType, types)
                        && OperationTrees.Find(catchClause.Handler, enterNestedFunctions: false, handled => handled is IThrowOperation) is null)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The nearest loop around <paramref name="operation"/> in the same function (not across lambdas or local functions), or null.</summary>
    public static ILoopOperation? Enclosing(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                return loop;
            }

            if (OperationTrees.IsNestedFunction(current))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// A drain: <c>while (queue.TryDequeue(out var item))</c> — a <c>while</c> or <c>do</c> loop whose condition is a
    /// <c>Try…</c> call with an <c>out</c> argument, which ends once what it takes from is empty.
    /// </summary>
    public static bool IsDrain(ILoopOperation loop)
    {
        var condition = loop is IWhileLoopOperation whileLoop ? whileLoop.Condition : null;
        while (condition is IConversionOperation conversion)
        {
            condition = conversion.Operand;
        }

        if (condition is not IInvocationOperation { TargetMethod.Name: var name } call || !name.StartsWith("Try", System.StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.RefKind == RefKind.Out)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is the loop the body of a <c>try</c> (in the same function) with a <c>catch</c> of a specific exception type —
    /// not a catch-all, nor <c>ThreadInterruptedException</c> or <c>ThreadAbortException</c>, which a forced stop raises?
    /// An endless reader or consumer there ends by design when what it reads from ends or closes:
    /// <c>BlockingCollection.Take</c> throws <c>InvalidOperationException</c> once the collection completes,
    /// <c>BinaryReader</c> throws <c>EndOfStreamException</c>, a closed listener <c>SocketException</c>.
    /// Also an async accept or read loop with no <c>try</c> at all, waiting on something the code closes elsewhere
    /// (<c>while (true) { await _socket.AcceptAsync(); … }</c> with <c>_socket.Dispose()</c> in the owner's
    /// <c>DisposeAsync</c>): the exception ends the loop and faults its task, which is how the owner stops it.
    /// </summary>
    public static bool EndsByCaughtException(ILoopOperation loop, WellKnownTypes types)
    {
        var anyTry = false;
        IOperation child = loop;
        for (var current = loop.Parent; current is not null && !OperationTrees.IsNestedFunction(current); child = current, current = current.Parent)
        {
            if (current is not ITryOperation tryOperation || tryOperation.Body != child)
            {
                continue;
            }

            anyTry |= tryOperation.Catches.Length > 0;

            foreach (var clause in tryOperation.Catches)
            {
                if (clause.ExceptionType is INamedTypeSymbol { SpecialType: not SpecialType.System_Object } caught
                    && !SymbolEqualityComparer.Default.Equals(caught, types.Exception)
                    && !SymbolEqualityComparer.Default.Equals(caught, types.ThreadInterruptedException)
                    && !SymbolEqualityComparer.Default.Equals(caught, types.ThreadAbortException))
                {
                    return true;
                }

                if (!Rethrows(clause) && WaitsOnSomethingClosedElsewhere(loop))
                {
                    return true;
                }
            }
        }

        return !anyTry
            && IsInAsyncFunction(loop)
            && OperationTrees.Find(loop.Body, enterNestedFunctions: false, operation => operation is ITryOperation { Catches.Length: > 0 }) is null
            && WaitsOnSomethingClosedElsewhere(loop);
    }

    private static bool IsInAsyncFunction(ILoopOperation loop)
        => loop.Syntax.FirstAncestorOrSelf<SyntaxNode>(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) switch
        {
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => false,
        };

    private static bool Rethrows(ICatchClauseOperation clause)
        => OperationTrees.Find(clause.Handler, enterNestedFunctions: false, operation => operation is IThrowOperation) is not null;

    /// <summary>
    /// An accept or read loop inside a <c>try</c> whose handler swallows what ends it: the loop calls or awaits a
    /// method of a local or field (<c>await listener.AcceptTcpClientAsync()</c>) that the same code also stops,
    /// closes or disposes outside the loop (<c>listener.Stop()</c> in a <c>finally</c>, a <c>Dispose</c> of the owner's
    /// function). Closing it is how the owner ends the loop: the call throws and the handler leaves quietly.
    /// </summary>
    private static bool WaitsOnSomethingClosedElsewhere(ILoopOperation loop)
    {
        var root = OperationTrees.Root(loop);
        var loopSpan = loop.Syntax.Span;
        return OperationTrees.Find(loop, enterNestedFunctions: false, operation =>
            operation is IInvocationOperation { Instance: { } instance }
            && Variables.Of(instance) is { } receiver
            && (OperationTrees.Find(root, enterNestedFunctions: true, other =>
                    other is IInvocationOperation { TargetMethod.Name: var name, Instance: { } closed }
                    && IsClosing(name)
                    && !loopSpan.Contains(other.Syntax.Span)
                    && SymbolEqualityComparer.Default.Equals(Variables.Of(closed), receiver)) is not null
                || (receiver is IFieldSymbol field && TypeCloses(field)))
            || (operation is IInvocationOperation call && CalleeWaitsOnClosedField(call, loop))) is not null;
    }

    /// <summary>
    /// One call deep: a method of the same object declared in the same file (<c>await Accept()</c>) that calls a method
    /// of a field the type closes (<c>_socket.AcceptAsync()</c>, <c>_socket.Dispose()</c> in <c>DisposeAsync</c>).
    /// </summary>
    private static bool CalleeWaitsOnClosedField(IInvocationOperation call, ILoopOperation loop)
    {
        if (call.Instance is not (null or IInstanceReferenceOperation)
            || call.TargetMethod.DeclaringSyntaxReferences is not { Length: 1 } references
            || references[0].SyntaxTree != loop.Syntax.SyntaxTree
            || loop.SemanticModel?.GetOperation(references[0].GetSyntax()) is not { } body)
        {
            return false;
        }

        return OperationTrees.Find(body, enterNestedFunctions: false, operation =>
            operation is IInvocationOperation { Instance: { } instance }
            && Variables.Of(instance) is IFieldSymbol field
            && TypeCloses(field)) is not null;
    }

    private static bool IsClosing(string name) => name is "Stop" or "Close" or "Dispose" or "Shutdown" or "Abort";

    /// <summary>Does the field's type (any part) call <c>field.Stop()</c>, <c>this.field.Close()</c>, … (read from its text, as the other members may be in other files)?</summary>
    private static bool TypeCloses(IFieldSymbol field)
    {
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access,
                    }
                    && IsClosing(name)
                    && access.Expression switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == field.Name,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member
                            => member.Name.Identifier.ValueText == field.Name,
                        _ => false,
                    })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A walk over a collection: a synchronous <c>foreach</c> that waits for nothing on its iterations (see
    /// <see cref="FirstWait"/>) and does not consume a <c>BlockingCollection</c>. It ends when the collection does, so a
    /// flag it checks on the way is an early exit, not what stops it.
    /// </summary>
    public static bool IsCollectionWalk(ILoopOperation loop, WellKnownTypes types)
        => loop is IForEachLoopOperation { IsAsynchronous: false }
            && FirstWait(loop, types) is null;

    /// <summary>
    /// Does the loop hand out values with <c>yield return</c>? Then its consumer decides when it stops. Only an iterator
    /// can, so the function the loop is in is asked first (<paramref name="containingMember"/>, the member whose code
    /// holds the loop, when the caller knows it), and the loop is walked only when that function may return a sequence
    /// or an enumerator: most loops are in methods that cannot yield.
    /// </summary>
    public static bool YieldsValues(ILoopOperation loop, ISymbol? containingMember)
        => MayBeInIterator(loop, containingMember)
            && OperationTrees.Find(loop, enterNestedFunctions: false, operation => operation.Kind == OperationKind.YieldReturn) is not null;

    /// <summary>Could the function whose own code holds <paramref name="loop"/> be an iterator? "Yes" where it cannot be told.</summary>
    private static bool MayBeInIterator(ILoopOperation loop, ISymbol? containingMember)
        => Functions.Innermost(loop, containingMember) is not { } function
            || (function.MethodKind != MethodKind.AnonymousFunction && MayBeIteratorType(function.ReturnType));

    /// <summary>Can a function returning <paramref name="type"/> be an iterator: an enumerable or enumerator, generic or not, synchronous or not?</summary>
    private static bool MayBeIteratorType(ITypeSymbol type)
        => type.TypeKind == TypeKind.Error
            || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                or SpecialType.System_Collections_Generic_IEnumerator_T
                or SpecialType.System_Collections_IEnumerable
                or SpecialType.System_Collections_IEnumerator
            || type.Name is "IAsyncEnumerable" or "IAsyncEnumerator";

    /// <summary>
    /// The first wait performed on each iteration — an <c>await</c>, an <c>await foreach</c>, a call from
    /// <see cref="BlockingCalls"/>, or a <c>foreach</c> over <c>BlockingCollection.GetConsumingEnumerable()</c> — in the
    /// condition, body or incrementors (not in nested functions, not in the collection a <c>foreach</c> evaluates once),
    /// described for a message; or null.
    /// In a bounded loop (<c>for</c>, <c>foreach</c>) a wait counts only when it could have been given the token: the
    /// awaited or blocking call has a token parameter or a same-named overload with one, or it is <c>Thread.Sleep</c>.
    /// Awaiting an event handler or a helper that takes no token in a loop over a collection is not a worker loop.
    /// Nor is a <c>foreach</c>, or a <c>for</c> with a condition, whose only wait is in a <c>catch</c>: a retry pause
    /// after a failed write happens on the odd item, not on every pass (Lean writes its test files that way).
    /// </summary>
    public static string? FirstWait(ILoopOperation loop, WellKnownTypes types)
    {
        if (loop is IForEachLoopOperation forEachLoop)
        {
            if (forEachLoop.IsAsynchronous)
            {
                return "await foreach";
            }

            if (BlockingCalls.DescribeBlockingEnumeration(forEachLoop.Collection, types) is { } enumeration)
            {
                return enumeration;
            }
        }

        var reading = loop.LoopKind is LoopKind.For or LoopKind.ForEach
            ? HasNoExitCondition(loop) ? WaitReading.Bounded : WaitReading.BoundedPastCatches
            : WaitReading.Unbounded;
        return FirstWaitIn(loop, reading, whole: false, types);
    }

    /// <summary>
    /// The first wait, in source order, in <paramref name="loop"/>'s condition, body and incrementors (nested functions
    /// skipped) that counts for a loop bounded or not (see <see cref="FirstWait"/>), described; or null. Whole, the loop
    /// itself and a <c>foreach</c>'s collection count too: that is what the loop is to a loop around it. That answer
    /// is the same whichever loop around it asks, so it is found once per loop (<see cref="WaitsInLoops"/>): a loop
    /// in a loop in a loop is walked once, not once per level.
    /// </summary>
    private static string? FirstWaitIn(ILoopOperation loop, WaitReading reading, bool whole, WellKnownTypes types)
    {
        var bounded = reading != WaitReading.Unbounded;
        if (whole && WaitAt(loop, OperationKind.Loop, bounded, types) is { } itself)
        {
            return itself;
        }

        var skipped = whole ? null : (loop as IForEachLoopOperation)?.Collection;
        var pending = OperationStack.Rent();
        foreach (var part in loop.ChildOperations.Reverse())
        {
            if (part != skipped)
            {
                pending.Push(part);
            }
        }

        string? found = null;
        while (pending.Count > 0)
        {
            var operation = pending.Pop();

            // The kind first: a kind is one virtual call, a test for an interface a search of the class's interfaces.
            var kind = operation.Kind;
            if (kind == OperationKind.Loop)
            {
                var nested = (ILoopOperation)operation;
                if (WaitsInLoops.GetValue(nested, _ => new WaitsIn()).Get(nested, reading, types) is { } inNested)
                {
                    found = inNested;
                    break;
                }

                continue;
            }

            if (WaitAt(operation, kind, bounded, types) is { } description)
            {
                found = description;
                break;
            }

            if (!OperationTrees.IsNestedFunction(kind)
                && !(kind == OperationKind.CatchClause && reading == WaitReading.BoundedPastCatches))
            {
                pending.PushChildren(operation);
            }
        }

        pending.Return();
        return found;
    }

    /// <summary>Is <paramref name="operation"/> itself a wait that counts (see <see cref="FirstWait"/>), described; or null.</summary>
    private static string? WaitAt(IOperation operation, OperationKind kind, bool bounded, WellKnownTypes types)
    {
        // Every operation of the loop comes here; only these kinds can wait.
        if (kind is not (OperationKind.Await or OperationKind.Invocation or OperationKind.PropertyReference or OperationKind.Loop))
        {
            return null;
        }

        var description = operation switch
        {
            IAwaitOperation => "await",
            IForEachLoopOperation { IsAsynchronous: true } => "await foreach",
            _ => BlockingCalls.Describe(operation, types),
        };
        return description is not null && bounded && !CouldTakeToken(operation, types) ? null : description;
    }

    /// <summary>The first wait in each loop as a whole (<see cref="FirstWaitIn"/>), for each way a loop around it reads waits.</summary>
    private static readonly ConditionalWeakTable<ILoopOperation, WaitsIn> WaitsInLoops = new();

    /// <summary>How <see cref="FirstWait"/> reads the waits of a loop (and of the loops inside it).</summary>
    private enum WaitReading
    {
        /// <summary><c>while</c>, <c>do</c>: every wait counts.</summary>
        Unbounded,

        /// <summary><c>for (;;)</c>: only waits that could take a token count.</summary>
        Bounded,

        /// <summary><c>foreach</c>, <c>for</c> with a condition: as <see cref="Bounded"/>, and waits in a <c>catch</c> do not count.</summary>
        BoundedPastCatches,
    }

    /// <summary>
    /// One loop's answers, each found on first request. Written without a lock: two threads that both find one write
    /// the same string; <see cref="None"/> stands for "no wait".
    /// </summary>
    private sealed class WaitsIn
    {
        private const string None = "";
        private readonly string?[] _found = new string?[3];

        public string? Get(ILoopOperation loop, WaitReading reading, WellKnownTypes types)
        {
            ref var slot = ref _found[(int)reading];
            var found = Volatile.Read(ref slot);
            if (found is null)
            {
                found = FirstWaitIn(loop, reading, whole: true, types) ?? None;
                Volatile.Write(ref slot, found);
            }

            return found.Length == 0 ? null : found;
        }
    }

    /// <summary>Could this wait have been handed a token: a token parameter, a same-named overload with one, or Thread.Sleep.</summary>
    private static bool CouldTakeToken(IOperation wait, WellKnownTypes types)
    {
        var call = wait switch
        {
            IAwaitOperation awaited => Unwrap(awaited.Operation) as IInvocationOperation,
            IForEachLoopOperation => null,
            _ => wait as IInvocationOperation,
        };

        if (wait is IForEachLoopOperation)
        {
            return true;
        }

        if (call is null)
        {
            return false;
        }

        var method = call.TargetMethod;
        if (BlockingCalls.KindOf(call, types) == BlockingCallKind.ThreadSleep)
        {
            return true;
        }

        // A MemoryStream completes its asynchronous reads and writes at once: nothing is waited for.
        if (types.MemoryStream is not null && SymbolEqualityComparer.Default.Equals(call.Instance?.Type, types.MemoryStream))
        {
            return false;
        }

        return types.HasOverloadTakingToken(method);
    }

    /// <summary>Looks through conversions and <c>ConfigureAwait(…)</c> to the call that produced the awaited task.</summary>
    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                    operation = instance;
                    continue;
                default:
                    return operation;
            }
        }
    }

    private static bool IsDeclaredWithin(ILabelSymbol label, Microsoft.CodeAnalysis.Text.TextSpan span)
        => label.Locations.Length > 0 && span.Contains(label.Locations[0].SourceSpan);
}
