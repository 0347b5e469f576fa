using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// The blocking waits that have no <c>CancellationToken</c> overload (TSA2007): <c>WaitHandle.WaitOne</c>,
/// <c>WaitAny</c> and <c>WaitAll</c>, <c>Monitor.Wait</c> and <c>SpinWait.SpinUntil</c>; what they wait on, and
/// whether a token can wake them all the same. The analyzer and the fix both ask here.
/// </summary>
internal static class UncancellableWaits
{
    /// <summary>Is <paramref name="invocation"/> one of the waits no token can interrupt (what it waits on aside)?</summary>
    public static BlockingCallKind KindOf(IInvocationOperation invocation, WellKnownTypes types)
    {
        // Cheap name test first: every invocation of the compilation comes through here.
        if (invocation.TargetMethod.Name is not ("WaitOne" or "WaitAny" or "WaitAll" or "Wait" or "SpinUntil"))
        {
            return BlockingCallKind.None;
        }

        var kind = BlockingCalls.KindOf(invocation, types);
        return kind is BlockingCallKind.WaitHandleWaitOne or BlockingCallKind.WaitHandleWaitAny or BlockingCallKind.WaitHandleWaitAll
            or BlockingCallKind.MonitorWait or BlockingCallKind.SpinWaitSpinUntil
            ? kind
            : BlockingCallKind.None;
    }

    /// <summary>
    /// The handle of a <c>WaitOne</c> (<c>evt</c> in <c>evt.WaitOne()</c> and <c>evt?.WaitOne()</c>), the array of a
    /// <c>WaitAny</c>/<c>WaitAll</c>, the lock of a <c>Monitor.Wait</c>, the condition of a <c>SpinUntil</c>.
    /// </summary>
    public static IOperation? WaitedOn(IInvocationOperation wait, BlockingCallKind kind)
    {
        if (kind == BlockingCallKind.WaitHandleWaitOne)
        {
            var instance = wait.Instance;
            if (instance is IConditionalAccessInstanceOperation)
            {
                for (var current = wait.Parent; current is not null; current = current.Parent)
                {
                    if (current is IConditionalAccessOperation access)
                    {
                        return OperationTrees.WithoutConversions(access.Operation);
                    }
                }

                return null;
            }

            return instance is null ? null : OperationTrees.WithoutConversions(instance);
        }

        foreach (var argument in wait.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return OperationTrees.WithoutConversions(argument.Value);
            }
        }

        return null;
    }

    /// <summary>
    /// Can a token wake the wait as it is written, or can nothing be said? It waits on a token's <c>WaitHandle</c>, its
    /// array holds one (or is not written out where it is built), or its <c>SpinUntil</c> condition looks at a token.
    /// </summary>
    public static bool MayObserveToken(IInvocationOperation wait, BlockingCallKind kind, WellKnownTypes types)
    {
        var waitedOn = WaitedOn(wait, kind);
        if (waitedOn is null || waitedOn.Kind == OperationKind.Invalid || waitedOn.Type?.TypeKind == TypeKind.Error)
        {
            return true;
        }

        switch (kind)
        {
            case BlockingCallKind.WaitHandleWaitOne:
                return IsTokenWaitHandle(ValueOf(waitedOn) ?? waitedOn, types) || IsBuiltFromToken(waitedOn, types);
            case BlockingCallKind.WaitHandleWaitAny or BlockingCallKind.WaitHandleWaitAll:
                return ArrayElements(waitedOn) is not { } elements
                    || OperationTrees.Find(elements, enterNestedFunctions: false, element => IsTokenWaitHandle(element, types) || IsBuiltFromToken(element, types)) is not null;
            case BlockingCallKind.SpinWaitSpinUntil:
                return CancellationObservation.Of(waitedOn, types) != Observation.None;
            default:
                return false;
        }
    }

    /// <summary>
    /// The variables whose state the wait waits for: the handle or lock, the handles of the array, the fields and locals
    /// a <c>SpinUntil</c> condition reads.
    /// </summary>
    public static HashSet<ISymbol> WaitedSymbols(IInvocationOperation wait, BlockingCallKind kind)
    {
        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var waitedOn = WaitedOn(wait, kind);
        if (waitedOn is null)
        {
            return symbols;
        }

        if (kind is BlockingCallKind.WaitHandleWaitAny or BlockingCallKind.WaitHandleWaitAll or BlockingCallKind.SpinWaitSpinUntil)
        {
            var scanned = kind == BlockingCallKind.SpinWaitSpinUntil ? waitedOn : ArrayElements(waitedOn) ?? waitedOn;
            OperationTrees.Find(scanned, enterNestedFunctions: true, operation =>
            {
                if (operation is not IInstanceReferenceOperation && SymbolOf(operation) is { } symbol)
                {
                    symbols.Add(symbol);
                }

                return false;
            });
        }
        else if (SymbolOf(waitedOn) is { } symbol)
        {
            symbols.Add(symbol);
        }

        return symbols;
    }

    /// <summary>
    /// Does code of the same type (in the same file) wake the wait on cancellation: a <c>token.Register</c> callback that
    /// touches a waited variable (<c>token.Register(() => evt.Set())</c>, <c>token.Register(evt.Set)</c>, a method of
    /// the type given as the callback), or a method that cancels a token source and also sets, releases or pulses a
    /// waited variable (<c>Stop() { cts.Cancel(); evt.Set(); }</c>)?
    /// </summary>
    public static bool IsWokenOnCancellation(IInvocationOperation wait, BlockingCallKind kind, ISymbol? containingSymbol, WellKnownTypes types, WakerCalls wakers)
    {
        var model = wait.SemanticModel;
        var symbols = WaitedSymbols(wait, kind);
        if (model is null || symbols.Count == 0)
        {
            return false;
        }

        foreach (var scope in Scopes(wait.Syntax, containingSymbol))
        {
            foreach (var invocation in wakers.In(scope, model, types))
            {
                if (invocation.TargetMethod.Name is "Register" or "UnsafeRegister")
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.Ordinal == 0 && CallbackTouches(argument.Value, symbols, model))
                        {
                            return true;
                        }
                    }
                }
                else if (OperationTrees.Find(OperationTrees.FunctionBody(invocation), enterNestedFunctions: false, operation => Wakes(operation, symbols, types)) is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The calls of a type (or a file of top-level statements) that may wake a wait on cancellation —
    /// <c>CancellationToken.Register</c>/<c>UnsafeRegister</c>, <c>CancellationTokenSource.Cancel</c>/<c>CancelAsync</c>
    /// — found once per type declaration and kept for the compilation: every wait of a type asks about the same calls,
    /// and reading the whole type again for each wait made a large type quadratic.
    /// </summary>
    public sealed class WakerCalls
    {
        private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<IInvocationOperation>> _byScope = new();

        public ImmutableArray<IInvocationOperation> In(SyntaxNode scope, SemanticModel model, WellKnownTypes types)
            => _byScope.TryGetValue(scope, out var calls) ? calls : _byScope.GetOrAdd(scope, Find(scope, model, types));

        private static ImmutableArray<IInvocationOperation> Find(SyntaxNode scope, SemanticModel model, WellKnownTypes types)
        {
            var calls = ImmutableArray.CreateBuilder<IInvocationOperation>();
            foreach (var node in scope.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { Expression: var callee } call
                    || NameOf(callee) is not ("Register" or "UnsafeRegister" or "Cancel" or "CancelAsync")
                    || model.GetOperation(call) is not IInvocationOperation { TargetMethod: var method } invocation)
                {
                    continue;
                }

                if (types.IsTokenRegistration(method)
                    || (method.Name is "Cancel" or "CancelAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationTokenSource)))
                {
                    calls.Add(invocation);
                }
            }

            return calls.ToImmutable();
        }
    }

    /// <summary><c>token.WaitHandle</c>, <c>cts.Token.WaitHandle</c>.</summary>
    public static bool IsTokenWaitHandle(IOperation operation, WellKnownTypes types)
        => OperationTrees.WithoutConversions(operation) is IPropertyReferenceOperation { Property.Name: "WaitHandle", Instance: { } instance }
            && SymbolEqualityComparer.Default.Equals(instance.Type, types.CancellationToken);

    /// <summary>
    /// The written-out elements of a handle array: the initializer of <c>new[] { a, b }</c>, or of the local it was put
    /// in; null when the contents are built elsewhere (a field, an array filled element by element, a collection
    /// expression, which Roslyn 4.8 does not describe).
    /// </summary>
    public static IArrayInitializerOperation? ArrayElements(IOperation array)
        => OperationTrees.WithoutConversions(ValueOf(array) ?? array) is IArrayCreationOperation { Initializer: { } initializer } ? initializer : null;

    /// <summary>
    /// A handle reached from a local that was built from a token (<c>using var ev = token.GetCancellationEvent();</c>
    /// then <c>ev.WaitHandle.WaitOne()</c>): a helper the token sets, most likely through its own registration.
    /// </summary>
    private static bool IsBuiltFromToken(IOperation handle, WellKnownTypes types)
    {
        var root = OperationTrees.WithoutConversions(handle);
        while (root is IMemberReferenceOperation { Instance: { } instance })
        {
            root = OperationTrees.WithoutConversions(instance);
        }

        return root is ILocalReferenceOperation && ValueOf(root) is { } value && CancellationObservation.Of(value, types) != Observation.None;
    }

    /// <summary>The initializer of a local (<c>var handle = token.WaitHandle;</c>) declared in the same file, or null.</summary>
    private static IOperation? ValueOf(IOperation operation)
    {
        if (OperationTrees.WithoutConversions(operation) is not ILocalReferenceOperation { Local: var local } || operation.SemanticModel is not { } model)
        {
            return null;
        }

        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree
                && model.GetOperation(reference.GetSyntax()) is IVariableDeclaratorOperation declarator)
            {
                return declarator.GetVariableInitializer()?.Value;
            }
        }

        return null;
    }

    private static IEnumerable<SyntaxNode> Scopes(SyntaxNode wait, ISymbol? containingSymbol)
    {
        var type = Functions.ContainingMember(containingSymbol)?.ContainingType;
        var found = false;
        if (type is not null)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == wait.SyntaxTree)
                {
                    found = true;
                    yield return reference.GetSyntax();
                }
            }
        }

        if (!found)
        {
            // Top-level statements: the program's type has no declaration of its own.
            yield return wait.SyntaxTree.GetRoot();
        }
    }

    private static string? NameOf(ExpressionSyntax callee) => callee switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>Does a <c>Register</c> callback reference a waited variable: a lambda's body, a method group's receiver, or the body of the type's method it names?</summary>
    private static bool CallbackTouches(IOperation callback, HashSet<ISymbol> symbols, SemanticModel model)
    {
        callback = OperationTrees.WithoutConversions(callback);
        if (callback is IDelegateCreationOperation creation)
        {
            callback = OperationTrees.WithoutConversions(creation.Target);
        }

        if (callback is IMethodReferenceOperation methodReference)
        {
            if (methodReference.Instance is { } instance && SymbolOf(OperationTrees.WithoutConversions(instance)) is { } receiver && symbols.Contains(receiver))
            {
                return true;
            }

            return BodyReferences(methodReference.Method, symbols, model);
        }

        // `token.Register(() => Cancel())` where the local function or method Cancel pulses the waited object: one call deep.
        return References(callback, symbols)
            || OperationTrees.Find(callback, enterNestedFunctions: true, operation =>
                operation is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction or MethodKind.Ordinary } called }
                && BodyReferences(called, symbols, model)) is not null;
    }

    /// <summary>Does the body of <paramref name="method"/>, declared in the file <paramref name="model"/> reads, reference a waited variable?</summary>
    private static bool BodyReferences(IMethodSymbol method, HashSet<ISymbol> symbols, SemanticModel model)
    {
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree && model.GetOperation(reference.GetSyntax()) is { } body && References(body, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static bool References(IOperation code, HashSet<ISymbol> symbols)
        => OperationTrees.Find(code, enterNestedFunctions: true, operation => SymbolOf(operation) is { } symbol && symbols.Contains(symbol)) is not null;

    /// <summary>
    /// <c>evt.Set()</c>, <c>semaphore.Release()</c>, <c>evt.Close()</c>/<c>Dispose()</c>, <c>Monitor.Pulse(gate)</c>/<c>PulseAll(gate)</c>
    /// on a waited variable, or an assignment to one (the flag a <c>SpinUntil</c> condition reads).
    /// </summary>
    private static bool Wakes(IOperation operation, HashSet<ISymbol> symbols, WellKnownTypes types)
    {
        if (operation is ISimpleAssignmentOperation { Target: var target })
        {
            return SymbolOf(target) is { } assigned && symbols.Contains(assigned);
        }

        if (operation is not IInvocationOperation { TargetMethod: var method } call)
        {
            return false;
        }

        switch (method.Name)
        {
            case "Set" or "Release" or "Close" or "Dispose" when call.Instance is { } instance:
                // Set and Release only of the events and semaphores they wake; Close and Dispose of any waited object.
                return (method.Name is "Close" or "Dispose" || CompletionSignals.SetsOrReleases(method, types))
                    && SymbolOf(OperationTrees.WithoutConversions(instance)) is { } handle
                    && symbols.Contains(handle);
            case "Pulse" or "PulseAll" when SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Monitor) && call.Arguments.Length > 0:
                return SymbolOf(OperationTrees.WithoutConversions(call.Arguments[0].Value)) is { } gate && symbols.Contains(gate);
            default:
                return false;
        }
    }

    /// <summary>The variable an operation reads; for a written-out <c>this</c>, the type (a <c>Monitor.Wait(this)</c> waits on the instance).</summary>
    private static ISymbol? SymbolOf(IOperation operation) => operation switch
    {
        IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance, IsImplicit: false, Type: { } type } => type,
        IFieldReferenceOperation field => field.Field,
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };
}
