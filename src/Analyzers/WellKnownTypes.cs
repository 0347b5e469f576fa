using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// The framework types the rules reason about, resolved once per compilation: the few that nearly every callback asks
/// for when the compilation starts, the others on first use (each lookup searches every reference, and most code never
/// reaches the shapes that ask for sockets, awaiters or barriers). A member is null when the compilation does not
/// reference that type.
/// </summary>
internal sealed class WellKnownTypes
{
    private readonly System.Lazy<IMethodSymbol?> _entryPoint;

    private readonly Compilation _compilation;

    private WellKnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        // The compilation decides which Main runs (none in a library); asked once, when a rule first needs it.
        _entryPoint = new System.Lazy<IMethodSymbol?>(() => compilation.GetEntryPoint(System.Threading.CancellationToken.None));
        Thread = Get(compilation, "System.Threading.Thread");
        CancellationToken = Get(compilation, "System.Threading.CancellationToken");
        CancellationTokenSource = Get(compilation, "System.Threading.CancellationTokenSource");
        Nullable = compilation.GetSpecialType(SpecialType.System_Nullable_T);
        Task = Get(compilation, "System.Threading.Tasks.Task");
        TaskOfT = Get(compilation, "System.Threading.Tasks.Task`1");
        Runtime = ClassifyRuntime(Thread);
        _groupTakesToken = GroupTakesToken;
        _hasTokenMember = HasTokenMember;
    }

    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _carriers = new(SymbolEqualityComparer.Default);

    private readonly ConcurrentDictionary<IMethodSymbol, bool> _groupsTakingToken = new(SymbolEqualityComparer.Default);

    private readonly System.Func<IMethodSymbol, bool> _groupTakesToken;

    private readonly System.Func<INamedTypeSymbol, bool> _hasTokenMember;

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? ThreadAbortException => Lookup(ref _threadAbortException, "System.Threading.ThreadAbortException");

    private object? _threadAbortException;

    public INamedTypeSymbol? ThreadInterruptedException => Lookup(ref _threadInterruptedException, "System.Threading.ThreadInterruptedException");

    private object? _threadInterruptedException;

    public INamedTypeSymbol? ThreadStaticAttribute => Lookup(ref _threadStaticAttribute, "System.ThreadStaticAttribute");

    private object? _threadStaticAttribute;

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public INamedTypeSymbol Nullable { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask => Lookup(ref _valueTask, "System.Threading.Tasks.ValueTask");

    private object? _valueTask;

    public INamedTypeSymbol? AsyncEnumerableOfT => Lookup(ref _asyncEnumerableOfT, "System.Collections.Generic.IAsyncEnumerable`1");

    private object? _asyncEnumerableOfT;

    public INamedTypeSymbol? ValueTaskOfT => Lookup(ref _valueTaskOfT, "System.Threading.Tasks.ValueTask`1");

    private object? _valueTaskOfT;

    public INamedTypeSymbol? TaskFactory => Lookup(ref _taskFactory, "System.Threading.Tasks.TaskFactory");

    private object? _taskFactory;

    public INamedTypeSymbol? TaskFactoryOfT => Lookup(ref _taskFactoryOfT, "System.Threading.Tasks.TaskFactory`1");

    private object? _taskFactoryOfT;

    /// <summary>The non-generic <c>TaskCompletionSource</c> (.NET 5 and later); null before.</summary>
    public INamedTypeSymbol? TaskCompletionSource => Lookup(ref _taskCompletionSource, "System.Threading.Tasks.TaskCompletionSource");

    private object? _taskCompletionSource;

    public INamedTypeSymbol? TaskCompletionSourceOfT => Lookup(ref _taskCompletionSourceOfT, "System.Threading.Tasks.TaskCompletionSource`1");

    private object? _taskCompletionSourceOfT;

    public INamedTypeSymbol? TaskScheduler => Lookup(ref _taskScheduler, "System.Threading.Tasks.TaskScheduler");

    private object? _taskScheduler;

    public INamedTypeSymbol? Parallel => Lookup(ref _parallel, "System.Threading.Tasks.Parallel");

    private object? _parallel;

    public INamedTypeSymbol? ParallelOptions => Lookup(ref _parallelOptions, "System.Threading.Tasks.ParallelOptions");

    private object? _parallelOptions;

    public INamedTypeSymbol? WaitHandle => Lookup(ref _waitHandle, "System.Threading.WaitHandle");

    private object? _waitHandle;

    public INamedTypeSymbol? Monitor => Lookup(ref _monitor, "System.Threading.Monitor");

    private object? _monitor;

    public INamedTypeSymbol? SemaphoreSlim => Lookup(ref _semaphoreSlim, "System.Threading.SemaphoreSlim");

    private object? _semaphoreSlim;

    public INamedTypeSymbol? ManualResetEventSlim => Lookup(ref _manualResetEventSlim, "System.Threading.ManualResetEventSlim");

    private object? _manualResetEventSlim;

    public INamedTypeSymbol? CountdownEvent => Lookup(ref _countdownEvent, "System.Threading.CountdownEvent");

    private object? _countdownEvent;

    public INamedTypeSymbol? Barrier => Lookup(ref _barrier, "System.Threading.Barrier");

    private object? _barrier;

    public INamedTypeSymbol? SpinWait => Lookup(ref _spinWait, "System.Threading.SpinWait");

    private object? _spinWait;

    public INamedTypeSymbol? BlockingCollection => Lookup(ref _blockingCollection, "System.Collections.Concurrent.BlockingCollection`1");

    private object? _blockingCollection;

    public INamedTypeSymbol? TaskAwaiter => Lookup(ref _taskAwaiter, "System.Runtime.CompilerServices.TaskAwaiter");

    private object? _taskAwaiter;

    public INamedTypeSymbol? TaskAwaiterOfT => Lookup(ref _taskAwaiterOfT, "System.Runtime.CompilerServices.TaskAwaiter`1");

    private object? _taskAwaiterOfT;

    public INamedTypeSymbol? ValueTaskAwaiter => Lookup(ref _valueTaskAwaiter, "System.Runtime.CompilerServices.ValueTaskAwaiter");

    private object? _valueTaskAwaiter;

    public INamedTypeSymbol? ValueTaskAwaiterOfT => Lookup(ref _valueTaskAwaiterOfT, "System.Runtime.CompilerServices.ValueTaskAwaiter`1");

    private object? _valueTaskAwaiterOfT;

    public INamedTypeSymbol? ConfiguredTaskAwaiter => Lookup(ref _configuredTaskAwaiter, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter");

    private object? _configuredTaskAwaiter;

    public INamedTypeSymbol? ConfiguredTaskAwaiterOfT => Lookup(ref _configuredTaskAwaiterOfT, "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter");

    private object? _configuredTaskAwaiterOfT;

    public INamedTypeSymbol? Expression => Lookup(ref _expression, "System.Linq.Expressions.Expression`1");

    private object? _expression;

    public INamedTypeSymbol? Volatile => Lookup(ref _volatile, "System.Threading.Volatile");

    private object? _volatile;

    public INamedTypeSymbol? Interlocked => Lookup(ref _interlocked, "System.Threading.Interlocked");

    private object? _interlocked;

    public INamedTypeSymbol? TimeSpan => Lookup(ref _timeSpan, "System.TimeSpan");

    private object? _timeSpan;

    public INamedTypeSymbol? Stopwatch => Lookup(ref _stopwatch, "System.Diagnostics.Stopwatch");

    private object? _stopwatch;

    public INamedTypeSymbol? OperationCanceledException => Lookup(ref _operationCanceledException, "System.OperationCanceledException");

    private object? _operationCanceledException;

    public INamedTypeSymbol? MemoryStream => Lookup(ref _memoryStream, "System.IO.MemoryStream");

    private object? _memoryStream;

    public INamedTypeSymbol? Process => Lookup(ref _process, "System.Diagnostics.Process");

    private object? _process;

    public INamedTypeSymbol? Exception => Lookup(ref _exception, "System.Exception");

    private object? _exception;

    public INamedTypeSymbol? Environment => Lookup(ref _environment, "System.Environment");

    private object? _environment;

    // Types whose reads and accepts block until input comes and take no token (the cooperative-cancellation fix asks).
    public INamedTypeSymbol? Console => Lookup(ref _console, "System.Console");

    private object? _console;

    public INamedTypeSymbol? TextReader => Lookup(ref _textReader, "System.IO.TextReader");

    private object? _textReader;

    public INamedTypeSymbol? Stream => Lookup(ref _stream, "System.IO.Stream");

    private object? _stream;

    public INamedTypeSymbol? Socket => Lookup(ref _socket, "System.Net.Sockets.Socket");

    private object? _socket;

    public INamedTypeSymbol? TcpListener => Lookup(ref _tcpListener, "System.Net.Sockets.TcpListener");

    private object? _tcpListener;

    public INamedTypeSymbol? UdpClient => Lookup(ref _udpClient, "System.Net.Sockets.UdpClient");

    private object? _udpClient;

    public INamedTypeSymbol? HttpListener => Lookup(ref _httpListener, "System.Net.HttpListener");

    private object? _httpListener;

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

    /// <summary>The type <paramref name="slot"/> holds, looked up by <paramref name="metadataName"/> on first use; two threads that both look it up find the same symbol.</summary>
    private INamedTypeSymbol? Lookup(ref object? slot, string metadataName)
    {
        var found = System.Threading.Volatile.Read(ref slot);
        if (found is null)
        {
            found = (object?)Get(_compilation, metadataName) ?? NotReferenced;
            System.Threading.Volatile.Write(ref slot, found);
        }

        return found as INamedTypeSymbol;
    }

    /// <summary>What a slot holds once its type was looked up and not found.</summary>
    private static readonly object NotReferenced = new();

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
