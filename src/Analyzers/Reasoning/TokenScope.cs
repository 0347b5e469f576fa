using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>How a token in scope is written when a fix uses it.</summary>
internal enum TokenKind
{
    /// <summary>A <c>CancellationToken</c> parameter or local: <c>name</c>.</summary>
    Token,

    /// <summary>A <c>CancellationToken?</c> parameter: <c>name.GetValueOrDefault()</c>.</summary>
    NullableToken,

    /// <summary>A <c>CancellationTokenSource</c> local, field or property: <c>name.Token</c>.</summary>
    Source,
}

/// <summary>A parameter, local, field or property that gives access to a cancellation token at some point of the code.</summary>
internal readonly struct TokenInScope
{
    public TokenInScope(ISymbol symbol, TokenKind kind)
    {
        Symbol = symbol;
        Kind = kind;
    }

    public ISymbol Symbol { get; }

    public TokenKind Kind { get; }

    /// <summary>The name as code writes it (<c>@event</c> keeps its <c>@</c>), for fixes and messages alike.</summary>
    public string Name => Identifiers.Written(Symbol.Name);

    /// <summary>The expression that yields the <c>CancellationToken</c>, as a fix writes it.</summary>
    public string TokenExpression => TokenExpressionOf(Name, Kind);

    /// <summary>The expression that is true once cancellation is requested.</summary>
    public string IsCancellationRequestedExpression => IsCancellationRequestedExpressionOf(Name, Kind);

    /// <summary>How a fix writes the token of a variable named <paramref name="name"/>, including one it is about to declare.</summary>
    public static string TokenExpressionOf(string name, TokenKind kind) => kind switch
    {
        TokenKind.NullableToken => name + ".GetValueOrDefault()",
        TokenKind.Source => name + ".Token",
        _ => name,
    };

    /// <summary>How a fix asks a variable named <paramref name="name"/> whether cancellation is requested.</summary>
    public static string IsCancellationRequestedExpressionOf(string name, TokenKind kind) => kind switch
    {
        TokenKind.Source => name + ".IsCancellationRequested",
        _ => TokenExpressionOf(name, kind) + ".IsCancellationRequested",
    };
}

/// <summary>
/// Which tokens are in scope at a point: <c>CancellationToken</c> (or <c>CancellationToken?</c>) parameters of the
/// enclosing function and of every function around it whose locals it can capture (a <c>static</c> lambda or local
/// function blocks the capture), and <c>CancellationToken</c> or <c>CancellationTokenSource</c> locals declared before
/// the point. Fields and properties of the containing type (<c>CancellationToken</c>, <c>CancellationToken?</c> or
/// <c>CancellationTokenSource</c>; static ones only in static code) are in scope only when <see cref="TokenSources.Members"/>
/// is asked for, after everything else. Nearest first. A source local that is the function's own stop switch is not in
/// scope (see <see cref="IsOwnStopSwitch"/>); for a loop, neither is one that nothing can cancel until the loop is over.
/// </summary>
internal static class TokenScope
{
    /// <param name="point">The operation the question is asked for.</param>
    /// <param name="containingSymbol">The member whose body holds <paramref name="point"/> (for a lambda: the member around it).</param>
    /// <param name="sources">Which kinds of symbol count (the rule's <c>token_sources</c> option).</param>
    public static ImmutableArray<TokenInScope> At(IOperation point, ISymbol? containingSymbol, WellKnownTypes types, TokenSources sources = TokenSources.Default)
    {
        if (types.CancellationToken is null)
        {
            return ImmutableArray<TokenInScope>.Empty;
        }

        var parameters = (sources & TokenSources.Parameters) != 0;
        var locals = (sources & TokenSources.Locals) != 0;
        var position = point.Syntax.SpanStart;
        var tokens = ImmutableArray.CreateBuilder<TokenInScope>();
        var nested = false;

        // A loop's iterations are over before the code after it runs (work it starts is not the loop): a source first
        // cancelled after the loop cannot stop it. Only for a loop of the function that declares the source.
        var loop = point as ILoopOperation;
        for (var current = point.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    nested = true;
                    AddParameters(tokens, lambda.Symbol, types, parameters);
                    if (lambda.Symbol.IsStatic)
                    {
                        return tokens.ToImmutable();
                    }

                    break;
                case ILocalFunctionOperation localFunction:
                    nested = true;
                    AddParameters(tokens, localFunction.Symbol, types, parameters);
                    if (localFunction.Symbol.IsStatic)
                    {
                        return tokens.ToImmutable();
                    }

                    break;
                case IBlockOperation block when locals:
                    AddLocals(tokens, block.Locals, block, point, nested ? null : loop, types);
                    break;
                case ILoopOperation enclosingLoop when locals:
                    AddLocals(tokens, enclosingLoop.Locals, enclosingLoop, point, nested ? null : loop, types);
                    break;
                case IUsingOperation usingOperation when locals:
                    AddLocals(tokens, usingOperation.Locals, usingOperation, point, nested ? null : loop, types);
                    break;
                case ICatchClauseOperation catchClause when locals:
                    AddLocals(tokens, catchClause.Locals, catchClause, point, nested ? null : loop, types);
                    break;
                case ISwitchCaseOperation switchCase when locals:
                    AddLocals(tokens, switchCase.Locals, switchCase, point, nested ? null : loop, types);
                    break;
            }
        }

        if (containingSymbol is IMethodSymbol method)
        {
            AddParameters(tokens, method, types, parameters);
            if ((sources & TokenSources.Members) != 0)
            {
                AddMembers(tokens, method, nested, types);
            }
        }

        return tokens.ToImmutable();
    }

    /// <summary>
    /// The nearest token in scope at <paramref name="point"/> that the code there can name (see <see cref="IsNameable"/>),
    /// or null: the token a diagnostic names and a fix's first action uses.
    /// </summary>
    public static TokenInScope? FirstNameable(IOperation point, ISymbol? containingSymbol, WellKnownTypes types, TokenSources sources)
    {
        foreach (var token in At(point, containingSymbol, types, sources))
        {
            if (IsNameable(token, point.SemanticModel, point.Syntax.SpanStart))
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>
    /// Can code at <paramref name="position"/> name the token: no lambda parameter or local of the same name hides it
    /// (<c>token => …</c> inside a method with a <c>token</c> parameter)?
    /// </summary>
    public static bool IsNameable(TokenInScope token, SemanticModel? model, int position)
    {
        if (model is null)
        {
            return false;
        }

        foreach (var symbol in model.LookupSymbols(position, name: token.Symbol.Name))
        {
            if (SymbolEqualityComparer.Default.Equals(symbol, token.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddParameters(ImmutableArray<TokenInScope>.Builder tokens, IMethodSymbol function, WellKnownTypes types, bool wanted)
    {
        if (!wanted)
        {
            return;
        }

        foreach (var parameter in function.Parameters)
        {
            if (parameter.RefKind == RefKind.Out)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(parameter.Type, types.CancellationToken))
            {
                tokens.Add(new TokenInScope(parameter, TokenKind.Token));
            }
            else if (types.IsNullableToken(parameter.Type))
            {
                tokens.Add(new TokenInScope(parameter, TokenKind.NullableToken));
            }
        }
    }

    private static void AddLocals(ImmutableArray<TokenInScope>.Builder tokens, ImmutableArray<ILocalSymbol> locals, IOperation scope, IOperation point, ILoopOperation? loop, WellKnownTypes types)
    {
        var position = point.Syntax.SpanStart;
        if (locals.IsEmpty)
        {
            return;
        }

        // Only the scope's token and source locals, picked once per scope: every loop, sleep and wait of a block asks
        // about the same locals, and a generated method with thousands of them made that quadratic.
        var candidates = TokenLocals.GetValue(scope, _ => TokenTyped(locals, types));

        // Later declarations are nearer to the point.
        for (var i = candidates.Length - 1; i >= 0; i--)
        {
            var local = candidates[i];
            if (local.IsImplicitlyDeclared || local.Locations.Length == 0 || local.Locations[0].SourceSpan.Start >= position)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationToken))
            {
                if (!CannotBeCancelledAt(local, scope, point, loop, types))
                {
                    tokens.Add(new TokenInScope(local, TokenKind.Token));
                }
            }
            else if (SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationTokenSource)
                && !IsOwnStopSwitch(local, scope, loop ?? BlockedAt(point, types))
                && !IsSpentDeadline(local, null, scope, point))
            {
                tokens.Add(new TokenInScope(local, TokenKind.Source));
            }
        }
    }

    /// <summary>
    /// A sleep or wait at <paramref name="point"/>: the thread stays there until it ends, so code written after it has
    /// not run yet. Work started there (TSA2003's point) goes on while the code after it runs, and gets null.
    /// </summary>
    private static IOperation? BlockedAt(IOperation point, WellKnownTypes types)
        => BlockingCalls.KindOf(point, types) != BlockingCallKind.None ? point : null;

    private static readonly ConditionalWeakTable<IOperation, ILocalSymbol[]> TokenLocals = new();

    private static ILocalSymbol[] TokenTyped(ImmutableArray<ILocalSymbol> locals, WellKnownTypes types)
    {
        List<ILocalSymbol>? builder = null;
        foreach (var local in locals)
        {
            if (SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationToken)
                || SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationTokenSource))
            {
                (builder ??= new List<ILocalSymbol>()).Add(local);
            }
        }

        return builder?.ToArray() ?? Array.Empty<ILocalSymbol>();
    }

    /// <summary>
    /// A source the function creates with <c>new CancellationTokenSource()</c> (no timeout), cancels only in its own
    /// body and hands to others only as its <c>Token</c>: the function's switch for stopping work it started itself.
    /// Nothing outside the function can cancel it, so code of the function has no cancellation to observe through it.
    /// A source cancelled from a lambda (a Ctrl+C handler), passed on, stored or linked is a real token in scope.
    /// <para>
    /// With <paramref name="after"/> (a loop of the function that declares the source, or the sleep or wait asked about
    /// where there is no loop), any use that comes after it is harmless too (Lean's test builds the timer that cancels
    /// only after its five-second pause): <c>cts.CancelAfter(…)</c> or <c>cts.Cancel()</c> once the loop is over, the source passed on
    /// or captured by a lambda written after it. Not a use in a local function (it may be called before the loop), nor
    /// one inside a loop that also holds <paramref name="after"/> (its next round runs it again), nor any when the
    /// function jumps with <c>goto</c>.
    /// </para>
    /// </summary>
    private static bool IsOwnStopSwitch(ILocalSymbol local, IOperation scope, IOperation? after)
    {
        var jumps = false;
        var usedAfterLoop = false;
        var disqualified = OperationTrees.Find(scope, enterNestedFunctions: true, operation =>
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    return !IsPlainCreation(declarator.Initializer?.Value);
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    if (IsOwnUse(reference, scope))
                    {
                        return false;
                    }

                    if (after is not null && ComesAfter(reference, after, scope))
                    {
                        usedAfterLoop = true;
                        return false;
                    }

                    return true;
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    jumps = true;
                    return false;
                default:
                    return false;
            }
        }) is not null;

        return !disqualified && !(usedAfterLoop && jumps);
    }

    /// <summary>
    /// A token local that nothing can cancel while the code at <paramref name="point"/> runs, never assigned again:
    /// <c>CancellationToken token = default;</c> (or <c>None</c>), <c>var token = cts.Token;</c> where <c>cts</c> is
    /// the function's own stop switch (<see cref="IsOwnStopSwitch"/>), or the token of a deadline
    /// (<see cref="IsDeadline"/>) away from the loop that polls it.
    /// </summary>
    private static bool CannotBeCancelledAt(ILocalSymbol token, IOperation scope, IOperation point, ILoopOperation? loop, WellKnownTypes types)
    {
        if (!SingleInitializers.GetValue(scope, SingleInitializersIn).TryGetValue(token, out var initializer) || initializer is null)
        {
            return false;
        }

        if (!CancellationObservation.IsTokenValue(initializer, types))
        {
            // default, CancellationToken.None, new CancellationToken(): a token that never fires.
            return initializer is IDefaultValueOperation or ILiteralOperation or IObjectCreationOperation
                || initializer is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } }
                || (initializer is IConversionOperation { Operand: IDefaultValueOperation or ILiteralOperation });
        }

        if (initializer is not IPropertyReferenceOperation { Property.Name: "Token", Instance: ILocalReferenceOperation { Local: var source } }
            || !SymbolEqualityComparer.Default.Equals(source.Type, types.CancellationTokenSource))
        {
            return false;
        }

        for (var current = initializer.Parent; current is not null; current = current.Parent)
        {
            var declares = current switch
            {
                IBlockOperation block => Declares(block.Locals, source),
                IUsingOperation usingOperation => Declares(usingOperation.Locals, source),
                ILoopOperation around => Declares(around.Locals, source),
                _ => false,
            };

            if (declares)
            {
                return IsOwnStopSwitch(source, current, loop)
                    || IsSpentDeadline(source, token, current, point);
            }
        }

        return false;
    }

    /// <summary>
    /// The initializer of each local declared in a scope and never assigned again (null for one assigned again, by
    /// <c>=</c> or as a <c>ref</c> or <c>out</c> argument, or declared without one), found in one walk per scope: every
    /// loop and sleep of a block asks about the same token locals, and a walk per question made a method with thousands
    /// of loops quadratic.
    /// </summary>
    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, IOperation?>> SingleInitializers = new();

    private static Dictionary<ILocalSymbol, IOperation?> SingleInitializersIn(IOperation scope)
    {
        var initializers = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        HashSet<ILocalSymbol>? reassigned = null;
        OperationTrees.Find(scope, enterNestedFunctions: true, operation =>
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    initializers[declarator.Symbol] = declarator.Initializer?.Value;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                    (reassigned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(target.Local);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation byReference }:
                    (reassigned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(byReference.Local);
                    break;
            }

            return false;
        });

        if (reassigned is not null)
        {
            foreach (var local in reassigned)
            {
                initializers[local] = null;
            }
        }

        return initializers;
    }

    /// <summary>
    /// A source the function makes as a deadline: created with a timeout (<c>new CancellationTokenSource(timeout)</c>)
    /// or armed with <c>CancelAfter</c>, never cancelled, linked or handed on except as its <c>Token</c>. It bounds the
    /// loop that polls it; to code elsewhere in the function it is a clock, not a request to stop.
    /// </summary>
    private static bool IsDeadline(ILocalSymbol local, IOperation scope)
    {
        var timed = false;
        var other = OperationTrees.Find(scope, enterNestedFunctions: true, operation =>
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var value = declarator.Initializer?.Value;
                    while (value is IConversionOperation conversion)
                    {
                        value = conversion.Operand;
                    }

                    if (value is not IObjectCreationOperation { Initializer: null } creation)
                    {
                        return true;
                    }

                    timed |= creation.Arguments.Length == 1;
                    return creation.Arguments.Length > 1;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    switch (reference.Parent)
                    {
                        case IPropertyReferenceOperation { Property.Name: "Token" or "IsCancellationRequested" }:
                        case IInvocationOperation { TargetMethod.Name: "Dispose" }:
                        case IUsingOperation:
                            return false;
                        case IInvocationOperation { TargetMethod.Name: "CancelAfter" }:
                            timed = true;
                            return false;
                        default:
                            return true;
                    }

                default:
                    return false;
            }
        }) is not null;

        return timed && !other;
    }

    /// <summary>
    /// A deadline (<see cref="IsDeadline"/>, or <paramref name="token"/> taken from it) whose job is done at
    /// <paramref name="point"/>: a loop that polls it ends
    /// before the point, and the point is in no loop that polls it (a deliberate wait after the bounded poll). A
    /// deadline that no loop polls stays a token in scope: its timer is what stops the code around it.
    /// </summary>
    private static bool IsSpentDeadline(ILocalSymbol source, ILocalSymbol? token, IOperation scope, IOperation point)
    {
        // The source and the token locals taken from it (`var token = deadline.Token;`) poll the same deadline.
        var polled = new List<ILocalSymbol> { source };
        if (token is not null)
        {
            polled.Add(token);
        }

        OperationTrees.Find(scope, enterNestedFunctions: true, operation =>
        {
            if (operation is IVariableDeclaratorOperation { Initializer.Value: IPropertyReferenceOperation { Property.Name: "Token", Instance: ILocalReferenceOperation { Local: var from } } } declarator
                && SymbolEqualityComparer.Default.Equals(from, source)
                && !polled.Exists(local => SymbolEqualityComparer.Default.Equals(local, declarator.Symbol)))
            {
                polled.Add(declarator.Symbol);
            }

            return false;
        });

        foreach (var local in polled)
        {
            if (InLoopThatPolls(point, scope, local))
            {
                return false;
            }
        }

        if (!IsDeadline(source, scope))
        {
            return false;
        }

        var position = point.Syntax.SpanStart;
        return OperationTrees.Find(scope, enterNestedFunctions: false, operation =>
        {
            if (operation is not ILoopOperation polling || polling.Syntax.Span.End > position)
            {
                return false;
            }

            foreach (var local in polled)
            {
                if (References(polling, local))
                {
                    return true;
                }
            }

            return false;
        }) is not null;
    }

    private static bool References(IOperation code, ILocalSymbol local)
        => OperationTrees.Find(code, enterNestedFunctions: true, operation =>
            operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)) is not null;

    /// <summary>Is <paramref name="point"/> (or the loop it is) inside a loop, within <paramref name="scope"/>, that references <paramref name="local"/>?</summary>
    private static bool InLoopThatPolls(IOperation point, IOperation scope, ILocalSymbol local)
    {
        for (var current = point; current is not null && current != scope.Parent; current = current.Parent)
        {
            if (current is ILoopOperation candidate && References(candidate, local))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Declares(ImmutableArray<ILocalSymbol> locals, ILocalSymbol local)
    {
        foreach (var candidate in locals)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does <paramref name="reference"/> run only once <paramref name="after"/> (a loop, or a sleep or wait) is over: written after it, not in a
    /// local function, not in a loop (up to <paramref name="scope"/>, itself included) that holds <paramref name="after"/> too?
    /// </summary>
    private static bool ComesAfter(IOperation reference, IOperation after, IOperation scope)
    {
        var afterSpan = after.Syntax.Span;
        if (reference.Syntax.SpanStart < afterSpan.End)
        {
            return false;
        }

        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation
                || (current is ILoopOperation around && around.Syntax.Span.Contains(afterSpan)))
            {
                return false;
            }

            if (current == scope)
            {
                break;
            }
        }

        return true;
    }

    private static bool IsPlainCreation(IOperation? value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is IObjectCreationOperation { Arguments.Length: 0, Initializer: null };
    }

    /// <summary><c>source.Token</c>, <c>source.IsCancellationRequested</c>, <c>source.Dispose()</c>, and <c>source.Cancel()</c> outside lambdas.</summary>
    /// <summary>
    /// A use that leaves the source the function's own: its <c>Token</c>, a check, a dispose, or a <c>Cancel()</c> by the
    /// function that declares it (in <paramref name="scope"/>, not in a lambda or local function inside it — though the
    /// declaring function may itself be a lambda).
    /// </summary>
    private static bool IsOwnUse(ILocalReferenceOperation reference, IOperation scope)
    {
        switch (reference.Parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Token" or "IsCancellationRequested" }:
            case IInvocationOperation { TargetMethod.Name: "Dispose" }:
            case IUsingOperation:
                return true;
            case IInvocationOperation { TargetMethod.Name: "Cancel" or "CancelAsync" } cancel when cancel.Instance == reference:
                for (var current = cancel.Parent; current is not null && current != scope; current = current.Parent)
                {
                    if (OperationTrees.IsNestedFunction(current) && !IsOnlyCalledInline(current, scope))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A local function that <paramref name="scope"/> only ever calls, from its own code (not from a lambda or another
    /// local function, and never as a delegate): it runs on the caller's thread, in turn, so its <c>Cancel()</c> is the
    /// function's own (Lean's test cancels its source from such a helper between its waits).
    /// </summary>
    private static bool IsOnlyCalledInline(IOperation function, IOperation scope)
    {
        if (function is not ILocalFunctionOperation { Symbol: var symbol })
        {
            return false;
        }

        var body = OperationTrees.FunctionBody(scope);
        return OperationTrees.Find(OperationTrees.Root(scope), enterNestedFunctions: true, operation =>
        {
            switch (operation)
            {
                case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod, symbol):
                    return OperationTrees.FunctionBody(invocation) != body;
                case IMethodReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Method, symbol):
                    return true;
                default:
                    return false;
            }
        }) is null;
    }

    /// <summary>The fields and properties holding a token or token source that <paramref name="method"/>'s body can use (see <see cref="AddMembers"/>).</summary>
    public static ImmutableArray<TokenInScope> MembersVisibleTo(IMethodSymbol method, WellKnownTypes types)
    {
        var tokens = ImmutableArray.CreateBuilder<TokenInScope>();
        AddMembers(tokens, method, nested: false, types);
        return tokens.ToImmutable();
    }

    /// <summary>
    /// Fields and properties of the member's type and of its base types (not their private ones) that hold a token or
    /// a token source, in declaration order. Static code sees only static ones; a lambda or local function in a struct
    /// cannot capture <c>this</c>, so it sees only static ones too.
    /// </summary>
    private static void AddMembers(ImmutableArray<TokenInScope>.Builder tokens, IMethodSymbol member, bool nested, WellKnownTypes types)
    {
        var type = member.ContainingType;
        if (type is null)
        {
            return;
        }

        var staticOnly = member.IsStatic || (nested && type.TypeKind == TypeKind.Struct);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var inherited = !SymbolEqualityComparer.Default.Equals(current, type);
            foreach (var symbol in current.GetMembers())
            {
                if (symbol.IsImplicitlyDeclared
                    || (staticOnly && !symbol.IsStatic)
                    || (inherited && symbol.DeclaredAccessibility == Accessibility.Private))
                {
                    continue;
                }

                var memberType = symbol switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
                    _ => null,
                };

                if (KindOf(memberType, types) is { } kind)
                {
                    tokens.Add(new TokenInScope(symbol, kind));
                }
            }
        }
    }

    private static TokenKind? KindOf(ITypeSymbol? type, WellKnownTypes types)
    {
        if (type is null)
        {
            return null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.CancellationToken))
        {
            return TokenKind.Token;
        }

        if (types.IsNullableToken(type))
        {
            return TokenKind.NullableToken;
        }

        return types.IsCancellationType(type) ? TokenKind.Source : null;
    }
}
