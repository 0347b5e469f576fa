using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// The code a started task runs, read one call deep, and the two questions TSA2008 and the fixes that pass a token
/// into work ask of it: does it run long, and does it observe a stop signal? Each question has one answer here.
/// </summary>
internal static class StartedWorkBody
{
    /// <summary>A wait shorter than this (in milliseconds) outside any loop is a pause, not long-running work.</summary>
    private const int ShortWaitMilliseconds = 1000;

    /// <summary>
    /// The code the delegate runs: a lambda's or anonymous method's body; for a method group, or a lambda whose body is
    /// a single call (<c>() => Loop()</c>, <c>async () => await LoopAsync()</c>), the called method's body as
    /// <paramref name="bodyOf"/> finds it (when it finds none, the lambda's own body). Null when it cannot be read: a
    /// delegate from elsewhere, a method group without a body in this compilation or that an override may replace.
    /// </summary>
    /// <param name="worker">The method whose body is returned, or null for the lambda's own body.</param>
    public static IOperation? Of(IDelegateCreationOperation started, Func<IMethodSymbol, IOperation?> bodyOf, out IMethodSymbol? worker)
    {
        worker = null;
        switch (started.Target)
        {
            case IAnonymousFunctionOperation lambda:
                // A call of a method this compilation cannot read leaves the lambda's own body: `() => queue.Take()`.
                if (SingleCall(lambda.Body) is { TargetMethod: var called } && Readable(called) && bodyOf(called.OriginalDefinition) is { } calledBody)
                {
                    worker = called;
                    return calledBody;
                }

                return lambda.Body;
            case IMethodReferenceOperation reference:
                worker = reference.Method;
                return Readable(worker) ? bodyOf(worker.OriginalDefinition) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// "Runs long": the first loop in <paramref name="body"/> (not in nested functions) that has no exit condition
    /// (<c>while (true)</c>, <c>for (;;)</c>), runs without end or waits on every iteration (<see cref="LoopFacts.RunsLong"/>)
    /// and hands out no values, else the first blocking wait or sleep (<see cref="BlockingCalls"/>) outside loops; null when the
    /// work is short. A loop with a condition of its own (<c>while (await reader.WaitToReadAsync())</c>, a
    /// <c>foreach</c> over <c>GetConsumingEnumerable()</c>) ends when its source says so: that is a stop signal too.
    /// </summary>
    public static IOperation? LongPart(IOperation body, WellKnownTypes types)
        => OperationTrees.Find(body, enterNestedFunctions: false, operation => IsLongPart(operation, types));

    /// <summary>
    /// TSA2005's reading of <see cref="LongPart"/>: the first long part that is a loop nothing inside can end
    /// (<see cref="LoopFacts.RunsForever"/>: a <c>while (true)</c> that breaks when its input ends, or when a reply
    /// arrives, ends by itself like a loop with a condition), or a wait that is neither a bounded one
    /// (<see cref="IsShortWait"/>) nor a start gate opened by the code that <paramref name="start"/>s the work
    /// (<see cref="IsStartGate"/>); an endless loop after a pause still counts.
    /// </summary>
    public static IOperation? LongPartBeyondPauses(IOperation body, WellKnownTypes types, IOperation start)
        => OperationTrees.Find(body, enterNestedFunctions: false, operation =>
            IsLongPart(operation, types)
            && (operation is not ILoopOperation loop || LoopFacts.RunsForever(loop))
            && !IsShortWait(operation, types)
            && !IsStartGate(operation, start, types));

    private static bool IsLongPart(IOperation operation, WellKnownTypes types) => operation switch
    {
        ILoopOperation loop => LoopFacts.HasNoExitCondition(loop)
            && LoopFacts.RunsLong(loop, types)
            && !LoopFacts.YieldsValues(loop, containingMember: null)
            && !LoopFacts.EndsByCaughtException(loop, types),
        IInvocationOperation or IPropertyReferenceOperation => BlockingCalls.Describe(operation, types) is not null
            && LoopFacts.Enclosing(operation) is null
            && !IsResultOfCompletedTask(operation),
        _ => false,
    };

    /// <summary>
    /// <c>task.IsCompletedSuccessfully ? task.GetAwaiter().GetResult() : await task</c>: the result of a task the code
    /// has just seen complete is read without blocking (a synchronous fast path).
    /// </summary>
    private static bool IsResultOfCompletedTask(IOperation operation)
    {
        var task = operation switch
        {
            IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter } => awaiter.Instance,
            IPropertyReferenceOperation { Property.Name: "Result" } result => result.Instance,
            _ => null,
        };

        if (task is null)
        {
            return false;
        }

        for (IOperation? child = operation, parent = operation.Parent; parent is not null && !OperationTrees.IsNestedFunction(parent); child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.WhenTrue == child && TestsCompletion(conditional.Condition, task))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does <paramref name="condition"/> read <c>IsCompleted</c> or <c>IsCompletedSuccessfully</c> (property or extension method) of <paramref name="task"/>?</summary>
    private static bool TestsCompletion(IOperation condition, IOperation task)
    {
        var text = task.Syntax.ToString();
        return OperationTrees.Find(condition, enterNestedFunctions: false, operation =>
        {
            var (name, receiver) = operation switch
            {
                IPropertyReferenceOperation property => (property.Property.Name, property.Instance),
                IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } call => (call.TargetMethod.Name, call.Arguments[0].Value),
                _ => (null, null),
            };

            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            return name is "IsCompleted" or "IsCompletedSuccessfully" && receiver is not null && receiver.Syntax.ToString() == text;
        }) is not null;
    }

    /// <summary>
    /// Is the <see cref="LongPart"/> a single bounded wait: a sleep whose length is a constant under a second
    /// (<c>Thread.Sleep(5)</c>, a yield), or a wait for something else that gives itself a timeout, constant or
    /// computed (<c>done.Wait(100)</c>, <c>shutdown.Wait(totalTimeout)</c>)? The work then ends within it. A longer or
    /// computed sleep (the pause is the work), an infinite timeout and a wait without one (<c>Join()</c>, <c>Wait()</c>)
    /// still count as long.
    /// </summary>
    public static bool IsShortWait(IOperation longPart, WellKnownTypes types)
        => longPart is IInvocationOperation wait
            && Timeouts.Of(wait, types) is { } timeout
            && (Timeouts.IsShorterThan(timeout.Value, ShortWaitMilliseconds, types)
                || (BlockingCalls.KindOf(wait, types) != BlockingCallKind.ThreadSleep && !Timeouts.IsInfinite(timeout.Value, types)));

    /// <summary>
    /// Is the <see cref="LongPart"/> a wait on a handle that the member starting the work (<paramref name="start"/>)
    /// signals itself after starting it: an event, semaphore, barrier or countdown in a local, a field, or a member of
    /// either (<c>worker.Finished.WaitOne()</c>)? The wait then ends when its starter says so: a start gate opened once
    /// every worker is running (<c>start.Set()</c>), or the handle the starter sets when it gives up on the work
    /// (Lean's isolator, in the catch around its monitor).
    /// </summary>
    public static bool IsStartGate(IOperation longPart, IOperation start, WellKnownTypes types)
    {
        if (longPart is not IInvocationOperation { Instance: { } gate } || Variables.Of(gate) is null && gate is not (IFieldReferenceOperation or IPropertyReferenceOperation))
        {
            return false;
        }

        // The whole member: the work may be started in a lambda (`Enumerable.Range(…).Select(i => Task.Run(…))`) and
        // the gate opened by the code around it.
        var member = start;
        while (member.Parent is { } parent)
        {
            member = parent;
        }

        var position = start.Syntax.Span.End;
        return OperationTrees.Find(member, enterNestedFunctions: true, operation =>
            operation is IInvocationOperation { TargetMethod.Name: "Set" or "Release" or "Signal" or "SignalAndWait", Instance: { } signalled } signal
            && signal.Syntax.SpanStart >= position
            && Variables.SamePath(signalled, gate)
            && CompletionSignals.WakesWaiter(signal.TargetMethod, types)) is not null;
    }

    /// <summary>Is the <see cref="LongPart"/> a loop that nothing inside it can end (<see cref="LoopFacts.RunsForever"/>)?</summary>
    public static bool NeverEnds(IOperation longPart)
        => longPart is ILoopOperation loop && LoopFacts.RunsForever(loop);

    /// <summary>
    /// "Observes": the work references a token, token source or token carrier (<see cref="CancellationObservation"/>;
    /// code that does not bind counts as observing), or polls a stop signal of its own: a <c>volatile</c> field,
    /// <c>Volatile</c> or <c>Interlocked</c>, or a <c>bool</c> field or property it reads in a loop (a hand-rolled stop
    /// flag; TSA2004 is the rule that asks whether it is synchronized).
    /// </summary>
    public static bool Observes(IOperation body, WellKnownTypes types)
        => CancellationObservation.OfCountingOwnFields(body, types) != Observation.None
            || OperationTrees.Find(body, enterNestedFunctions: true, operation => IsStopSignal(operation, types)) is not null;

    /// <summary>
    /// TSA2008's question for one delegate: the work it starts runs long and observes nothing. The long part is
    /// returned; null when the work is short, observes a stop signal or cannot be read.
    /// </summary>
    /// <param name="startedBy">For TSA2005, the call that starts the work: the long part is then read with
    /// <see cref="LongPartBeyondPauses"/>. Null for TSA2008's <see cref="LongPart"/>.</param>
    public static IOperation? IgnoresTokens(
        IDelegateCreationOperation started, WellKnownTypes types, Func<IMethodSymbol, IOperation?> bodyOf, out IMethodSymbol? worker, IOperation? startedBy = null)
    {
        worker = null;
        if (started.Target is IAnonymousFunctionOperation lambda && Observes(lambda.Body, types))
        {
            return null;
        }

        var body = Of(started, bodyOf, out worker);
        if (body is null || Observes(body, types))
        {
            return null;
        }

        return startedBy is null ? LongPart(body, types) : LongPartBeyondPauses(body, types, startedBy);
    }

    private static bool IsStopSignal(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case IFieldReferenceOperation { Field.IsVolatile: true }:
                return true;
            case IInvocationOperation { TargetMethod.ContainingType: { } type }:
                return SymbolEqualityComparer.Default.Equals(type, types.Volatile) || SymbolEqualityComparer.Default.Equals(type, types.Interlocked);
            case IFieldReferenceOperation or IPropertyReferenceOperation when operation.Type?.SpecialType == SpecialType.System_Boolean:
                return LoopFacts.Enclosing(operation) is not null;
            default:
                return false;
        }
    }

    /// <summary>The method a lambda only calls (<c>() => Loop()</c>, <c>async () => await LoopAsync()</c>), or null.</summary>
    public static IMethodSymbol? OnlyCallOf(IAnonymousFunctionOperation lambda) => SingleCall(lambda.Body)?.TargetMethod;

    /// <summary>A body that only calls one method (and maybe awaits or returns its result).</summary>
    private static IInvocationOperation? SingleCall(IBlockOperation body)
    {
        IOperation? only = null;
        foreach (var statement in body.Operations)
        {
            if (statement is IReturnOperation { ReturnedValue: null, IsImplicit: true })
            {
                continue;
            }

            if (only is not null)
            {
                return null;
            }

            only = statement;
        }

        var value = only switch
        {
            IExpressionStatementOperation expression => expression.Operation,
            IReturnOperation { ReturnedValue: { } returned } => returned,
            _ => null,
        };

        while (true)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                    value = instance;
                    continue;
                case IInvocationOperation call:
                    return call;
                default:
                    return null;
            }
        }
    }

    /// <summary>A method whose body is the one that runs: not abstract, not virtual, not an override a subclass may replace.</summary>
    private static bool Readable(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
            && !method.IsAbstract
            && !method.IsVirtual
            && !method.IsExtern
            && !(method.IsOverride && !method.IsSealed && !method.ContainingType.IsSealed);
}
