using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// A thread that an <c>Abort</c> or <c>Interrupt</c> call stops, traced back to where it comes from: a field of the
/// calling type (through <c>this</c> or static) or a local, assigned exactly one <c>new Thread(…)</c> in this
/// document (other writes may only store null), with a worker of this type, and every stop call on it written so a
/// fix can replace it. Anything else — <c>Thread.CurrentThread</c>, a parameter, another object's field, a second
/// creation, a method-group use of <c>Abort</c> — and there is no such thread.
/// </summary>
internal sealed class StoppableThread
{
    private StoppableThread(
        ISymbol symbol,
        SyntaxNode declaration,
        ExpressionSyntax creation,
        CreationPlace place,
        StatementSlot? creationSlot,
        bool creationThroughThis,
        ThreadWorker worker,
        ImmutableArray<StopCall> stops)
    {
        Symbol = symbol;
        Declaration = declaration;
        Creation = creation;
        Place = place;
        CreationSlot = creationSlot;
        CreationThroughThis = creationThroughThis;
        Worker = worker;
        Stops = stops;
    }

    /// <summary>The field or local that holds the thread.</summary>
    public ISymbol Symbol { get; }

    /// <summary>The <c>FieldDeclarationSyntax</c> or <c>LocalDeclarationStatementSyntax</c> of <see cref="Symbol"/>.</summary>
    public SyntaxNode Declaration { get; }

    /// <summary>The <c>new Thread(…)</c> expression.</summary>
    public ExpressionSyntax Creation { get; }

    public CreationPlace Place { get; }

    /// <summary>For <see cref="CreationPlace.FieldAssignment"/>: the statement or expression body holding the assignment.</summary>
    public StatementSlot? CreationSlot { get; }

    /// <summary>The creation assigns <c>this._worker</c>, so the fix writes <c>this._workerCts</c> there.</summary>
    public bool CreationThroughThis { get; }

    public ThreadWorker Worker { get; }

    public ImmutableArray<StopCall> Stops { get; }

    /// <summary>The field or local whose thread the stop call in <paramref name="reported"/> stops, or null.</summary>
    public static ISymbol? StoppedBy(SemanticModel model, SyntaxNode reported, WellKnownTypes types, CancellationToken cancellationToken)
        => StopAt(model, reported, types, cancellationToken) is { } stop ? Receiver(stop, types)?.Symbol : null;

    public static StoppableThread? Find(SemanticModel model, SyntaxNode reported, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (StopAt(model, reported, types, cancellationToken) is not { } stop
            || Receiver(stop, types) is not { } receiver
            || Functions.ContainingMember(model.GetEnclosingSymbol(stop.Syntax.SpanStart, cancellationToken))?.ContainingType is not { } type)
        {
            return null;
        }

        var symbol = receiver.Symbol;
        var typeDeclarations = type.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == model.SyntaxTree).Select(r => r.GetSyntax(cancellationToken)).ToImmutableArray();
        if (symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree
            || symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Parent?.Parent is not { } declaration)
        {
            return null;
        }

        ImmutableArray<SyntaxNode> scope;
        if (symbol is IFieldSymbol field)
        {
            // Every write to the field must be in view: all parts of the type are in this document. A [ThreadStatic]
            // thread would need a token source per thread as well.
            if (!SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, type.OriginalDefinition)
                || declaration is not FieldDeclarationSyntax
                || typeDeclarations.Length != type.DeclaringSyntaxReferences.Length
                || field.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.ThreadStaticAttribute)))
            {
                return null;
            }

            scope = typeDeclarations;
        }
        else if (declaration is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, IsConst: false, Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } local)
        {
            scope = ImmutableArray.Create(local.Parent is GlobalStatementSyntax ? local.SyntaxTree.GetRoot(cancellationToken) : local.Parent!);
        }
        else
        {
            return null;
        }

        if (TheCreation(symbol, declarator, scope, model, types, cancellationToken) is not { } creation)
        {
            return null;
        }

        var initializer = declarator.Initializer?.Value;
        CreationPlace place;
        StatementSlot? creationSlot = null;
        if (creation.Expression == initializer)
        {
            if (symbol is IFieldSymbol { IsStatic: false })
            {
                // An instance field initializer cannot refer to the token source, another instance field.
                return null;
            }

            place = symbol is ILocalSymbol ? CreationPlace.LocalInitializer : CreationPlace.StaticFieldInitializer;
        }
        else if (symbol is IFieldSymbol
            && StatementSlot.Around(creation.Expression, model, cancellationToken) is { } slot
            && (slot.IsExpressionBody || slot.Anchor is ExpressionStatementSyntax or LocalDeclarationStatementSyntax))
        {
            place = CreationPlace.FieldAssignment;
            creationSlot = slot;
        }
        else
        {
            return null;
        }

        if (model.GetOperation(creation.Expression, cancellationToken) is not IObjectCreationOperation creationOperation
            || ThreadWorker.Of(creationOperation, type, model, types, cancellationToken) is not { } worker
            || (worker.Method is not null && SharesWorker(worker, creationOperation, typeDeclarations, type, model, types, cancellationToken))
            || StopCall.AllOn(symbol, scope, model, types, cancellationToken) is not { IsDefaultOrEmpty: false } stops
            || stops.Any(stop => InsideWorker(stop, worker) || Overlaps(stop.Slot, creationSlot)))
        {
            return null;
        }

        return new StoppableThread(symbol, declaration, creation.Expression, place, creationSlot, creation.ThroughThis, worker, stops);
    }

    /// <summary>A thread that stops itself would join itself and never return.</summary>
    private static bool InsideWorker(StopCall stop, ThreadWorker worker)
        => ((SyntaxNode?)worker.Lambda ?? worker.Method) is { } body && body.Span.Contains(stop.Slot.Anchor.Span);

    /// <summary>A stop call in the very statement or expression body that creates the thread: the two edits would collide.</summary>
    private static bool Overlaps(StatementSlot stop, StatementSlot? creation)
        => creation is not null && (stop.Anchor.Span.Contains(creation.Anchor.Span) || creation.Anchor.Span.Contains(stop.Anchor.Span));

    /// <summary>The stop call among <paramref name="reported"/> and its descendants (a diagnostic may cover <c>t?.Abort()</c>).</summary>
    private static IInvocationOperation? StopAt(SemanticModel model, SyntaxNode reported, WellKnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var invocation in reported.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation && IsStop(operation.TargetMethod, types))
            {
                return operation;
            }
        }

        return null;
    }

    internal static bool IsStop(IMethodSymbol method, WellKnownTypes types) => ThreadControl.IsForcedStop(method, types.Thread);

    /// <summary>The thread a call runs on when a fix can name it again: a local, a static field, or a field of <c>this</c>; the whole expression and whether it is <c>?.</c>.</summary>
    internal static (ISymbol Symbol, IOperation Instance, ExpressionSyntax Whole, bool Conditional)? Receiver(IInvocationOperation call, WellKnownTypes types)
    {
        var instance = call.Instance;
        var whole = (ExpressionSyntax)call.Syntax;
        var conditional = false;
        if (instance is IConditionalAccessInstanceOperation)
        {
            if (call.Parent is not IConditionalAccessOperation access || access.WhenNotNull != call || access.Parent is IConditionalAccessOperation)
            {
                return null;
            }

            instance = access.Operation;
            whole = (ExpressionSyntax)access.Syntax;
            conditional = true;
        }

        ISymbol? symbol = instance switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation { Field.IsStatic: true } field => field.Field,
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field => field.Field,
            _ => null,
        };

        var type = symbol switch
        {
            ILocalSymbol local => local.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };

        return symbol is not null && SymbolEqualityComparer.Default.Equals(type, types.Thread) ? (symbol, instance!, whole, conditional) : null;
    }

    /// <summary>
    /// The one <c>new Thread(…)</c> stored in <paramref name="symbol"/>: in its initializer or a plain assignment (through
    /// <c>this</c> for an instance field). Null when there is none, several, or any other write.
    /// </summary>
    private static (ExpressionSyntax Expression, bool ThroughThis)? TheCreation(
        ISymbol symbol, VariableDeclaratorSyntax declarator, ImmutableArray<SyntaxNode> scope, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var creations = new List<(ExpressionSyntax, bool)>();
        if (declarator.Initializer?.Value is { } initializer)
        {
            switch (Classify(initializer, model, types, cancellationToken))
            {
                case Written.Thread:
                    creations.Add((initializer, false));
                    break;
                case Written.Other:
                    return null;
            }
        }

        foreach (var name in scope.SelectMany(s => s.DescendantNodes()).OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != symbol.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
            {
                continue;
            }

            ExpressionSyntax reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            switch (reference.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == reference:
                    var throughThis = reference is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || (!symbol.IsStatic && reference is MemberAccessExpressionSyntax && !throughThis))
                    {
                        return null;
                    }

                    switch (Classify(assignment.Right, model, types, cancellationToken))
                    {
                        case Written.Thread:
                            creations.Add((assignment.Right, throughThis));
                            break;
                        case Written.Other:
                            return null;
                    }

                    break;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
                case RefExpressionSyntax:
                case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                    return null;
            }
        }

        return creations.Count == 1 ? creations[0] : null;
    }

    private enum Written
    {
        Null,
        Thread,
        Other,
    }

    private static Written Classify(ExpressionSyntax value, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (model.GetConstantValue(value, cancellationToken) is { HasValue: true, Value: null })
        {
            return Written.Null;
        }

        return model.GetOperation(value, cancellationToken) is IObjectCreationOperation { Constructor.ContainingType: var type }
            && SymbolEqualityComparer.Default.Equals(type, types.Thread)
            ? Written.Thread
            : Written.Other;
    }

    /// <summary>Is the worker method also the start of another <c>new Thread(…)</c> of this type? Then one token cannot serve both threads.</summary>
    private static bool SharesWorker(
        ThreadWorker worker, IObjectCreationOperation creation, ImmutableArray<SyntaxNode> typeDeclarations, INamedTypeSymbol type, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var node in typeDeclarations.SelectMany(d => d.DescendantNodes()))
        {
            if (node is BaseObjectCreationExpressionSyntax && node != creation.Syntax
                && model.GetOperation(node, cancellationToken) is IObjectCreationOperation other
                && SymbolEqualityComparer.Default.Equals(other.Type, types.Thread)
                && ThreadWorker.MethodOf(other, type) is { } method
                && SymbolEqualityComparer.Default.Equals(method, worker.MethodSymbol))
            {
                return true;
            }
        }

        return false;
    }
}
