using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// The framework types the rules reason about, resolved once per compilation.
/// A member is null when the compilation does not reference that type.
/// </summary>
internal sealed class WellKnownTypes
{
    private readonly System.Lazy<IMethodSymbol?> _entryPoint;

    private WellKnownTypes(Compilation compilation)
    {
        // The compilation decides which Main runs (none in a library); asked once, when a rule first needs it.
        _entryPoint = new System.Lazy<IMethodSymbol?>(() => compilation.GetEntryPoint(System.Threading.CancellationToken.None));
        Thread = Get(compilation, "System.Threading.Thread");
        ThreadAbortException = Get(compilation, "System.Threading.ThreadAbortException");
        ThreadInterruptedException = Get(compilation, "System.Threading.ThreadInterruptedException");
        ThreadStaticAttribute = Get(compilation, "System.ThreadStaticAttribute");
        CancellationToken = Get(compilation, "System.Threading.CancellationToken");
        CancellationTokenSource = Get(compilation, "System.Threading.CancellationTokenSource");
        Nullable = compilation.GetSpecialType(SpecialType.System_Nullable_T);
        Task = Get(compilation, "System.Threading.Tasks.Task");
        TaskOfT = Get(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = Get(compilation, "System.Threading.Tasks.ValueTask");
        AsyncEnumerableOfT = Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
        ValueTaskOfT = Get(compilation, "System.Threading.Tasks.ValueTask`1");
        TaskFactory = Get(compilation, "System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Get(compilation, "System.Threading.Tasks.TaskFactory`1");
        TaskCompletionSource = Get(compilation, "System.Threading.Tasks.TaskCompletionSource");
        TaskCompletionSourceOfT = Get(compilation, "System.Threading.Tasks.TaskCompletionSource`1");
        TaskScheduler = Get(compilation, "System.Threading.Tasks.TaskScheduler");
        Parallel = Get(compilation, "System.Threading.Tasks.Parallel");
        ParallelOptions = Get(compilation, "System.Threading.Tasks.ParallelOptions");
        WaitHandle = Get(compilation, "System.Threading.WaitHandle");
        Monitor = Get(compilation, "System.Threading.Monitor");
        SemaphoreSlim = Get(compilation, "System.Threading.SemaphoreSlim");
        ManualResetEventSlim = Get(compilation, "System.Threading.ManualResetEventSlim");
        CountdownEvent = Get(compilation, "System.Threading.CountdownEvent");
        Barrier = Get(compilation, "System.Threading.Barrier");
        SpinWait = Get(compilation, "System.Threading.SpinWait");
        BlockingCollection = Get(compilation, "System.Collections.Concurrent.BlockingCollection`1");
        TaskAwaiter = Get(compilation, "System.Runtime.CompilerServices.TaskAwaiter");
        TaskAwaiterOfT = Get(compilation, "System.Runtime.CompilerServices.TaskAwaiter`1");
        ValueTaskAwaiter = Get(compilation, "System.Runtime.CompilerServices.ValueTaskAwaiter");
        ValueTaskAwaiterOfT = Get(compilation, "System.Runtime.CompilerServices.ValueTaskAwaiter`1");
        ConfiguredTaskAwaiter = Get(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter");
        ConfiguredTaskAwaiterOfT = Get(compilation, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter");
        Expression = Get(compilation, "System.Linq.Expressions.Expression`1");
        Volatile = Get(compilation, "System.Threading.Volatile");
        Interlocked = Get(compilation, "System.Threading.Interlocked");
        TimeSpan = Get(compilation, "System.TimeSpan");
        Stopwatch = Get(compilation, "System.Diagnostics.Stopwatch");
        OperationCanceledException = Get(compilation, "System.OperationCanceledException");
        MemoryStream = Get(compilation, "System.IO.MemoryStream");
        Process = Get(compilation, "System.Diagnostics.Process");
        Exception = Get(compilation, "System.Exception");
        Environment = Get(compilation, "System.Environment");
        Console = Get(compilation, "System.Console");
        TextReader = Get(compilation, "System.IO.TextReader");
        Stream = Get(compilation, "System.IO.Stream");
        Socket = Get(compilation, "System.Net.Sockets.Socket");
        TcpListener = Get(compilation, "System.Net.Sockets.TcpListener");
        UdpClient = Get(compilation, "System.Net.Sockets.UdpClient");
        HttpListener = Get(compilation, "System.Net.HttpListener");
        Runtime = ClassifyRuntime(Thread);
        _groupTakesToken = GroupTakesToken;
        _hasTokenMember = HasTokenMember;
    }

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _carriers = new(SymbolEqualityComparer.Default);

    private readonly ConcurrentDictionary<IMethodSymbol, bool> _groupsTakingToken = new(SymbolEqualityComparer.Default);

    private readonly System.Func<IMethodSymbol, bool> _groupTakesToken;

    private readonly System.Func<INamedTypeSymbol, bool> _hasTokenMember;

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? ThreadAbortException { get; }

    public INamedTypeSymbol? ThreadInterruptedException { get; }

    public INamedTypeSymbol? ThreadStaticAttribute { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public INamedTypeSymbol Nullable { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? AsyncEnumerableOfT { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? TaskFactoryOfT { get; }

    /// <summary>The non-generic <c>TaskCompletionSource</c> (.NET 5 and later); null before.</summary>
    public INamedTypeSymbol? TaskCompletionSource { get; }

    public INamedTypeSymbol? TaskCompletionSourceOfT { get; }

    public INamedTypeSymbol? TaskScheduler { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol? ParallelOptions { get; }

    public INamedTypeSymbol? WaitHandle { get; }

    public INamedTypeSymbol? Monitor { get; }

    public INamedTypeSymbol? SemaphoreSlim { get; }

    public INamedTypeSymbol? ManualResetEventSlim { get; }

    public INamedTypeSymbol? CountdownEvent { get; }

    public INamedTypeSymbol? Barrier { get; }

    public INamedTypeSymbol? SpinWait { get; }

    public INamedTypeSymbol? BlockingCollection { get; }

    public INamedTypeSymbol? TaskAwaiter { get; }

    public INamedTypeSymbol? TaskAwaiterOfT { get; }

    public INamedTypeSymbol? ValueTaskAwaiter { get; }

    public INamedTypeSymbol? ValueTaskAwaiterOfT { get; }

    public INamedTypeSymbol? ConfiguredTaskAwaiter { get; }

    public INamedTypeSymbol? ConfiguredTaskAwaiterOfT { get; }

    public INamedTypeSymbol? Expression { get; }

    public INamedTypeSymbol? Volatile { get; }

    public INamedTypeSymbol? Interlocked { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Stopwatch { get; }

    public INamedTypeSymbol? OperationCanceledException { get; }

    public INamedTypeSymbol? MemoryStream { get; }
    public INamedTypeSymbol? Process { get; }

    public INamedTypeSymbol? Exception { get; }

    public INamedTypeSymbol? Environment { get; }

    // Types whose reads and accepts block until input comes and take no token (the cooperative-cancellation fix asks).
    public INamedTypeSymbol? Console { get; }

    public INamedTypeSymbol? TextReader { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? Socket { get; }

    public INamedTypeSymbol? TcpListener { get; }

    public INamedTypeSymbol? UdpClient { get; }

    public INamedTypeSymbol? HttpListener { get; }

    /// <summary>Which runtime the compilation targets, judged by the assembly that defines <see cref="Thread"/>.</summary>
    public TargetRuntime Runtime { get; }

    /// <summary>
    /// The runtime this compilation targets never raises <c>ThreadAbortException</c> (.NET Core, .NET 5 and later, where
    /// <c>Thread.Abort</c> throws <c>PlatformNotSupportedException</c>). The one place that decides it: TSA1001's message
    /// and TSA1005 both ask here. A .NET Standard library may still run on .NET Framework, so it is not such a runtime.
    /// </summary>
    public bool NeverRaisesThreadAbort => Runtime == TargetRuntime.NetCore;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, WellKnownTypes> Cache = new();

    /// <summary>
    /// The types of <paramref name="compilation"/>, looked up once and shared by every analyzer and fix that asks for
    /// the same compilation (the IDE's light bulb asks again for each diagnostic it shows a fix for).
    /// </summary>
    public static WellKnownTypes For(Compilation compilation) => Cache.GetValue(compilation, c => new WellKnownTypes(c));

    /// <summary>
    /// Is <paramref name="member"/> the program's entry point: the <c>Main</c> or top-level statements the compilation
    /// runs? Where the compilation has none to tell (a library, two <c>Main</c>s, errors, a folder of projects analyzed
    /// as one), any <c>static Main</c> and the top-level statements count: such a <c>Main</c> is usually some program's
    /// entry point, and a rule that cannot tell stays silent.
    /// </summary>
    public bool IsEntryPoint(ISymbol? member)
        => member is IMethodSymbol method
            && (_entryPoint.Value is { } entryPoint
                ? SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, entryPoint)
                : method is { IsStatic: true, Name: "Main" or "<Main>$" });

    /// <summary><c>CancellationToken.Register</c> or <c>UnsafeRegister</c>: a callback that runs when the token is cancelled.</summary>
    public bool IsTokenRegistration(IMethodSymbol method)
        => method.Name is "Register" or "UnsafeRegister" && SymbolEqualityComparer.Default.Equals(method.ContainingType, CancellationToken);

    /// <summary>True for <c>CancellationToken</c>, <c>CancellationToken?</c> and <c>CancellationTokenSource</c> (or a type derived from it).</summary>
    public bool IsCancellationType(ITypeSymbol? type)
    {
        if (type is null || CancellationToken is null)
        {
            return false;
        }

        // Asked of nearly every operation a loop holds: the kind of type first, the comparisons only where they can hold.
        return type.TypeKind switch
        {
            TypeKind.Struct => SymbolEqualityComparer.Default.Equals(type, CancellationToken) || IsNullableToken(type),
            TypeKind.Class => type.SpecialType == SpecialType.None && IsOrDerivesFrom(type, CancellationTokenSource),
            _ => false,
        };
    }

    public bool IsNullableToken(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true } named
            && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Nullable)
            && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], CancellationToken);

    /// <summary>
    /// Does a value of this type carry a token a callee can observe: a class or struct (not a token type itself) with a
    /// <c>CancellationToken</c> property or field, such as an ASP.NET Core <c>HttpContext</c> or a Polly
    /// <c>ResilienceContext</c>. Answers are cached for the compilation.
    /// </summary>
    public bool CarriesToken(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named
            || named.SpecialType != SpecialType.None
            || IsCancellationType(named))
        {
            return false;
        }

        return _carriers.GetOrAdd(named, _hasTokenMember);
    }

    /// <summary>
    /// Could a call of <paramref name="method"/> be handed a token: it, or a method of the same name in its type (an
    /// overload), has a <c>CancellationToken</c> (or <c>CancellationToken?</c>, or source) parameter? Answers are
    /// cached for the compilation: every wait in every loop asks, mostly about the same few methods.
    /// </summary>
    public bool HasOverloadTakingToken(IMethodSymbol method) => _groupsTakingToken.GetOrAdd(method, _groupTakesToken);

    private bool GroupTakesToken(IMethodSymbol method)
    {
        foreach (var candidate in method.ContainingType.GetMembers(method.Name))
        {
            if (candidate is IMethodSymbol overload)
            {
                foreach (var parameter in overload.Parameters)
                {
                    if (IsCancellationType(parameter.Type))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private bool HasTokenMember(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IPropertySymbol { IsStatic: false } property => property.Type,
                    IFieldSymbol { IsStatic: false } field => field.Type,
                    _ => null,
                };

                if (SymbolEqualityComparer.Default.Equals(memberType, CancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="type"/>, or the generic type it is constructed from, the well-known <paramref name="wellKnown"/>?</summary>
    public static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? wellKnown)
        => wellKnown is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, wellKnown);

    /// <summary>Is <paramref name="type"/> <paramref name="baseType"/> or a class derived from it?</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, ITypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        return definition is not null
            && (SymbolEqualityComparer.Default.Equals(definition, Task)
                || SymbolEqualityComparer.Default.Equals(definition, TaskOfT)
                || SymbolEqualityComparer.Default.Equals(definition, ValueTask)
                || SymbolEqualityComparer.Default.Equals(definition, ValueTaskOfT));
    }

    private static INamedTypeSymbol? Get(Compilation compilation, string metadataName)
    {
#pragma warning disable RS0030 // This is the one place that looks types up by name.
        return compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
    }

    private static TargetRuntime ClassifyRuntime(INamedTypeSymbol? thread)
    {
        switch (thread?.ContainingAssembly.Name)
        {
            case null:
                return TargetRuntime.Unknown;
            case "mscorlib":
                return TargetRuntime.NetFramework;
            case "netstandard":
                return TargetRuntime.Unknown;
            default:
                return TargetRuntime.NetCore;
        }
    }
}

internal enum TargetRuntime
{
    /// <summary>A .NET Standard library, or no Thread type: the code may run on either runtime.</summary>
    Unknown,

    /// <summary>.NET Framework (mscorlib).</summary>
    NetFramework,

    /// <summary>.NET Core and .NET 5 or later.</summary>
    NetCore,
}
