using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>What a piece of code does with cancellation tokens.</summary>
internal enum Observation
{
    /// <summary>No token or token source is referenced.</summary>
    None,

    /// <summary>Some token or token source is referenced: checked, thrown on, waited on, registered or passed on.</summary>
    Observes,

    /// <summary>The code does not bind (error types, invalid operations): nothing can be said.</summary>
    Unknown,
}

/// <summary>
/// Does code observe cancellation? It does when it references any <c>CancellationToken</c> or
/// <c>CancellationTokenSource</c> value — a token in scope, a field, a property, <c>cts.Token</c>, a linked source —
/// in any way, nested lambdas included. It also does when it hands a call an object that carries a token (a type with a
/// <c>CancellationToken</c> property or field, such as a request context), or uses a local that was built from a
/// token (<c>var context = Pool.Get(token);</c>): the callee can observe the token through it (for started work, also a
/// private field of its own type built from a token, when asked: <see cref="OfCountingOwnFields"/>).
/// <c>CancellationToken.None</c>, <c>default</c> and optional token parameters left to their default observe nothing.
/// </summary>
internal static class CancellationObservation
{
    public static Observation Of(IOperation code, WellKnownTypes types) => Of(code, types, followLocalFunctions: true, readOwnFields: false);

    /// <summary>
    /// As <see cref="Of(IOperation, WellKnownTypes)"/>, and a private field of the code's own type that this file assigns
    /// from a token counts too (<c>_pages = Scan(_cts.Token).GetAsyncEnumerator();</c>, then
    /// <c>await _pages.MoveNextAsync()</c>): the code keeps the token in the type's state. Dearer, since it binds those
    /// fields' assignments, so a rule asks it last, once a report is otherwise due (reading it for every loop made
    /// TSA2001 three times as dear on Quartz).
    /// </summary>
    public static Observation OfCountingOwnFields(IOperation code, WellKnownTypes types) => Of(code, types, followLocalFunctions: true, readOwnFields: true);

    /// <summary>
    /// Does <paramref name="code"/> pass a token it could have passed on as <c>CancellationToken.None</c> or
    /// <c>default(CancellationToken)</c>, written out? That is a decision not to be cancelled there (a drain that must
    /// finish the work in flight), as much as passing a token is a decision to be.
    /// </summary>
    public static bool DeclinesExplicitly(IOperation code, WellKnownTypes types)
        => OperationTrees.Find(code, enterNestedFunctions: false, operation => operation is IArgumentOperation { ArgumentKind: ArgumentKind.Explicit } argument
            && SymbolEqualityComparer.Default.Equals(argument.Value.Type, types.CancellationToken)
            && argument.Value is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } } or IDefaultValueOperation) is not null;

    /// <summary>
    /// Does <paramref name="scope"/> (a function body) reference a token after <paramref name="operation"/> in source
    /// order, nested functions included? Code that does not bind counts as referencing one: nothing can be said of it.
    /// </summary>
    public static bool ObservedAfter(IOperation scope, IOperation operation, WellKnownTypes types)
    {
        var end = operation.Syntax.Span.End;
        return OperationTrees.Find(scope, enterNestedFunctions: true, candidate =>
            candidate.Syntax.SpanStart >= end
            && (candidate.Kind == OperationKind.Invalid
                || candidate.Type?.TypeKind == TypeKind.Error
                || candidate is IArgumentOperation { ArgumentKind: not ArgumentKind.DefaultValue } argument && types.CarriesToken(argument.Value.Type)
                || IsTokenValue(candidate, types))) is not null;
    }

    /// <summary>
    /// As <see cref="Of(IOperation, WellKnownTypes)"/>; a call of a local function counts by what that function's body
    /// does (it runs as part of the code, and captures the same tokens), one level deep.
    /// </summary>
    private static Observation Of(IOperation code, WellKnownTypes types, bool followLocalFunctions, bool readOwnFields)
    {
        var unknown = false;
        HashSet<ILocalSymbol>? otherLocals = null;
        HashSet<IFieldSymbol>? ownFields = null;
        List<IMethodSymbol>? localFunctions = null;
        var found = OperationTrees.Find(code, enterNestedFunctions: true, operation =>
        {
            if (operation.Kind == OperationKind.Invalid || operation.Type?.TypeKind == TypeKind.Error)
            {
                unknown = true;
                return false;
            }

            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction } localFunction } when followLocalFunctions:
                    (localFunctions ??= new List<IMethodSymbol>()).Add(localFunction);
                    return false;
                case IArgumentOperation { ArgumentKind: not ArgumentKind.DefaultValue } argument when types.CarriesToken(argument.Value.Type):
                    return true;
                case ILocalReferenceOperation { Local: var local } when !types.IsCancellationType(local.Type):
                    (otherLocals ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(local);
                    return false;
                case IFieldReferenceOperation { Field: { IsStatic: false, DeclaredAccessibility: Accessibility.Private, Type.SpecialType: SpecialType.None } field }
                    when readOwnFields && !types.IsCancellationType(field.Type):
                    (ownFields ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default)).Add(field);
                    return false;
                default:
                    return IsTokenValue(operation, types);
            }
        });

        if (found is not null
            || (otherLocals is not null && AnyBuiltFromToken(OperationTrees.Root(code), otherLocals, types))
            || (ownFields is not null && AnyFieldBuiltFromToken(code.SemanticModel, ownFields, types))
            || (localFunctions is not null && AnyObserves(localFunctions, code.SemanticModel, types)))
        {
            return Observation.Observes;
        }

        return unknown ? Observation.Unknown : Observation.None;
    }

    private static bool AnyObserves(List<IMethodSymbol> localFunctions, SemanticModel? model, WellKnownTypes types)
    {
        foreach (var function in localFunctions)
        {
            if (model is not null
                && function.DeclaringSyntaxReferences.Length == 1
                && function.DeclaringSyntaxReferences[0].SyntaxTree == model.SyntaxTree
                && model.GetOperation(function.DeclaringSyntaxReferences[0].GetSyntax()) is ILocalFunctionOperation { Body: { } body }
                && OfLocalFunction(body, types) == Observation.Observes)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a local function's body does, found once per body: every loop that calls the function asks, and a walk of
    /// the body per loop made a method with thousands of such loops quadratic.
    /// </summary>
    private static Observation OfLocalFunction(IOperation body, WellKnownTypes types)
    {
        if (!LocalFunctionObservations.TryGetValue(body, out var observation))
        {
            observation = LocalFunctionObservations.GetValue(body, b => Boxed[(int)Of(b, types, followLocalFunctions: false, readOwnFields: false)]);
        }

        return (Observation)observation;
    }

    private static readonly ConditionalWeakTable<IOperation, object> LocalFunctionObservations = new();

    /// <summary>Each <see cref="Observation"/> boxed once, as the table above keeps objects.</summary>
    private static readonly object[] Boxed = { Observation.None, Observation.Observes, Observation.Unknown };

    /// <summary>Is one of <paramref name="locals"/> initialized or assigned, anywhere in the function body, from an expression that uses a token?</summary>
    private static bool AnyBuiltFromToken(IOperation body, HashSet<ILocalSymbol> locals, WellKnownTypes types)
    {
        var built = BuiltFromToken.GetValue(body, root => LocalsBuiltFromToken(root, types));
        return built.Count > 0 && built.Overlaps(locals);
    }

    /// <summary>
    /// The locals of a function body built from a token, found in one walk per body: every loop of a method asks about
    /// the same body, and walking it again for each loop made a method with thousands of loops quadratic.
    /// </summary>
    private static readonly ConditionalWeakTable<IOperation, HashSet<ILocalSymbol>> BuiltFromToken = new();

    private static HashSet<ILocalSymbol> LocalsBuiltFromToken(IOperation body, WellKnownTypes types)
    {
        var built = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        OperationTrees.Find(body, enterNestedFunctions: true, operation =>
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when UsesToken(initializer.Value, types):
                    built.Add(declarator.Symbol);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when UsesToken(assignment.Value, types):
                    built.Add(target.Local);
                    break;
            }

            return false;
        });
        return built;
    }

    /// <summary>
    /// Is one of <paramref name="fields"/> (private fields of the code's own type) assigned, in a declaration of that type
    /// in this file, from an expression that uses a token (naps2's scan job keeps
    /// <c>_enumerable = controller.Scan(options, _cts.Token).GetAsyncEnumerator()</c>)? Code that uses such a field
    /// uses the token inside it.
    /// </summary>
    private static bool AnyFieldBuiltFromToken(SemanticModel? model, HashSet<IFieldSymbol> fields, WellKnownTypes types)
    {
        if (model is null)
        {
            return false;
        }

        foreach (var field in fields)
        {
            if (field.DeclaringSyntaxReferences.Length == 1
                && field.DeclaringSyntaxReferences[0].SyntaxTree == model.SyntaxTree
                && IsBuiltFromToken(field, model, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="AnyFieldBuiltFromToken"/> for one field, found once per field: only the assignments to that field
    /// name in its type's declaration are bound (binding every assignment of the type made TSA2001 three times as
    /// dear on Quartz). Keyed by the field's symbol, not by syntax: an unchanged file is shared by the next
    /// compilation, whose symbols differ.
    /// </summary>
    private static bool IsBuiltFromToken(IFieldSymbol field, SemanticModel model, WellKnownTypes types)
    {
        if (!FieldsBuiltFromToken.TryGetValue(field, out var built))
        {
            built = FieldsBuiltFromToken.GetValue(field, f => Boxed[AssignedFromToken((IFieldSymbol)f, model, types) ? (int)Observation.Observes : (int)Observation.None]);
        }

        return (Observation)built == Observation.Observes;
    }

    private static readonly ConditionalWeakTable<ISymbol, object> FieldsBuiltFromToken = new();

    private static bool AssignedFromToken(IFieldSymbol field, SemanticModel model, WellKnownTypes types)
    {
        var declarator = field.DeclaringSyntaxReferences[0].GetSyntax();
        if (declarator is VariableDeclaratorSyntax { Initializer: { } initializer }
            && model.GetOperation(initializer) is IFieldInitializerOperation { Value: var initial }
            && UsesToken(initial, types))
        {
            return true;
        }

        if (declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type
            || !AssignmentsByName.GetValue(type, AssignmentsIn).TryGetValue(field.Name, out var assignments))
        {
            return false;
        }

        foreach (var assignment in assignments)
        {
            if (model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IFieldReferenceOperation target, Value: var value }
                && SymbolEqualityComparer.Default.Equals(target.Field, field)
                && UsesToken(value, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The simple assignments <c>name = …</c> and <c>this.name = …</c> of a type declaration (nested types included),
    /// by the name assigned: read once per declaration however many of its fields are asked about. Syntax only, so a
    /// file that the next compilation shares keeps it.
    /// </summary>
    private static readonly ConditionalWeakTable<TypeDeclarationSyntax, Dictionary<string, List<AssignmentExpressionSyntax>>> AssignmentsByName = new();

    private static Dictionary<string, List<AssignmentExpressionSyntax>> AssignmentsIn(TypeDeclarationSyntax type)
    {
        var byName = new Dictionary<string, List<AssignmentExpressionSyntax>>(System.StringComparer.Ordinal);
        foreach (var node in type.DescendantNodes())
        {
            if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                && assignment.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
                    _ => null,
                } is { } assigned)
            {
                if (!byName.TryGetValue(assigned, out var list))
                {
                    byName.Add(assigned, list = new List<AssignmentExpressionSyntax>());
                }

                list.Add(assignment);
            }
        }

        return byName;
    }

    private static bool UsesToken(IOperation value, WellKnownTypes types)
        => OperationTrees.Find(value, enterNestedFunctions: true, operation => IsTokenValue(operation, types)) is not null;

    /// <summary>
    /// Does the loop run while a registration of a token is in force: inside <c>using (token.Register(…))</c>, or after
    /// <c>using var registration = token.Register(…);</c> in a block around it? The callback is how cancellation reaches
    /// the loop (it sends a cancel message the loop then receives the end of, closes what the loop reads, completes what
    /// it awaits); the loop need not test the token itself.
    /// </summary>
    public static bool RunsUnderRegistration(ILoopOperation loop, WellKnownTypes types)
    {
        IOperation current = loop;
        for (var parent = loop.Parent; parent is not null && !OperationTrees.IsNestedFunction(parent); current = parent, parent = parent.Parent)
        {
            if (parent is IUsingOperation { Resources: var resources } @using && @using.Body == current && RegistersToken(resources, types))
            {
                return true;
            }

            if (parent is IBlockOperation block)
            {
                foreach (var statement in block.Operations)
                {
                    if (statement == current)
                    {
                        break;
                    }

                    if (statement is IUsingDeclarationOperation declaration && RegistersToken(declaration.DeclarationGroup, types))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool RegistersToken(IOperation resources, WellKnownTypes types)
        => OperationTrees.Find(resources, enterNestedFunctions: false, operation => operation is IInvocationOperation { TargetMethod: var method } && types.IsTokenRegistration(method)) is not null;

    /// <summary>
    /// Does the loop drive something its function handed a token to before the loop? A method of a local, parameter or
    /// field (<c>await _cursor.MoveNextAsync()</c> after <c>_cursor.Reset(count, token)</c>): that object observes the
    /// token for the loop. Or tasks it waits for with <c>Task.WhenAny</c>/<c>WhenAll</c> (a drain of
    /// <c>running</c> after <c>running[i] = ProcessAsync(item, token)</c> or <c>running.Add(ProcessAsync(item, token))</c>):
    /// they end, and the awaits throw, once the token is cancelled.
    /// </summary>
    public static bool DrivesTokenHolder(ILoopOperation loop, WellKnownTypes types)
    {
        HashSet<ISymbol>? receivers = null;
        OperationTrees.Find(loop, enterNestedFunctions: false, operation =>
        {
            if (operation is IInvocationOperation { Instance: { } instance } && Variables.Of(instance) is { } receiver)
            {
                (receivers ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(receiver);
            }
            else if (operation is IInvocationOperation { TargetMethod: { Name: "WhenAny" or "WhenAll", IsStatic: true } whenAny } waitForTasks
                && SymbolEqualityComparer.Default.Equals(whenAny.ContainingType, types.Task)
                && waitForTasks.Arguments.Length == 1
                && Variables.Of(waitForTasks.Arguments[0].Value) is { } tasks)
            {
                (receivers ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(tasks);
            }

            return false;
        });
        if (receivers is null)
        {
            return false;
        }

        var loopStart = loop.Syntax.SpanStart;
        return OperationTrees.Find(OperationTrees.FunctionBody(loop), enterNestedFunctions: false, operation =>
        {
            if (operation.Syntax.Span.End > loopStart)
            {
                return false;
            }

            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: var array }, Value: var value }:
                    return Variables.Of(array) is { } tasks && receivers.Contains(tasks) && HandsToken(value, types);
                case IInvocationOperation { Instance: { } instance } call when Variables.Of(instance) is { } receiver && receivers.Contains(receiver):
                    return HandsToken(call, types)
                        || (call.TargetMethod.Name == "Add" && call.Arguments.Length == 1 && HandsToken(call.Arguments[0].Value, types));
                default:
                    return false;
            }
        }) is not null;
    }

    /// <summary>Is <paramref name="operation"/> a call given a token as an argument of its own?</summary>
    private static bool HandsToken(IOperation operation, WellKnownTypes types)
    {
        if (OperationTrees.WithoutConversions(operation) is not IInvocationOperation call)
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && IsTokenValue(argument.Value, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="operation"/> a call of <c>CancellationToken.ThrowIfCancellationRequested()</c>?</summary>
    public static bool IsThrowIfCancellationRequested(IOperation operation, WellKnownTypes types)
        => operation is IInvocationOperation { TargetMethod: { Name: "ThrowIfCancellationRequested" } method }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CancellationToken);

    /// <summary>Is this a token or token source that can be cancelled: not <c>CancellationToken.None</c>, <c>default</c>, <c>new CancellationToken()</c> or a default argument?</summary>
    public static bool IsTokenValue(IOperation operation, WellKnownTypes types)
    {
        if (!types.IsCancellationType(operation.Type))
        {
            return false;
        }

        switch (operation)
        {
            case IDefaultValueOperation:
            case ILiteralOperation:
            case IObjectCreationOperation { Type: var type } when SymbolEqualityComparer.Default.Equals(type, types.CancellationToken):
            case IConversionOperation:
                return false;
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "None" } }:
                return false;
            case IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue }:
                return false;
            default:
                return operation.Kind is OperationKind.LocalReference
                    or OperationKind.ParameterReference
                    or OperationKind.FieldReference
                    or OperationKind.PropertyReference
                    or OperationKind.Invocation
                    or OperationKind.ObjectCreation
                    or OperationKind.InstanceReference
                    or OperationKind.Await;
        }
    }
}
