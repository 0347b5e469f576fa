using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>The APIs that start background work and accept a token.</summary>
internal enum StartKind
{
    TaskRun,
    StartNew,
    ParallelFor,
    ParallelForEach,
    ParallelInvoke,
    ParallelForEachAsync,

    /// <summary><c>new Task(…)</c> / <c>new Task&lt;T&gt;(…)</c>: work that runs once someone calls <c>Start</c>.</summary>
    NewTask,
}

/// <summary>Whether a call that starts work already says something about cancellation.</summary>
internal enum TokenUse
{
    /// <summary>An overload without a token, or <c>new ParallelOptions { … }</c> without <c>CancellationToken</c>.</summary>
    Missing,

    /// <summary>A token is passed (even <c>CancellationToken.None</c> or <c>default</c>: a deliberate choice).</summary>
    Passed,

    /// <summary><c>ParallelOptions</c> that come from elsewhere: whether they carry a token cannot be told.</summary>
    Unknown,
}

/// <summary>
/// A call of <c>Task.Run</c>, <c>Task.Factory.StartNew</c> / <c>TaskFactory.StartNew</c>, <c>Parallel.For</c>,
/// <c>Parallel.ForEach</c>, <c>Parallel.Invoke</c> or <c>Parallel.ForEachAsync</c>, or a <c>new Task(…)</c>: what it
/// starts and whether it passes a token.
/// </summary>
internal readonly struct StartedWork
{
    private StartedWork(IOperation call, ImmutableArray<IArgumentOperation> arguments, StartKind kind, TokenUse tokenUse, IObjectCreationOperation? options)
    {
        Call = call;
        Arguments = arguments;
        Kind = kind;
        TokenUse = tokenUse;
        OptionsCreation = options;
    }

    /// <summary>The invocation, or for <see cref="StartKind.NewTask"/> the object creation.</summary>
    public IOperation Call { get; }

    public ImmutableArray<IArgumentOperation> Arguments { get; }

    public StartKind Kind { get; }

    public TokenUse TokenUse { get; }

    /// <summary>The <c>new ParallelOptions { … }</c> argument, when there is one.</summary>
    public IObjectCreationOperation? OptionsCreation { get; }

    /// <summary>How a message names the API: <c>Task.Run</c>, <c>Parallel.For</c>, …</summary>
    public string ApiName => Kind switch
    {
        StartKind.TaskRun => "Task.Run",
        StartKind.StartNew => "TaskFactory.StartNew",
        StartKind.ParallelFor => "Parallel.For",
        StartKind.ParallelForEach => "Parallel.ForEach",
        StartKind.ParallelInvoke => "Parallel.Invoke",
        StartKind.NewTask => "new Task",
        _ => "Parallel.ForEachAsync",
    };

    /// <summary><c>Task.Run</c>, <c>StartNew</c> and <c>new Task</c>: one delegate, started as a task (not a <c>Parallel</c> loop).</summary>
    public bool StartsATask => Kind is StartKind.TaskRun or StartKind.StartNew or StartKind.NewTask;

    /// <summary>
    /// The token argument when it is a real token (not <c>CancellationToken.None</c>, <c>default</c> or
    /// <c>new CancellationToken()</c>), or null.
    /// </summary>
    public IOperation? PassedToken(WellKnownTypes types)
    {
        foreach (var argument in Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.CancellationToken)
                && CancellationObservation.IsTokenValue(Unwrap(argument.Value), types))
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary><c>new Task(action, token)</c>, <c>new Task&lt;T&gt;(function, state, token)</c> and the other constructors.</summary>
    public static StartedWork? MatchCreation(IObjectCreationOperation creation, WellKnownTypes types)
    {
        var type = creation.Type?.OriginalDefinition;
        if (creation.Constructor is null
            || !(SymbolEqualityComparer.Default.Equals(type, types.Task) || SymbolEqualityComparer.Default.Equals(type, types.TaskOfT)))
        {
            return null;
        }

        var tokenUse = TokenUse.Missing;
        foreach (var argument in creation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.CancellationToken))
            {
                tokenUse = TokenUse.Passed;
            }
        }

        return new StartedWork(creation, creation.Arguments, StartKind.NewTask, tokenUse, null);
    }

    public static StartedWork? Match(IInvocationOperation call, WellKnownTypes types)
    {
        // The name first: every call of the compilation comes here, and a string test is cheaper than a type test.
        var method = call.TargetMethod;
        StartKind kind;
        switch (method.Name)
        {
            case "Run":
                kind = StartKind.TaskRun;
                break;
            case "StartNew":
                kind = StartKind.StartNew;
                break;
            case "For":
                kind = StartKind.ParallelFor;
                break;
            case "ForEach":
                kind = StartKind.ParallelForEach;
                break;
            case "Invoke":
                kind = StartKind.ParallelInvoke;
                break;
            case "ForEachAsync":
                kind = StartKind.ParallelForEachAsync;
                break;
            default:
                return null;
        }

        var type = method.ContainingType?.OriginalDefinition;
        var declared = kind switch
        {
            StartKind.TaskRun => SymbolEqualityComparer.Default.Equals(type, types.Task),
            StartKind.StartNew => SymbolEqualityComparer.Default.Equals(type, types.TaskFactory) || SymbolEqualityComparer.Default.Equals(type, types.TaskFactoryOfT),
            _ => SymbolEqualityComparer.Default.Equals(type, types.Parallel),
        };
        if (!declared)
        {
            return null;
        }

        var tokenUse = TokenUse.Missing;
        IObjectCreationOperation? options = null;
        foreach (var argument in call.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (SymbolEqualityComparer.Default.Equals(parameterType, types.CancellationToken))
            {
                tokenUse = TokenUse.Passed;
            }
            else if (SymbolEqualityComparer.Default.Equals(parameterType, types.ParallelOptions))
            {
                options = Unwrap(argument.Value) as IObjectCreationOperation;
                tokenUse = options is null ? TokenUse.Unknown : SetsToken(options) ? TokenUse.Passed : TokenUse.Missing;
            }
        }

        return new StartedWork(call, call.Arguments, kind, tokenUse, options);
    }

    /// <summary>Does an argument not bind (error types, invalid operations)? Then nothing can be said about the call.</summary>
    public bool HasErrors()
    {
        foreach (var argument in Arguments)
        {
            if (argument.Value.Kind == OperationKind.Invalid || argument.Value.Type?.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the operation part of a lambda converted to an expression tree, which is data, not code that runs?</summary>
    public static bool IsInExpressionTree(IOperation operation, WellKnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current.Type is { } type && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.Expression))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The delegates the call starts: lambdas, anonymous methods or method groups (for <c>Parallel.Invoke</c>, each action).</summary>
    public ImmutableArray<IDelegateCreationOperation> StartedDelegates()
    {
        var builder = ImmutableArray.CreateBuilder<IDelegateCreationOperation>();
        foreach (var argument in Arguments)
        {
            Collect(builder, argument.Value);
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// Does a started lambda already use one of <paramref name="tokens"/> (<c>Task.Run(() => PollAsync(token))</c>,
    /// <c>Task.Run(() => cts.Cancel())</c>), or is a method of one (<c>Task.Run(cts.Cancel)</c>)? Then the work
    /// cooperates with that token already.
    /// </summary>
    public bool DelegatesUse(ImmutableArray<TokenInScope> tokens)
    {
        foreach (var started in StartedDelegates())
        {
            if ((started.Target is IAnonymousFunctionOperation lambda && References(lambda.Body, tokens))
                || (started.Target is IMethodReferenceOperation { Instance: { } instance } && References(instance, tokens)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is one of <paramref name="tokens"/> handed to the call in some other role, such as <c>StartNew</c>'s <c>state</c>? That is a mix-up worth reporting.</summary>
    public bool PassesTokenAsOtherArgument(ImmutableArray<TokenInScope> tokens)
    {
        foreach (var argument in Arguments)
        {
            if (Unwrap(argument.Value) is not IDelegateCreationOperation && References(argument.Value, tokens))
            {
                return true;
            }
        }

        return false;
    }

    private static bool References(IOperation code, ImmutableArray<TokenInScope> tokens)
        => OperationTrees.Find(code, enterNestedFunctions: true, operation =>
        {
            var symbol = operation switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };

            if (symbol is null)
            {
                return false;
            }

            foreach (var token in tokens)
            {
                if (SymbolEqualityComparer.Default.Equals(token.Symbol, symbol))
                {
                    return true;
                }
            }

            return false;
        }) is not null;

    /// <summary>
    /// Does every started delegate observe nothing? A lambda is read directly; a method group only when its body is in
    /// the same file (anything else is unknown, and unknown counts as observing: stay silent).
    /// </summary>
    public bool StartsOnlyUncancellableWork(WellKnownTypes types)
    {
        var delegates = StartedDelegates();
        foreach (var started in delegates)
        {
            if (ObservationOf(started, types) != Observation.None)
            {
                return false;
            }
        }

        return !delegates.IsEmpty;
    }

    /// <summary>
    /// TSA2005's question, which its fix asks too: is this uncancellable work that runs long, started where it should
    /// take a stop signal? Every started delegate observes nothing (<see cref="StartsOnlyUncancellableWork"/>) and one
    /// runs long as TSA2008 judges it (<see cref="StartedWorkBody.IgnoresTokens"/>: a loop with no exit condition that
    /// waits or never ends, or a blocking wait), where a single wait shorter than a second and a start gate its starter
    /// opens do not count (<see cref="StartedWorkBody.LongPartBeyondPauses"/>). Work with neither — an event dispatch, a save, a short pause, a
    /// loop over a collection or one that ends when its channel completes or its flag is set — ends by itself. Silent
    /// as well: <c>Main</c>; work that completes something else (<see cref="CompletesOtherWork"/>); work started on a
    /// shutdown path (<see cref="CleanupCode.IsOnShutdownPath"/>); and in a test method, anything short of a loop
    /// that never ends (a test's bounded sleeps and loops are deliberate, an endless producer outlives the test).
    /// </summary>
    public bool NeedsAStopSignal(ISymbol? containingSymbol, WellKnownTypes types)
    {
        var member = Functions.ContainingMember(containingSymbol);
        if (types.IsEntryPoint(member) || !StartsOnlyUncancellableWork(types))
        {
            return false;
        }

        IOperation? longPart = null;
        var call = Call;
        foreach (var started in StartedDelegates())
        {
            if (StartedWorkBody.IgnoresTokens(started, types, method => BodyInSameFile(method, call), out _, startedBy: call) is { } part)
            {
                longPart = part;
                break;
            }
        }

        return longPart is not null
            && !(Functions.IsTestMethod(member) && !StartedWorkBody.NeverEnds(longPart))
            && !CompletesOtherWork(types)
            && !CleanupCode.IsOnShutdownPath(Call, member, types);
    }

    /// <summary>
    /// TSA2003's silences that do not depend on which token is in scope: work whose job is to complete something else
    /// (<see cref="CompletesOtherWork"/>), work started on a shutdown path (<see cref="CleanupCode.IsOnShutdownPath"/>),
    /// in a <c>catch</c> of the cancellation or in a callback of a token that fired
    /// (<see cref="CancellationHandlers"/>). Handing the token to such work would keep it from ever running.
    /// </summary>
    public bool MustRunWithoutToken(ISymbol? containingSymbol, WellKnownTypes types)
        => CancellationHandlers.IsInCancellationCatch(Call, types)
            || CancellationHandlers.IsInCancellationCallback(Call, types)
            || CleanupCode.IsOnShutdownPath(Call, containingSymbol, types)
            || CompletesOtherWork(types)
            || OnlyReleases();

    /// <summary>
    /// Is every started lambda cleanup that only disposes or closes something, maybe after awaiting a gate
    /// (<c>Task.Run(async () => { await go.Task; client.Dispose(); })</c>)? Given the token, it would not run once
    /// cancellation is requested, and what it should release stays open.
    /// </summary>
    public bool OnlyReleases()
    {
        var any = false;
        foreach (var started in StartedDelegates())
        {
            if (started.Target is not IAnonymousFunctionOperation lambda)
            {
                return false;
            }

            var releases = false;
            var otherWork = OperationTrees.Find(lambda.Body, enterNestedFunctions: false, operation =>
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" or "Close" })
                {
                    releases = true;
                    return false;
                }

                return operation is ILoopOperation or IInvocationOperation;
            }) is not null;
            if (otherWork || !releases)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// Does a started delegate complete something another party waits on: set the result, exception or cancellation of
    /// a <c>TaskCompletionSource</c>, or run a scheduler's queued task (<c>TaskScheduler.TryExecuteTask</c>)? Its body is
    /// read with the method a single call leads to (<see cref="StartedWorkBody.Of"/>, same file). Given a token, that work
    /// would not run once cancellation is requested, and whoever awaits the completion would hang.
    /// </summary>
    public bool CompletesOtherWork(WellKnownTypes types)
    {
        var call = Call;
        foreach (var started in StartedDelegates())
        {
            if (started.Target is IAnonymousFunctionOperation lambda && Completes(lambda.Body, types))
            {
                return true;
            }

            if (StartedWorkBody.Of(started, method => BodyInSameFile(method, call), out var worker) is { } body
                && worker is not null
                && Completes(body, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Completes(IOperation body, WellKnownTypes types)
        => OperationTrees.Find(body, enterNestedFunctions: true, operation =>
            operation is IInvocationOperation invocation && CompletionSignals.CompletesTask(invocation.TargetMethod, types)) is not null;

    /// <summary>
    /// Does every started delegate observe some token, maybe one of its own rather than the one in scope
    /// (<c>Task.Run(() => LoopAsync(_stopping.Token))</c>)? Then the work has a stop signal already, chosen on purpose.
    /// Bodies are read as for <see cref="StartsOnlyUncancellableWork"/>, and a lambda that only calls a method of this
    /// file through that method's body; a method declared in another file by its text.
    /// </summary>
    public bool StartsOnlyCooperativeWork(WellKnownTypes types)
    {
        var delegates = StartedDelegates();
        var call = Call;
        foreach (var started in delegates)
        {
            var observation = ObservationOf(started, types);
            if (observation == Observation.None && started.Target is IAnonymousFunctionOperation lambda)
            {
                // `Task.Run(() => RenewAsync())`: the lambda only calls a method, whose body is the work; read in this
                // file, or by its text when declared in another one.
                if (StartedWorkBody.Of(started, method => BodyInSameFile(method, call), out var worker) is { } body && worker is not null)
                {
                    observation = CancellationObservation.OfCountingOwnFields(body, types);
                }
                else if (StartedWorkBody.OnlyCallOf(lambda) is { } called && NamesATokenMemberOfItsType(called, types))
                {
                    observation = Observation.Observes;
                }
            }

            if (observation != Observation.Observes
                && !(observation is null && started.Target is IMethodReferenceOperation reference && NamesATokenMemberOfItsType(reference.Method, types)))
            {
                return false;
            }
        }

        return !delegates.IsEmpty;
    }

    /// <summary>What a started delegate's body does with tokens: a lambda's, a method group's in the same file; null when it cannot be read.</summary>
    private Observation? ObservationOf(IDelegateCreationOperation started, WellKnownTypes types)
    {
        IOperation? body = started.Target switch
        {
            IAnonymousFunctionOperation lambda => lambda.Body,
            IMethodReferenceOperation reference => BodyInSameFile(reference.Method, Call),
            _ => null,
        };

        return body is null ? null : CancellationObservation.OfCountingOwnFields(body, types);
    }

    /// <summary>
    /// For a method declared in another file, which an analyzer cannot bind without a second semantic model: does
    /// its text name a token or token-source field or property it can use (<c>_stopping.Token</c>)? Only ever used to
    /// stay silent.
    /// </summary>
    private static bool NamesATokenMemberOfItsType(IMethodSymbol method, WellKnownTypes types)
    {
        var members = TokenScope.MembersVisibleTo(method, types);
        if (members.IsEmpty)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && Names(members, identifier.Identifier.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Names(ImmutableArray<TokenInScope> members, string name)
    {
        foreach (var member in members)
        {
            if (member.Symbol.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The body of <paramref name="method"/> when it is declared once, in the file of <paramref name="call"/>; a local function's block.</summary>
    public static IOperation? BodyInSameFile(IMethodSymbol method, IOperation call)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || call.SemanticModel is not { } model)
        {
            return null;
        }

        var reference = method.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var body = model.GetOperation(reference.GetSyntax());
        return body is ILocalFunctionOperation localFunction ? localFunction.Body : body;
    }

    private static void Collect(ImmutableArray<IDelegateCreationOperation>.Builder builder, IOperation value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IDelegateCreationOperation creation:
                builder.Add(creation);
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    Collect(builder, element);
                }

                break;
        }
    }

    private static bool SetsToken(IObjectCreationOperation options)
    {
        if (options.Initializer is null)
        {
            return false;
        }

        foreach (var initializer in options.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CancellationToken" } })
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
