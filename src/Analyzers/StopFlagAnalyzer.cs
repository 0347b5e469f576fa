using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA2004: a loop polls a plain <c>bool</c> field of its own type that other code of the type sets — the
/// hand-rolled stop flag — and nothing orders the read: no <c>volatile</c>, <c>Volatile.Read</c>, <c>Interlocked</c>,
/// lock or other synchronization on the loop's path.
/// </summary>
/// <remarks>
/// Whether the field is set "elsewhere" is only known once every member of the type (every part of a partial type)
/// has been seen, so each type collects its flag reads and writes, its calls and its synchronizing operations, and
/// decides at its symbol end.
/// </remarks>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class StopFlagAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.StopFlagNotSynchronized);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = WellKnownTypes.For(start.Compilation);
            var options = new AnalyzerOptionsReader(start.Options);
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var type = (INamedTypeSymbol)symbolStart.Symbol;
                    if (CandidateFlags(type, types) is not { } flags)
                    {
                        return;
                    }

                    var facts = new TypeFacts(type, flags, types, options);
                    symbolStart.RegisterOperationAction(facts.CollectFieldReference, OperationKind.FieldReference);
                    symbolStart.RegisterOperationAction(facts.CollectCall, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.Invalid);
                    symbolStart.RegisterOperationAction(facts.CollectThreadEntries, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.MethodReference);
                    symbolStart.RegisterOperationAction(
                        facts.CollectOrdering,
                        OperationKind.Lock,
                        OperationKind.Await,
                        OperationKind.Loop,
                        OperationKind.Using);
                    symbolStart.RegisterSymbolEndAction(facts.Report);
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>
    /// Could TSA2004 report inside <paramref name="span"/>? Each report stands on a read of a candidate flag, inside a
    /// declaration of the flag's type, so only where a type declared around the span or within it has a candidate:
    /// the fixes' diagnostic check skips this type-wide analysis where it cannot report. Declarations only, no body
    /// is bound. Code outside every type declaration (top-level statements) counts as "maybe".
    /// </summary>
    internal static bool MayReportIn(SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        // Types are declared only in the compilation unit, namespaces and other types: no need to walk member bodies.
        var declarations = model.SyntaxTree.GetRoot(cancellationToken)
            .DescendantNodes(span, node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .ToList();
        if (declarations.Any(node => node is GlobalStatementSyntax)
            || !declarations.OfType<TypeDeclarationSyntax>().Any(declaration => declaration.FullSpan.Contains(span)))
        {
            return true;
        }

        var types = WellKnownTypes.For(model.Compilation);
        foreach (var declaration in declarations.OfType<TypeDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type || CandidateFlags(type, types) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The fields that can serve as an unsynchronized stop flag, or null for none: <c>bool</c>, writable, not
    /// volatile, declared in source (auto-property backing fields are not), not thread-local, and — for instance
    /// fields — in a class, whose instances threads share (a struct is copied).
    /// </summary>
    private static HashSet<IFieldSymbol>? CandidateFlags(INamedTypeSymbol type, WellKnownTypes types)
    {
        // Every type of the compilation comes here and few declare such a field: the declarations are read first.
        if (DeclaredFields.Named(type, MayBeFlag) is not { } declared)
        {
            return null;
        }

        HashSet<IFieldSymbol>? flags = null;
        foreach (var field in declared)
        {
            if (field is { IsConst: false, IsReadOnly: false, IsVolatile: false, IsImplicitlyDeclared: false, Type.SpecialType: SpecialType.System_Boolean }
                && (field.IsStatic || type.TypeKind == TypeKind.Class)
                && !IsThreadStatic(field, types))
            {
                (flags ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default)).Add(field);
            }
        }

        return flags is not null && MayPollInALoop(type, flags) ? flags : null;
    }

    /// <summary>
    /// Could a loop of the type read one of <paramref name="flags"/>: is a flag's name written inside a loop statement
    /// of one of its declarations? Every report stands on such a read (<see cref="TypeFacts.Report"/> stops where no
    /// loop polls a flag), so a type without one needs none of the calls, writes and orderings its members would have
    /// collected. Most types that declare a <c>bool</c> field never loop on it. Asked of the flags' symbols, once they are
    /// known: asking it of every field declaration that might be a <c>bool</c> (any named type) searched far more names
    /// than it saved member lookups, on Quartz 4 ms more for StopFlag.
    /// </summary>
    private static bool MayPollInALoop(INamedTypeSymbol type, HashSet<IFieldSymbol> flags)
    {
        var search = new LoopNameSearch(type);
        foreach (var flag in flags)
        {
            if (search.NamesInALoop(flag.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is a name written inside a loop statement of the type? The span of each declaration in its file's text is
    /// searched with the string search of the runtime; only the tokens found are looked up in the tree, no walk of the
    /// type's nodes. A file read whole into memory (a string, or a file under 40,000 characters) already is one string,
    /// and nothing is copied; a larger file is copied once per type that asks.
    /// </summary>
    private sealed class LoopNameSearch(INamedTypeSymbol type)
    {
        private readonly ImmutableArray<SyntaxReference> _declarations = type.DeclaringSyntaxReferences;
        private string?[]? _texts;

        /// <summary>A declaration that is not a type's (top-level statements) counts as "maybe".</summary>
        public bool NamesInALoop(string name)
        {
            // Half-typed code declares fields with no name yet; no code can read them.
            if (name.Length == 0)
            {
                return false;
            }

            for (var i = 0; i < _declarations.Length; i++)
            {
                if (_declarations[i].GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    return true;
                }

                var text = TextOf(i, declaration);
                var span = declaration.Span;
                for (var at = text.IndexOf(name, span.Start, span.Length, System.StringComparison.Ordinal);
                    at >= 0;
                    at = at + 1 < span.End ? text.IndexOf(name, at + 1, span.End - at - 1, System.StringComparison.Ordinal) : -1)
                {
                    if (IsReadInALoop(declaration.FindToken(at), name, declaration))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private string TextOf(int index, TypeDeclarationSyntax declaration)
        {
            _texts ??= new string?[_declarations.Length];
            return _texts[index] ??= declaration.SyntaxTree.GetText().ToString();
        }
    }

    /// <summary>Is <paramref name="token"/> the name <paramref name="name"/> (not a comment, string or longer name) inside a loop statement?</summary>
    private static bool IsReadInALoop(SyntaxToken token, string name, SyntaxNode declaration)
    {
        if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name)
        {
            return false;
        }

        for (var node = token.Parent; node is not null && node != declaration; node = node.Parent)
        {
            if (LoopFacts.IsLoopStatement(node))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Could the field declaration declare a candidate: no <c>const</c>, <c>readonly</c> or <c>volatile</c>, and its type
    /// written <c>bool</c> or as a name that may be <c>Boolean</c> (<see cref="DeclaredFields.MayName"/>)?
    /// </summary>
    private static bool MayBeFlag(FieldDeclarationSyntax field)
    {
        var type = field.Declaration.Type;
        if (!(type is PredefinedTypeSyntax predefined ? predefined.Keyword.IsKind(SyntaxKind.BoolKeyword) : DeclaredFields.MayName(type, "Boolean")))
        {
            return false;
        }

        foreach (var modifier in field.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.ConstKeyword) || modifier.IsKind(SyntaxKind.ReadOnlyKeyword) || modifier.IsKind(SyntaxKind.VolatileKeyword))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsThreadStatic(IFieldSymbol field, WellKnownTypes types)
        => field.IsStatic && field.GetAttributes().Any(attribute
            => SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.ThreadStaticAttribute));

    /// <summary>What one type does with its candidate flags, whom its functions call and which of them synchronize; filled concurrently, read at the type's end.</summary>
    private sealed class TypeFacts
    {
        private readonly INamedTypeSymbol _type;
        private readonly HashSet<IFieldSymbol> _flags;
        private readonly WellKnownTypes _types;
        private readonly AnalyzerOptionsReader _options;
        private readonly object _gate = new();
        private readonly List<Read> _reads = new();
        private readonly List<Write> _writes = new();
        private readonly Dictionary<IMethodSymbol, HashSet<IMethodSymbol>> _calls = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _synchronizing = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _handedOut = new(SymbolEqualityComparer.Default);
        private int _startsWork;

        /// <summary><paramref name="flags"/> is only read after construction, so concurrent lookups need no lock.</summary>
        public TypeFacts(INamedTypeSymbol type, HashSet<IFieldSymbol> flags, WellKnownTypes types, AnalyzerOptionsReader options)
        {
            _options = options;
            _type = type;
            _flags = flags;
            _types = types;
        }

        public void CollectFieldReference(OperationAnalysisContext context)
        {
            var reference = (IFieldReferenceOperation)context.Operation;
            CollectOrdering(context);
            var field = reference.Field.OriginalDefinition;
            if (!_flags.Contains(field))
            {
                return;
            }

            switch (FieldAccess.Classify(reference, _types))
            {
                case FieldAccessKind.Write:
                    AddWrite(reference, field, context.ContainingSymbol);
                    break;
                case FieldAccessKind.Read:
                    AddReadIfPolled(reference, field, context.ContainingSymbol);
                    break;
            }
        }

        public void CollectCall(OperationAnalysisContext context)
        {
            CollectOrdering(context);

            // Only a call into this type (or a type nested in it) can reach a function whose writes and calls are
            // collected here; ReachedFrom learns nothing from any other callee, so most calls are not recorded.
            var callee = context.Operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.ContainingType,
                IPropertyReferenceOperation reference => reference.Property.ContainingType,
                IInvalidOperation invalid => FirstCandidateCallee(invalid)?.ContainingType,
                _ => null,
            };
            if (!IsThisTypeOrNested(callee) || Functions.Innermost(context.Operation, context.ContainingSymbol) is not { } caller)
            {
                return;
            }

            lock (_gate)
            {
                if (!_calls.TryGetValue(caller, out var callees))
                {
                    _calls.Add(caller, callees = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                }

                AddCallees(callees, context.Operation);
            }
        }

        private bool IsThisTypeOrNested(INamedTypeSymbol? type)
        {
            for (var current = type?.OriginalDefinition; current is not null; current = current.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Work the type starts on other threads, and the methods it hands out as delegates (handlers, callbacks).</summary>
        public void CollectThreadEntries(OperationAnalysisContext context)
        {
            if (context.Operation is IMethodReferenceOperation reference)
            {
                if (IsThisTypeOrNested(reference.Method.ContainingType))
                {
                    lock (_gate)
                    {
                        _handedOut.Add(reference.Method.OriginalDefinition);
                    }
                }

                return;
            }

            if (Volatile.Read(ref _startsWork) == 0 && ThreadEntries.StartsConcurrentWork(context.Operation, _types))
            {
                Volatile.Write(ref _startsWork, 1);
            }
        }

        public void CollectOrdering(OperationAnalysisContext context)
        {
            if (!MemoryOrdering.Orders(context.Operation, _types)
                || Functions.Innermost(context.Operation, context.ContainingSymbol) is not { } function)
            {
                return;
            }

            lock (_gate)
            {
                _synchronizing.Add(function);
            }
        }

        public void Report(SymbolAnalysisContext context)
        {
            List<Read> reads;
            ILookup<IFieldSymbol, Write> writes;
            lock (_gate)
            {
                if (_reads.Count == 0)
                {
                    // No loop polls a flag of this type, the common case.
                    return;
                }

                reads = _reads.ToList();
                writes = _writes.ToLookup(write => write.Field, (IEqualityComparer<IFieldSymbol>)SymbolEqualityComparer.Default);
            }

            // One report per loop and flag, at the first read; writes in source order for a stable message.
            foreach (var read in reads
                .OrderBy(read => read.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(read => read.Location.SourceSpan.Start)
                .GroupBy(read => (read.LoopLocation, read.Field))
                .Select(group => group.First()))
            {
                var loopThread = ReachedFrom(read.CalledInLoop, out var reachesUnknownCode);

                // A loop that hands 'this' to other code (a visitor's child.Accept(this), a handler given its owner) can
                // be called back on its own thread through any non-private member.
                reachesUnknownCode |= read.PassesThis;
                if (loopThread.Overlaps(_synchronizing))
                {
                    continue;
                }

                var fieldWrites = writes[read.Field].ToList();
                if (fieldWrites.Any(write => IsLoopOwn(write, read, loopThread, reachesUnknownCode)))
                {
                    continue;
                }

                var candidates = fieldWrites
                    .Where(write => !write.IsInitialization && !SymbolEqualityComparer.Default.Equals(write.Function, read.LoopFunction) && !InLoopCallChain(write, read))
                    .ToList();

                // A walk over a collection ends by itself; in a type that starts no work of its own, its early exit on
                // a flag is single-threaded state (a visitor's "found it") unless a callback may write the flag.
                if (read.IsCollectionWalk && Volatile.Read(ref _startsWork) == 0 && !candidates.Any(IsFromCallback))
                {
                    continue;
                }

                var stop = candidates
                    .OrderBy(write => write.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(write => write.Location.SourceSpan.Start)
                    .FirstOrDefault();
                if (stop is null
                    || _options.IsExcluded(DiagnosticIds.StopFlagNotSynchronized, read.Location, (ISymbol?)read.LoopFunction ?? _type))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.StopFlagNotSynchronized,
                    read.Location,
                    additionalLocations: read.Field.Locations.Where(location => location.IsInSource),
                    read.Field.Name,
                    Functions.Describe(stop.Function, stop.Member)));
            }
        }

        /// <summary>
        /// A write the loop's own thread makes: inside the loop, or in a method or local function the loop calls
        /// (directly or through other functions of the type). A flag the loop sets itself is loop state, not a stop
        /// request from outside. When the loop calls an overridable member of the type, a derived class may call any
        /// non-private writer from there.
        /// </summary>
        private static bool IsLoopOwn(Write write, Read read, HashSet<IMethodSymbol> loopThread, bool reachesUnknownCode)
            => (write.Location.SourceTree == read.LoopLocation.SourceTree && read.LoopLocation.SourceSpan.Contains(write.Location.SourceSpan))
                || (write.Function is not null && loopThread.Contains(write.Function))
                || (reachesUnknownCode && write.Function is not null && Functions.ContainingMember(write.Function)?.DeclaredAccessibility != Accessibility.Private);

        /// <summary>
        /// A write on the loop's own call chain: every way into the write's function from outside the type's own calls
        /// (see <see cref="ThreadEntries.IsEntry"/>) also goes on to call the loop's function, directly or through the
        /// type's own calls. That is a caller setting per-run state before it runs the loop (or after), on the loop's own
        /// thread — a decompiler step that resets its flags, then calls the method whose loop reads them. Such a write is
        /// never the stop a report names. A function nothing of the type is seen calling counts as entered from outside.
        /// </summary>
        private bool InLoopCallChain(Write write, Read read)
        {
            if (write.Function is null || read.LoopFunction is null)
            {
                return false;
            }

            // The writer itself goes on to run the loop (a Start that resets the flag, then loops).
            if (ReachedFrom(ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default, write.Function), out _).Contains(read.LoopFunction))
            {
                return true;
            }

            var entries = new List<IMethodSymbol>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IMethodSymbol>();
            pending.Push(write.Function);
            lock (_gate)
            {
                while (pending.Count > 0)
                {
                    var function = pending.Pop();
                    if (!seen.Add(function))
                    {
                        continue;
                    }

                    if (ThreadEntries.IsEntry(function, _handedOut.Contains(function)))
                    {
                        entries.Add(function);
                        continue;
                    }

                    var called = false;
                    foreach (var pair in _calls)
                    {
                        if (pair.Value.Contains(function))
                        {
                            called = true;
                            pending.Push(pair.Key);
                        }
                    }

                    if (!called)
                    {
                        return false;
                    }
                }
            }

            foreach (var entry in entries)
            {
                if (!ReachedFrom(ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default, entry), out _).Contains(read.LoopFunction))
                {
                    return false;
                }
            }

            return entries.Count > 0;
        }

        /// <summary>A write in a lambda, or in a function reached from one or from a method the type hands out as a delegate.</summary>
        private bool IsFromCallback(Write write)
        {
            if (write.Function is null)
            {
                return false;
            }

            if (write.Function.MethodKind == MethodKind.AnonymousFunction)
            {
                return true;
            }

            var callbacks = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
            lock (_gate)
            {
                callbacks.UnionWith(_handedOut);
                foreach (var caller in _calls.Keys)
                {
                    if (caller.MethodKind == MethodKind.AnonymousFunction)
                    {
                        callbacks.Add(caller);
                    }
                }
            }

            return ReachedFrom(callbacks.ToImmutable(), out _).Contains(write.Function);
        }

        /// <summary>The functions of this type that run when the loop calls <paramref name="called"/>, transitively.</summary>
        private HashSet<IMethodSymbol> ReachedFrom(ImmutableHashSet<IMethodSymbol> called, out bool reachesUnknownCode)
        {
            reachesUnknownCode = false;
            var reached = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IMethodSymbol>(called);
            lock (_gate)
            {
                while (pending.Count > 0)
                {
                    var function = pending.Pop();
                    if (!reached.Add(function))
                    {
                        continue;
                    }

                    if (function is { IsVirtual: true } or { IsAbstract: true } or { IsOverride: true, IsSealed: false }
                        && !_type.IsSealed
                        && SymbolEqualityComparer.Default.Equals(function.ContainingType, _type))
                    {
                        reachesUnknownCode = true;
                    }

                    if (_calls.TryGetValue(function, out var callees))
                    {
                        foreach (var callee in callees)
                        {
                            pending.Push(callee);
                        }
                    }
                }
            }

            return reached;
        }

        private void AddWrite(IFieldReferenceOperation reference, IFieldSymbol field, ISymbol containingSymbol)
        {
            var function = Functions.Innermost(reference, containingSymbol);

            // Field and property initializers have no function; constructors of the flag's own type build the object.
            var isInitialization = function is null
                || (function.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor
                    && SymbolEqualityComparer.Default.Equals(function.ContainingType.OriginalDefinition, field.ContainingType));

            var write = new Write(field, reference.Syntax.GetLocation(), function, containingSymbol, isInitialization);
            lock (_gate)
            {
                _writes.Add(write);
            }
        }

        private void AddReadIfPolled(IFieldReferenceOperation reference, IFieldSymbol field, ISymbol containingSymbol)
        {
            // Only this object's flag (or the type's static flag) is the loop's own stop signal.
            if (!field.IsStatic && reference.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                return;
            }

            var loop = PolledLoop(reference, _types);
            if (loop is null || loop.Syntax.ContainsDiagnostics || IsInsideLock(reference) || OrdersItself(loop))
            {
                return;
            }

            var read = new Read(
                field,
                reference.Syntax.GetLocation(),
                loop.Syntax.GetLocation(),
                Functions.Innermost(loop, containingSymbol),
                CalledIn(loop),
                PassesThis(loop),
                LoopFacts.IsCollectionWalk(loop, _types));
            lock (_gate)
            {
                _reads.Add(read);
            }
        }

        /// <summary>
        /// The loop whose continuation the read decides: the read is in the loop's condition, or in the condition of
        /// an <c>if</c> in its body with a branch that ends by leaving the loop (not in a drain that does not wait).
        /// Null for any other read.
        /// </summary>
        private static ILoopOperation? PolledLoop(IOperation read, WellKnownTypes types)
        {
            var current = read;
            while (current.Parent is { } parent)
            {
                if (OperationTrees.IsNestedFunction(parent))
                {
                    return null;
                }

                switch (parent)
                {
                    case IWhileLoopOperation whileLoop:
                        return whileLoop.Condition == current ? whileLoop : null;
                    case IForLoopOperation forLoop:
                        return forLoop.Condition == current ? forLoop : null;
                    case ILoopOperation:
                        return null;
                    case IConditionalOperation { Type: null } ifStatement when ifStatement.Condition == current:
                        // A drain (while (queue.TryDequeue(out …))) that bails out on the flag ends by itself; the
                        // flag is a guard there, often set on the same thread by code the loop calls.
                        var loop = LoopFacts.Enclosing(ifStatement);
                        return loop is not null
                            && (LoopFacts.EndsByLeaving(ifStatement.WhenTrue, loop) || LoopFacts.EndsByLeaving(ifStatement.WhenFalse, loop))
                            && !(LoopFacts.IsDrain(loop) && LoopFacts.FirstWait(loop, types) is null)
                            ? loop
                            : null;
                    case IArgumentOperation or IInvalidOperation:
                        // A flag handed to a call (a parse mode, an option) is the callee's input, not the loop's test;
                        // so is one inside a call that does not bind.
                        return null;
                    case IBlockOperation:
                        // A read that is a statement of its own, or part of one, decides nothing.
                        return null;
                }

                current = parent;
            }

            return null;
        }

        private static bool IsInsideLock(IOperation operation)
        {
            for (var current = operation.Parent; current is not null && !OperationTrees.IsNestedFunction(current); current = current.Parent)
            {
                if (current is ILockOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Does the loop itself (not its lambdas) perform an operation that orders memory on its iterations?</summary>
        private bool OrdersItself(ILoopOperation loop)
            => OperationTrees.Find(loop, enterNestedFunctions: false, operation => MemoryOrdering.Orders(operation, _types)) is not null;

        /// <summary>The methods, local functions and property accessors the loop calls directly (not from nested lambdas).</summary>
        private static ImmutableHashSet<IMethodSymbol> CalledIn(ILoopOperation loop)
        {
            var called = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            OperationTrees.Find(loop, enterNestedFunctions: false, operation =>
            {
                AddCallees(called, operation);
                return false;
            });

            return called.ToImmutableHashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        }

        /// <summary>
        /// Does the loop pass <c>this</c> as an argument of a method call (not from nested lambdas)? Raising an event with
        /// <c>this</c> as its sender does not count: that is a notification, not a hand-over.
        /// </summary>
        private static bool PassesThis(ILoopOperation loop)
            => OperationTrees.Find(loop, enterNestedFunctions: false, operation => operation is IArgumentOperation
                {
                    Value: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                        or IConversionOperation { Operand: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } },
                    Parent: not IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke },
                }) is not null;

        /// <summary>What an invocation or a property access runs; for a property, both accessors (which one runs depends on the use).</summary>
        private static void AddCallees(HashSet<IMethodSymbol> callees, IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    callees.Add(invocation.TargetMethod.OriginalDefinition);
                    break;
                case IPropertyReferenceOperation { Property: var property }:
                    if (property.GetMethod is { } getter)
                    {
                        callees.Add(getter.OriginalDefinition);
                    }

                    if (property.SetMethod is { } setter)
                    {
                        callees.Add(setter.OriginalDefinition);
                    }

                    break;
                case IInvalidOperation invalid:
                    foreach (var candidate in CandidateCallees(invalid))
                    {
                        callees.Add(candidate.OriginalDefinition);
                    }

                    break;
            }
        }

        /// <summary>
        /// The first of <see cref="CandidateCallees"/>, found without asking for the rest: every call that does not bind
        /// comes here, in code built without all its references, and each argument asked is a semantic-model lookup.
        /// </summary>
        private static IMethodSymbol? FirstCandidateCallee(IInvalidOperation invalid)
        {
            if (invalid.Syntax is not InvocationExpressionSyntax invocation || invalid.SemanticModel is not { } model)
            {
                return null;
            }

            if (FirstMethod(model.GetSymbolInfo(invocation).CandidateSymbols) is { } candidate)
            {
                return candidate;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax)
                {
                    var info = model.GetSymbolInfo(argument.Expression);
                    if ((info.Symbol as IMethodSymbol ?? FirstMethod(info.CandidateSymbols)) is { } method)
                    {
                        return method;
                    }
                }
            }

            return null;
        }

        private static IMethodSymbol? FirstMethod(ImmutableArray<ISymbol> symbols)
        {
            foreach (var symbol in symbols)
            {
                if (symbol is IMethodSymbol method)
                {
                    return method;
                }
            }

            return null;
        }

        /// <summary>
        /// The methods a call that does not bind might run: its candidates (an argument of an unresolved type), and the
        /// methods it is handed as delegates (an unresolved native enumeration that calls back). In half-typed code, or
        /// a codebase built without all its references or generators, the loop's own calls must still count as its own.
        /// </summary>
        private static IEnumerable<IMethodSymbol> CandidateCallees(IInvalidOperation invalid)
        {
            if (invalid.Syntax is not InvocationExpressionSyntax invocation || invalid.SemanticModel is not { } model)
            {
                return Enumerable.Empty<IMethodSymbol>();
            }

            var methods = new List<IMethodSymbol>(model.GetSymbolInfo(invocation).CandidateSymbols.OfType<IMethodSymbol>());
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax)
                {
                    var info = model.GetSymbolInfo(argument.Expression);
                    if (info.Symbol is IMethodSymbol method)
                    {
                        methods.Add(method);
                    }

                    methods.AddRange(info.CandidateSymbols.OfType<IMethodSymbol>());
                }
            }

            return methods;
        }
    }

    private sealed class Read
    {
        public Read(IFieldSymbol field, Location location, Location loopLocation, IMethodSymbol? loopFunction, ImmutableHashSet<IMethodSymbol> calledInLoop, bool passesThis, bool isCollectionWalk)
        {
            IsCollectionWalk = isCollectionWalk;
            PassesThis = passesThis;
            Field = field;
            Location = location;
            LoopLocation = loopLocation;
            LoopFunction = loopFunction;
            CalledInLoop = calledInLoop;
        }

        public IFieldSymbol Field { get; }

        public Location Location { get; }

        public Location LoopLocation { get; }

        public IMethodSymbol? LoopFunction { get; }

        public ImmutableHashSet<IMethodSymbol> CalledInLoop { get; }

        /// <summary>Does the loop pass <c>this</c> to a call (not from nested lambdas)?</summary>
        public bool PassesThis { get; }

        /// <summary>Is the loop a walk over a collection (<see cref="LoopFacts.IsCollectionWalk"/>)?</summary>
        public bool IsCollectionWalk { get; }
    }

    private sealed class Write
    {
        public Write(IFieldSymbol field, Location location, IMethodSymbol? function, ISymbol member, bool isInitialization)
        {
            Field = field;
            Location = location;
            Function = function;
            Member = member;
            IsInitialization = isInitialization;
        }

        public IFieldSymbol Field { get; }

        public Location Location { get; }

        public IMethodSymbol? Function { get; }

        public ISymbol Member { get; }

        public bool IsInitialization { get; }
    }
}
