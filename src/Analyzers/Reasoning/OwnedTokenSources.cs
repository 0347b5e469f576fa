using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// The <c>CancellationTokenSource</c> fields a type keeps to itself, and what its code does with each (TSA2010). Built
/// at the start of the type's analysis, told about every reference to those fields, asked at its end. A source is
/// "never cancelled" only when every reference was seen and each is one of a few harmless shapes:
/// <list type="bullet">
/// <item><c>f.Token</c>, <c>f.IsCancellationRequested</c>, <c>f.Dispose()</c>, also through <c>?.</c>;</item>
/// <item><c>f = new CancellationTokenSource()</c> (no timeout, not linked), <c>f ??= …</c> likewise, <c>f = null</c>;</item>
/// <item>a comparison with null.</item>
/// </list>
/// Anything else — <c>Cancel</c>, <c>CancelAsync</c>, <c>CancelAfter</c>, <c>TryReset</c>, any other call, the source
/// passed as an argument (<c>ref</c>, <c>out</c>, <c>Interlocked.Exchange</c>, an extension method), returned, stored in
/// a local, another field or a collection, assigned from anything but a plain <c>new</c>, created with a timeout or by
/// <c>CreateLinkedTokenSource</c> — makes the field unknown, and unknown is silent. So do references the analysis did
/// not see: the field's name is counted in the type's syntax (every part, nested types, generated parts) and must
/// match the references that were analyzed.
/// </summary>
internal sealed class OwnedTokenSources
{
    private const int Feeds = 1;
    private const int Unknown = 2;

    private readonly INamedTypeSymbol _type;
    private readonly Dictionary<IFieldSymbol, Use> _fields;

    private OwnedTokenSources(INamedTypeSymbol type, Dictionary<IFieldSymbol, Use> fields)
    {
        _type = type;
        _fields = fields;
    }

    /// <summary>The private <c>CancellationTokenSource</c> fields of <paramref name="type"/>, or null when it has none.</summary>
    public static OwnedTokenSources? For(INamedTypeSymbol type, WellKnownTypes types)
    {
        if (DeclaredFields.Named(type, MayBeSource) is not { } declared)
        {
            return null;
        }

        Dictionary<IFieldSymbol, Use>? fields = null;
        foreach (var field in declared)
        {
            if (field is { IsImplicitlyDeclared: false, IsConst: false, DeclaredAccessibility: Accessibility.Private }
                && SymbolEqualityComparer.Default.Equals(field.Type, types.CancellationTokenSource)
                && field.Locations.Length == 1
                && field.Locations[0].IsInSource)
            {
                (fields ??= new Dictionary<IFieldSymbol, Use>(SymbolEqualityComparer.Default))[field] = new Use();
            }
        }

        return fields is null ? null : new OwnedTokenSources(type, fields);
    }

    /// <summary>
    /// Could the declaration be of a private source field: not <c>const</c>, no accessibility but <c>private</c>, and a
    /// type that may name <c>CancellationTokenSource</c> (qualified or not, or an alias), nullable or not.
    /// </summary>
    private static bool MayBeSource(FieldDeclarationSyntax field)
    {
        foreach (var modifier in field.Modifiers)
        {
            if (modifier.Kind() is SyntaxKind.ConstKeyword or SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword)
            {
                return false;
            }
        }

        var declared = field.Declaration.Type is NullableTypeSyntax nullable ? nullable.ElementType : field.Declaration.Type;
        return DeclaredFields.MayName(declared, "CancellationTokenSource");
    }

    /// <summary>A field initializer: only <c>= new CancellationTokenSource()</c> keeps the field a candidate.</summary>
    public void RecordInitializer(IFieldInitializerOperation initializer, WellKnownTypes types)
    {
        foreach (var field in initializer.InitializedFields)
        {
            if (_fields.TryGetValue(field, out var use) && !IsPlainCreation(initializer.Value, types))
            {
                use.Add(Unknown);
            }
        }
    }

    /// <summary>One reference to a field of the type, in code of the type (operation actions of the type's analysis).</summary>
    public void RecordReference(IFieldReferenceOperation reference, WellKnownTypes types)
    {
        if (!_fields.TryGetValue(reference.Field.OriginalDefinition, out var use))
        {
            return;
        }

        Interlocked.Increment(ref use.Seen);
        if (reference.Instance is not (null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }))
        {
            // other._cts: another instance's source, reached from outside that instance.
            use.Add(Unknown);
            return;
        }

        IOperation user = reference;
        var parent = reference.Parent;
        while (parent is IConversionOperation { IsImplicit: true } conversion)
        {
            // _cts != null compares as object.
            user = conversion;
            parent = conversion.Parent;
        }

        if (parent is IConditionalAccessOperation access && access.Operation == reference)
        {
            // _cts?.Token, _cts?.Cancel(): judge what is done with the conditional-access instance.
            var instance = OperationTrees.Find(access.WhenNotNull, enterNestedFunctions: false, o => o is IConditionalAccessInstanceOperation);
            user = instance ?? reference;
            parent = instance?.Parent;
        }

        use.Add(Classify(user, parent, types));
    }

    /// <summary>The fields whose token feeds work of the type and that nothing cancels; asked once every reference is recorded.</summary>
    public ImmutableArray<IFieldSymbol> NeverCancelled(System.Threading.CancellationToken cancellationToken)
    {
        Dictionary<string, int>? named = null;
        foreach (var pair in _fields)
        {
            if (pair.Value.Flags == Feeds)
            {
                (named ??= new Dictionary<string, int>(StringComparer.Ordinal))[pair.Key.Name] = 0;
            }
        }

        if (named is null)
        {
            return ImmutableArray<IFieldSymbol>.Empty;
        }

        CountNames(named, cancellationToken);
        var builder = ImmutableArray.CreateBuilder<IFieldSymbol>();
        foreach (var pair in _fields)
        {
            if (pair.Value.Flags == Feeds && named[pair.Key.Name] == Volatile.Read(ref pair.Value.Seen))
            {
                builder.Add(pair.Key);
            }
        }

        return builder.ToImmutable();
    }

    private int Classify(IOperation user, IOperation? parent, WellKnownTypes types)
    {
        switch (parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Token" or "IsCancellationRequested" } property when property.Instance == user:
                // CreateLinkedTokenSource(_cts.Token, …): the linked source may be the one that is cancelled.
                if (property.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" } })
                {
                    return Unknown;
                }

                return FeedsWork(property, types) ? Feeds : 0;
            case IInvocationOperation { TargetMethod.Name: "Dispose", Arguments.Length: 0 } call when call.Instance == user:
                return 0;
            case ISimpleAssignmentOperation assignment when assignment.Target == user:
                return IsPlainCreation(assignment.Value, types) || IsNull(assignment.Value) ? 0 : Unknown;
            case ICoalesceAssignmentOperation assignment when assignment.Target == user:
                return IsPlainCreation(assignment.Value, types) ? 0 : Unknown;
            case IBinaryOperation binary when IsNull(binary.LeftOperand) || IsNull(binary.RightOperand):
                return 0;
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } when IsNull(value):
                return 0;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } } when IsNull(value):
                return 0;
            default:
                // Cancel, CancelAfter, TryReset, any other use: cancelled, or out of sight.
                return Unknown;
        }
    }

    /// <summary>
    /// Is the token used where work of the type observes it: inside a loop, or handed (maybe through a lambda) to
    /// started work or to a method of the type (a worker, <c>_loop = RunAsync(_cts.Token)</c>)?
    /// </summary>
    private bool FeedsWork(IOperation use, WellKnownTypes types)
    {
        if (LoopFacts.Enclosing(use) is not null)
        {
            return true;
        }

        for (var current = use.Parent; current is not null; current = current.Parent)
        {
            if (current is IArgumentOperation { Parent: { } call })
            {
                switch (call)
                {
                    case IInvocationOperation invocation when StartedWork.Match(invocation, types) is not null
                        || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _type)
                        || invocation.TargetMethod.MethodKind == MethodKind.LocalFunction:
                        return true;
                    case IObjectCreationOperation creation when StartedWork.MatchCreation(creation, types) is not null:
                        return true;
                }
            }
        }

        return false;
    }

    private static bool IsPlainCreation(IOperation value, WellKnownTypes types)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value is IObjectCreationOperation { Arguments.Length: 0, Initializer: null } creation
            && SymbolEqualityComparer.Default.Equals(creation.Type, types.CancellationTokenSource);
    }

    private static bool IsNull(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;
    }

    /// <summary>
    /// How often the type's syntax (all its parts, nested types included) names each of <paramref name="named"/>'s
    /// keys: one walk for all the candidate fields, however many a large type has.
    /// </summary>
    private void CountNames(Dictionary<string, int> named, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in _type.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
            {
                if (token.Parent is IdentifierNameSyntax && named.TryGetValue(token.ValueText, out var count))
                {
                    named[token.ValueText] = count + 1;
                }
            }
        }
    }

    private sealed class Use
    {
        public int Seen;
        private int _flags;

        public int Flags => Volatile.Read(ref _flags);

        public void Add(int flags)
        {
            int current;
            do
            {
                current = Volatile.Read(ref _flags);
            }
            while ((current | flags) != current && Interlocked.CompareExchange(ref _flags, current | flags, current) != current);
        }
    }
}
