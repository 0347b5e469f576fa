using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// A catch that swallows a token's cancellation inside a loop that then goes round again (TSA2009): the question the
/// analyzer asks and the fix asks again, answered by <see cref="SwallowedCancellation.Find"/>.
/// </summary>
internal sealed class SwallowedCancellation
{
    private SwallowedCancellation(ICatchClauseOperation catchClause, ITryOperation tryOperation, ILoopOperation loop, TokenRoot token, bool catchesAll)
    {
        Catch = catchClause;
        Try = tryOperation;
        Loop = loop;
        Token = token.Expression;
        TokenSymbol = token.Symbol;
        CatchesAll = catchesAll;
    }

    public ICatchClauseOperation Catch { get; }

    public ITryOperation Try { get; }

    /// <summary>The innermost loop around the <c>try</c>: the one that goes round again.</summary>
    public ILoopOperation Loop { get; }

    /// <summary>
    /// Where the token is named in the code: a parameter, local, field or property reference (for <c>cts.Token</c>,
    /// the source <c>cts</c>; for a source linked inside the loop, the outer token it was linked to).
    /// </summary>
    public IOperation Token { get; }

    public ISymbol TokenSymbol { get; }

    /// <summary>The catch takes every exception (<c>catch (Exception)</c>, <c>catch</c>), not only cancellation.</summary>
    public bool CatchesAll { get; }

    /// <summary>How a message names the token: the symbol, or the member access when the token belongs to another object.</summary>
    public string TokenName => Token is IMemberReferenceOperation { Instance: { } instance } && instance.Kind != OperationKind.InstanceReference
        ? Token.Syntax.ToString()
        : Identifiers.Written(TokenSymbol.Name);

    /// <summary>
    /// Does <paramref name="catchClause"/> swallow cancellation in a loop that then spins? All of these hold:
    /// <list type="bullet">
    /// <item>it catches <c>OperationCanceledException</c> (or a type derived from it), or everything
    /// (<c>Exception</c>, no type), and no earlier catch of the same <c>try</c> could take the cancellation first;</item>
    /// <item>its <c>try</c> block hands a token to a call or calls <c>ThrowIfCancellationRequested</c> on it, and that
    /// token outlives an iteration: a parameter, a field, a local declared before the loop and not reassigned in it, or a
    /// source linked inside the loop to such a token (a source made fresh on each iteration does not stay cancelled);</item>
    /// <item>it has no <c>when</c> filter, or one that tests only other tokens;</item>
    /// <item>it does not leave the loop by any path (<see cref="LeavesLoop"/>), and no statement after the <c>try</c>
    /// leaves it unconditionally;</item>
    /// <item>the loop has no exit condition, or waits on every iteration (<see cref="LoopFacts.FirstWait"/>) and its
    /// condition reads only locals (a field, property or call there is a stop signal set elsewhere); and it does not
    /// hand out values with <c>yield return</c>;</item>
    /// <item>nothing else in the loop stops it once a token is cancelled (<see cref="StopsOtherwise"/>); a bounded loop
    /// (<c>foreach</c>, <c>for</c> with a condition) ends anyway, so it is reported only inside a loop that goes round
    /// again without stopping. So is an endless loop with an exit of its own (<c>while (true) { if (i &gt;= n) break; … }</c>):
    /// that walk ends too.</item>
    /// </list>
    /// Code that does not bind is never reported.
    /// </summary>
    public static SwallowedCancellation? Find(ICatchClauseOperation catchClause, WellKnownTypes types)
    {
        var kind = Classify(catchClause.ExceptionType, types);
        if (kind is CatchKind.Other || catchClause.Parent is not ITryOperation tryOperation)
        {
            return null;
        }

        foreach (var earlier in tryOperation.Catches)
        {
            if (earlier == catchClause)
            {
                break;
            }

            if (CouldCatchCancellation(earlier.ExceptionType, types))
            {
                return null;
            }
        }

        var loop = LoopFacts.Enclosing(tryOperation);
        if (loop is null || loop.Syntax.ContainsDiagnostics)
        {
            return null;
        }

        var endless = LoopFacts.HasNoExitCondition(loop);
        if ((!endless && (LoopFacts.FirstWait(loop, types) is null || ConditionReadsState(loop))) || LoopFacts.YieldsValues(loop, containingMember: null))
        {
            return null;
        }

        var related = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var roots = ObservedTokens(tryOperation.Body, loop, types, related);
        if (roots.Count == 0
            || (catchClause.Filter is { } filter && !TestsOnlyOtherTokens(filter, related, types))
            || LeavesLoop(catchClause, loop, types)
            || IsLeftAfter(tryOperation, loop)
            || StopsOtherwise(loop, tryOperation, types)
            || ((IsBounded(loop) || (endless && LoopFacts.CanExit(loop))) && (LoopFacts.Enclosing(loop) is not { } outer || StopsOnCancellation(outer, loop.Syntax.Span, types))))
        {
            return null;
        }

        return new SwallowedCancellation(catchClause, tryOperation, loop, roots[0], kind == CatchKind.All);
    }

    /// <summary>
    /// Does <paramref name="outer"/> stop once a token is cancelled, judged by its code outside <paramref name="excluded"/>
    /// (the loop inside it): a test of a token, <c>ThrowIfCancellationRequested</c>, or a call handed a token. Code
    /// that does not bind counts as stopping.
    /// </summary>
    public static bool StopsOnCancellation(ILoopOperation outer, TextSpan excluded, WellKnownTypes types)
        => OperationTrees.Find(outer, enterNestedFunctions: false, operation =>
            !excluded.Contains(operation.Syntax.Span)
            && (IsUnknown(operation) || IsTokenTest(operation, types) || ThrowingUse(operation, types) is not null)) is not null;

    /// <summary>
    /// Does the catch leave the loop, or make it end, by some path: a <c>break</c> of the loop, <c>return</c>,
    /// <c>throw</c>, <c>goto</c> out; a call that throws once the token is cancelled (one handed a token,
    /// <c>ThrowIfCancellationRequested</c>) or never returns (<c>[DoesNotReturn]</c>, <c>Environment.Exit</c>/<c>FailFast</c>);
    /// a call that cancels a source. In a loop that has an exit of its own (a condition, a <c>break</c>), also a write to
    /// a variable, field or property, or a call of the type's own methods, which may be how that exit is reached.
    /// </summary>
    public static bool LeavesLoop(ICatchClauseOperation catchClause, ILoopOperation loop, WellKnownTypes types)
    {
        var handler = catchClause.Handler;
        if (LoopFacts.CanLeave(handler, loop))
        {
            return true;
        }

        var loopCanEnd = !LoopFacts.HasNoExitCondition(loop) || LoopFacts.CanExit(loop);
        var handlerSpan = handler.Syntax.Span;
        return OperationTrees.Find(handler, enterNestedFunctions: false, operation =>
        {
            if (IsUnknown(operation) || ThrowingUse(operation, types) is not null)
            {
                return true;
            }

            if (operation is IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (NeverReturns(method, types) || types.IsCancellationType(method.ContainingType))
                {
                    return true;
                }

                if (loopCanEnd && invocation.Instance is IInstanceReferenceOperation)
                {
                    return true;
                }
            }

            return loopCanEnd && WritesOutside(operation, handlerSpan);
        }) is not null;
    }

    /// <summary>
    /// A <c>foreach</c>, or a <c>for</c> with a condition: once cancelled it runs through its remaining iterations
    /// (each failing at once) and ends. It spins only inside a loop that then goes round again.
    /// </summary>
    private static bool IsBounded(ILoopOperation loop)
        => loop.LoopKind == LoopKind.ForEach || (loop.LoopKind == LoopKind.For && !LoopFacts.HasNoExitCondition(loop));

    /// <summary>
    /// Does the loop's condition read a field or property, or call a method (<c>while (!_disposed)</c>,
    /// <c>while (IsConnected)</c>)? That is a stop signal other code sets, usually right beside cancelling the token.
    /// </summary>
    private static bool ConditionReadsState(ILoopOperation loop)
    {
        var condition = loop switch
        {
            IWhileLoopOperation whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };

        return condition is not null && OperationTrees.Find(condition, enterNestedFunctions: false, operation =>
            operation.Kind is OperationKind.FieldReference or OperationKind.PropertyReference or OperationKind.Invocation or OperationKind.Invalid) is not null;
    }

    /// <summary>An assignment, compound assignment or increment whose target is not a local of the catch itself.</summary>
    private static bool WritesOutside(IOperation operation, TextSpan handlerSpan)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            _ => null,
        };

        return target is not null
            && !(target is ILocalReferenceOperation { Local: var local } && local.Locations.Length > 0 && handlerSpan.Contains(local.Locations[0].SourceSpan));
    }

    private static bool NeverReturns(IMethodSymbol method, WellKnownTypes types)
    {
        if ((method.Name is "Exit" or "FailFast") && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Environment))
        {
            return true;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "DoesNotReturnAttribute")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does the loop stop once a token is cancelled without the catch's help: its condition or any code outside the
    /// <c>try</c> statement's handlers tests a token (<c>IsCancellationRequested</c>, <c>WaitHandle</c>), and any code
    /// outside the <c>try</c> block itself (which the catch protects) hands a token to a call or calls
    /// <c>ThrowIfCancellationRequested</c>: that throws out of the loop. A wait outside the <c>try</c> block (an
    /// <c>await</c>, a blocking call, an <c>await foreach</c> or consuming <c>foreach</c> loop) counts too: the loop
    /// blocks there rather than spin, and that wait is often how it ends (<c>WaitToReadAsync</c> returns false once the
    /// channel is completed).
    /// </summary>
    private static bool StopsOtherwise(ILoopOperation loop, ITryOperation tryOperation, WellKnownTypes types)
    {
        if (loop is IForEachLoopOperation forEach
            && (forEach.IsAsynchronous || BlockingCalls.DescribeBlockingEnumeration(forEach.Collection, types) is not null))
        {
            return true;
        }

        var body = tryOperation.Body.Syntax.Span;
        return OperationTrees.Find(loop, enterNestedFunctions: false, operation =>
        {
            var span = operation.Syntax.Span;
            foreach (var clause in tryOperation.Catches)
            {
                if (clause.Syntax.Span.Contains(span))
                {
                    return false;
                }
            }

            return IsUnknown(operation)
                || IsTokenTest(operation, types)
                || (!body.Contains(span) && (ThrowingUse(operation, types) is not null || IsWait(operation, types)));
        }) is not null;
    }

    /// <summary>Is a statement after the <c>try</c>, in the blocks around it up to the loop, a <c>break</c>, <c>return</c> or <c>throw</c>?</summary>
    private static bool IsLeftAfter(ITryOperation tryOperation, ILoopOperation loop)
    {
        IOperation current = tryOperation;
        while (current.Parent is { } parent && parent != loop)
        {
            if (parent is IBlockOperation block)
            {
                var after = false;
                foreach (var statement in block.Operations)
                {
                    if (after && LoopFacts.EndsByLeaving(statement, loop))
                    {
                        return true;
                    }

                    after |= statement == current;
                }
            }

            current = parent;
        }

        return false;
    }

    /// <summary>
    /// The tokens the <c>try</c> block could be cancelled by and that stay cancelled from one iteration to the next,
    /// nearest use first; <paramref name="related"/> collects every token and source met on the way (the sources a
    /// linked source was made from included), for judging a filter.
    /// </summary>
    private static List<TokenRoot> ObservedTokens(IOperation tryBlock, ILoopOperation loop, WellKnownTypes types, HashSet<ISymbol> related)
    {
        var roots = new List<TokenRoot>();
        OperationTrees.Find(tryBlock, enterNestedFunctions: true, operation =>
        {
            if (ThrowingUse(operation, types) is { } token && !IsHandledInside(operation, tryBlock, types))
            {
                Resolve(token, loop, types, roots, related, depth: 0);
            }

            return false;
        });

        return roots;
    }

    /// <summary>Is <paramref name="use"/> in the body of a <c>try</c> nested in <paramref name="tryBlock"/> whose own catch takes cancellation first?</summary>
    private static bool IsHandledInside(IOperation use, IOperation tryBlock, WellKnownTypes types)
    {
        for (var current = use; current != tryBlock && current.Parent is { } parent; current = parent)
        {
            if (parent is ITryOperation nested && nested.Body == current)
            {
                foreach (var clause in nested.Catches)
                {
                    if (CouldCatchCancellation(clause.ExceptionType, types))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static void Resolve(IOperation value, ILoopOperation loop, WellKnownTypes types, List<TokenRoot> roots, HashSet<ISymbol> related, int depth)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (depth > 3)
        {
            return;
        }

        switch (value)
        {
            case IParameterReferenceOperation { Parameter: var parameter }:
                related.Add(parameter);
                if (!IsDeclaredIn(parameter, loop))
                {
                    Add(roots, parameter, value);
                }

                return;
            case ILocalReferenceOperation { Local: var local }:
                related.Add(local);
                var initializer = InitializerOf(local, loop);
                if (IsDeclaredIn(local, loop))
                {
                    // A source made in the loop is fresh on every iteration; one linked to an outer token stays cancelled with it.
                    if (initializer is not null)
                    {
                        ResolveAll(initializer, loop, types, roots, related, depth + 1);
                    }

                    return;
                }

                if (initializer is not null)
                {
                    // Only for judging a filter: `when (!outer.IsCancellationRequested)` on a source linked before the loop.
                    ResolveAll(initializer, loop, types, new List<TokenRoot>(), related, depth + 1);
                }

                if (!IsAssignedIn(local, loop))
                {
                    Add(roots, local, value);
                }

                return;
            case IPropertyReferenceOperation { Property.Name: "Token", Instance: { } source } when types.IsCancellationType(source.Type):
                Resolve(source, loop, types, roots, related, depth);
                return;
            case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } nullable } when types.IsCancellationType(nullable.Type):
                Resolve(nullable, loop, types, roots, related, depth);
                return;
            case IInvocationOperation { TargetMethod.Name: "GetValueOrDefault", Instance: { } nullable } when types.IsCancellationType(nullable.Type):
                Resolve(nullable, loop, types, roots, related, depth);
                return;
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } }:
                // CancellationToken.None is never cancelled.
                return;
            case IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member:
                related.Add(member.Member);
                if (!IsAssignedIn(member.Member, loop) && IsLasting(member.Instance, loop))
                {
                    Add(roots, member.Member, value);
                }

                return;
        }
    }

    private static void ResolveAll(IOperation initializer, ILoopOperation loop, WellKnownTypes types, List<TokenRoot> roots, HashSet<ISymbol> related, int depth)
        => OperationTrees.Find(initializer, enterNestedFunctions: false, operation =>
        {
            if (operation.Kind is OperationKind.ParameterReference or OperationKind.LocalReference or OperationKind.FieldReference or OperationKind.PropertyReference
                && types.IsCancellationType(operation.Type))
            {
                Resolve(operation, loop, types, roots, related, depth);
            }

            return false;
        });

    /// <summary>The object a token field or property belongs to lives across iterations: this, a static member, a parameter, a field of this, a local from before the loop.</summary>
    private static bool IsLasting(IOperation? instance, ILoopOperation loop)
    {
        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance switch
        {
            null or IInstanceReferenceOperation => true,
            IParameterReferenceOperation { Parameter: var parameter } => !IsDeclaredIn(parameter, loop) && !IsAssignedIn(parameter, loop),
            ILocalReferenceOperation { Local: var local } => !IsDeclaredIn(local, loop) && !IsAssignedIn(local, loop),
            IFieldReferenceOperation field => !IsAssignedIn(field.Field, loop) && IsLasting(field.Instance, loop),
            _ => false,
        };
    }

    private static void Add(List<TokenRoot> roots, ISymbol symbol, IOperation expression)
    {
        foreach (var root in roots)
        {
            if (SymbolEqualityComparer.Default.Equals(root.Symbol, symbol))
            {
                return;
            }
        }

        roots.Add(new TokenRoot(symbol, expression));
    }

    private static bool IsDeclaredIn(ISymbol symbol, ILoopOperation loop)
        => symbol.Locations.Length > 0
            && symbol.Locations[0].SourceTree == loop.Syntax.SyntaxTree
            && loop.Syntax.Span.Contains(symbol.Locations[0].SourceSpan);

    private static bool IsAssignedIn(ISymbol symbol, ILoopOperation loop)
        => OperationTrees.Find(loop, enterNestedFunctions: true, operation =>
            operation is IAssignmentOperation { Target: var target } && SymbolEqualityComparer.Default.Equals(SymbolOf(target), symbol)) is not null;

    private static ISymbol? SymbolOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IMemberReferenceOperation member => member.Member,
        _ => null,
    };

    /// <summary>The value a local is declared with, found in the function around the loop, or null.</summary>
    private static IOperation? InitializerOf(ILocalSymbol local, ILoopOperation loop)
    {
        var root = (IOperation)loop;
        while (root.Parent is not null && !OperationTrees.IsNestedFunction(root.Parent))
        {
            root = root.Parent;
        }

        var declarator = OperationTrees.Find(root, enterNestedFunctions: false, operation =>
            operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)) as IVariableDeclaratorOperation;
        return declarator?.Initializer?.Value ?? (declarator?.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
    }

    /// <summary>
    /// A filter that lets the catch take cancellation only while other tokens are not cancelled
    /// (<c>when (!timeout.IsCancellationRequested)</c>, where the <c>try</c> observes <c>token</c>): made of token tests,
    /// <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and literals, and naming no token the <c>try</c> observes or was linked from.
    /// Any other filter (on the same token, on the exception, a call) may exclude the cancellation.
    /// </summary>
    private static bool TestsOnlyOtherTokens(IOperation filter, HashSet<ISymbol> related, WellKnownTypes types)
    {
        var tokens = 0;
        var excluding = OperationTrees.Find(filter, enterNestedFunctions: false, operation =>
        {
            switch (operation)
            {
                case IUnaryOperation or IBinaryOperation or ILiteralOperation or IConversionOperation:
                    return false;
                case IPropertyReferenceOperation { Instance: { } instance } when types.IsCancellationType(instance.Type):
                    return false;
                case IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when types.IsCancellationType(operation.Type):
                    tokens++;
                    return SymbolOf(operation) is not { } symbol || related.Contains(symbol);
                default:
                    return true;
            }
        });

        return excluding is null && tokens > 0;
    }

    private enum CatchKind
    {
        Other,
        Cancellation,
        All,
    }

    /// <summary><c>OperationCanceledException</c> and types derived from it; <c>Exception</c>, or no type at all, catches everything.</summary>
    private static CatchKind Classify(ITypeSymbol? type, WellKnownTypes types)
    {
        if (type is null || type.TypeKind == TypeKind.Error || types.OperationCanceledException is null)
        {
            return CatchKind.Other;
        }

        if (type.SpecialType == SpecialType.System_Object || SymbolEqualityComparer.Default.Equals(type, types.Exception))
        {
            return CatchKind.All;
        }

        return WellKnownTypes.IsOrDerivesFrom(type, types.OperationCanceledException) ? CatchKind.Cancellation : CatchKind.Other;
    }

    /// <summary>Could a catch of this type take an <c>OperationCanceledException</c>: the type, one derived from it, or one of its bases. Unknown types could.</summary>
    public static bool CouldCatchCancellation(ITypeSymbol? type, WellKnownTypes types)
        => type is null
            || type.TypeKind == TypeKind.Error
            || WellKnownTypes.IsOrDerivesFrom(type, types.OperationCanceledException)
            || (types.OperationCanceledException is { } canceled && WellKnownTypes.IsOrDerivesFrom(canceled, type));


    /// <summary>
    /// A use of a token that throws once it is cancelled: the token handed to a call or constructor (not to the token's
    /// own members, such as <c>CreateLinkedTokenSource</c> or <c>Register</c>), or <c>token.ThrowIfCancellationRequested()</c>.
    /// Returns the token's value, or null.
    /// </summary>
    private static IOperation? ThrowingUse(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case IArgumentOperation { ArgumentKind: not ArgumentKind.DefaultValue, Value: var value } argument when types.IsCancellationType(value.Type):
                var callee = argument.Parent switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    _ => null,
                };
                return callee is not null && !types.IsCancellationType(callee.ContainingType) ? value : null;
            case IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested", Instance: { } instance } when types.IsCancellationType(instance.Type):
                return instance;
            default:
                return null;
        }
    }

    /// <summary>An <c>await</c> or a blocking call (<see cref="BlockingCalls"/>): outside the <c>try</c> block it holds the loop until something else happens, so the loop does not spin, and it may be how the loop ends (a channel completed).</summary>
    private static bool IsWait(IOperation operation, WellKnownTypes types)
        => operation.Kind == OperationKind.Await || BlockingCalls.Describe(operation, types) is not null;

    /// <summary><c>token.IsCancellationRequested</c>, <c>cts.IsCancellationRequested</c>, <c>token.WaitHandle</c>: the code looks at the token.</summary>
    private static bool IsTokenTest(IOperation operation, WellKnownTypes types)
        => operation is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" or "WaitHandle", Instance: { } instance }
            && types.IsCancellationType(instance.Type);

    private static bool IsUnknown(IOperation operation)
        => operation.Kind == OperationKind.Invalid || operation.Type?.TypeKind == TypeKind.Error;

    private readonly struct TokenRoot
    {
        public TokenRoot(ISymbol symbol, IOperation expression)
        {
            Symbol = symbol;
            Expression = expression;
        }

        public ISymbol Symbol { get; }

        public IOperation Expression { get; }
    }
}
