using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.StopFlagAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class StopFlagAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    /// <summary>A TSA2004 at markup location <paramref name="location"/>; its additional location (the field) is checked once, below.</summary>
    private static DiagnosticResult Flag(int location, string field, string writer)
        => Verify.Diagnostic("TSA2004").WithLocation(location).WithArguments(field, writer).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Diagnostic_PointsAtTheFieldDeclarationToo() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private bool {|#1:_stop|};

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!{|#0:_stop|}) { }
            }
        }
        """,
        Verify.Diagnostic("TSA2004").WithLocation(0).WithLocation(1).WithArguments("_stop", "'Stop'"));

    [Theory, MemberData(nameof(Frameworks))]
    public Task FlagInWhileCondition_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class Worker
        {
            private bool _stop;
            private bool _running = true;

            public void Stop() => _stop = true;

            public void Pause() { _running = false; }

            public void Run()
            {
                while (!{|#0:_stop|})
                {
                    Thread.Sleep(10);
                }

                while ({|#1:this._running|} && Step())
                {
                }
            }

            private static bool Step() => true;
        }
        """,
        Flag(0, "_stop", "'Stop'"),
        Flag(1, "_running", "'Pause'"));

    [Fact]
    public Task FlagInForAndDoConditions_Reports() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private bool _stop;

            public void Stop() { _stop = true; }

            public void Run()
            {
                for (var i = 0; !{|TSA2004:_stop|}; i++)
                {
                }

                do
                {
                }
                while (!{|TSA2004:_stop|});
            }
        }
        """);

    [Fact]
    public Task FlagInExitingIf_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;

        class Worker
        {
            private bool _stop;
            private bool _cancelled;

            // The type runs its loops on a thread of its own: a walk over a collection is reported too.
            public void Start(List<int> items) => new Thread(() => Run(items)).Start();

            public void Stop() => _stop = true;

            public void Cancel() => _cancelled = true;

            public void Run(List<int> items)
            {
                while (true)
                {
                    if ({|TSA2004:_stop|})
                    {
                        break;
                    }
                }

                foreach (var item in items)
                {
                    if ({|TSA2004:_stop|}) return;
                }

                for (;;)
                {
                    if ({|TSA2004:_cancelled|})
                    {
                        Console.WriteLine("cancelled");
                        throw new OperationCanceledException();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task StaticFlag_Reports() => Verify.VerifyAnalyzerAsync("""
        static class Service
        {
            private static bool s_shutdown;

            public static void Shutdown() => s_shutdown = true;

            public static void Loop()
            {
                while (!{|TSA2004:s_shutdown|})
                {
                }

                while (!{|TSA2004:Service.s_shutdown|})
                {
                }
            }
        }
        """);

    [Fact]
    public Task FlagWrittenByLambdaOrEventHandler_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            private bool _stop;
            private bool _exit;

            public Worker()
            {
                Console.CancelKeyPress += (sender, e) => _stop = true;
                AppDomain.CurrentDomain.ProcessExit += OnExit;
            }

            private void OnExit(object? sender, EventArgs e) => _exit = true;

            public void Run()
            {
                while (!{|#0:_stop|}) { }
                while (!{|#1:_exit|}) { }
            }
        }
        """,
        Flag(0, "_stop", "the lambda in '.ctor'"),
        Flag(1, "_exit", "'OnExit'"));

    [Fact]
    public Task FlagWrittenBySetter_NamesTheSetter() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private bool _stop;

            public bool StopRequested { set { _stop = value; } }

            public void Run()
            {
                while (!{|#0:_stop|}) { }
            }
        }
        """,
        Flag(0, "_stop", "the setter of 'StopRequested'"));

    [Fact]
    public Task LoopInLambdaAndFlagSetInSameMethod_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private bool _stop;

            public void RunFor(int milliseconds)
            {
                var thread = new Thread(() =>
                {
                    while (!{|TSA2004:_stop|}) { }
                });
                thread.Start();
                Thread.Sleep(milliseconds);
                _stop = true;
                thread.Join();
            }
        }
        """);

    [Fact]
    public Task PartialTypeAcrossFiles_Reports() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                """
                partial class Worker
                {
                    private bool _stop;

                    public void Run()
                    {
                        while (!{|TSA2004:_stop|}) { }
                    }
                }
                """,
                """
                partial class Worker
                {
                    public void Stop() => _stop = true;
                }
                """,
            },
        },
    }.RunAsync();

    /// <summary>
    /// The analyzer reads the declarations before it builds a type's members, to skip the many types without a
    /// candidate: a flag spelled as a name, an alias or in another part of a partial type is still found.
    /// </summary>
    [Fact]
    public Task FlagSpelledAsNameOrAliasOrInAnotherPart_Reports() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                """
                using System;
                using Flag = System.Boolean;

                class Worker
                {
                    private Boolean _stop;
                    private System.Boolean _pause;
                    private global::System.Boolean _quit;
                    private Flag _halt;

                    public void Stop() { _stop = true; _pause = true; _quit = true; _halt = true; }

                    public void Run()
                    {
                        while (!{|TSA2004:_stop|}) { }
                        while (!{|TSA2004:_pause|}) { }
                        while (!{|TSA2004:_quit|}) { }
                        while (!{|TSA2004:_halt|}) { }
                    }
                }

                partial class Pump
                {
                    public void Run()
                    {
                        while (!{|TSA2004:_stop|}) { }
                    }
                }

                enum Mode { On, Off }
                """,
                """
                partial class Pump
                {
                    private readonly object _gate = new object();
                    private bool _stop;

                    public void Stop() => _stop = true;
                }
                """,
            },
        },
    }.RunAsync();

    /// <summary>
    /// Top-level statements: a captured local is no field (the closure's field is the compiler's), and the flag of a
    /// class declared after the statements is found as anywhere else.
    /// </summary>
    [Fact]
    public Task TopLevelStatements_LocalIsNoFlag_DeclaredClassReports()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                var stop = false;
                var thread = new Thread(() => { while (!stop) { } });
                thread.Start();
                stop = true;

                class Worker
                {
                    private bool _stop;

                    public void Stop() => _stop = true;

                    public void Run()
                    {
                        while (!{|TSA2004:_stop|}) { }
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>
    /// Each type is analysed on its own: code in a nested type is not seen by the outer type's analysis (when it is
    /// seen depends on the host compiler's scheduling), so a flag set only there stays unreported rather than flaky.
    /// </summary>
    [Fact]
    public Task FlagOfOuterTypeSetOnlyInNestedType_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private static bool s_stop;

            public void Run()
            {
                while (!s_stop) { }
            }

            public sealed class Controller
            {
                public void Stop() => s_stop = true;
            }
        }
        """);

    [Fact]
    public Task FlagSetThroughAnotherInstanceOrVolatileWrite_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private bool _stop;
            private bool _halt;

            public static void StopAll(Worker[] workers)
            {
                foreach (var worker in workers)
                {
                    worker._stop = true;
                }
            }

            public void Halt() => Volatile.Write(ref _halt, true);

            public void Run()
            {
                while (!{|#0:_stop|}) { }
                while (!{|#1:_halt|}) { }
            }
        }
        """,
        Flag(0, "_stop", "'StopAll'"),
        Flag(1, "_halt", "'Halt'"));

    [Fact]
    public Task ExitingIfShapes_Report() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            private bool _running;

            public void Stop() => _running = false;

            public int Run(Func<bool> more)
            {
                while (more())
                {
                    if (!{|TSA2004:_running|}) { return 0; }
                }

                while (more())
                {
                    if ({|TSA2004:_running|})
                    {
                        Console.WriteLine("working");
                    }
                    else
                    {
                        break;
                    }
                }

                while (more())
                {
                    if (more()) { }
                    else if (!{|TSA2004:_running|}) throw new InvalidOperationException();
                }

                return 1;
            }
        }
        """);

    [Fact]
    public Task LoopInAsyncMethodOrLocalFunctionWithoutAwait_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;

        class Worker
        {
            private bool _stop;

            public void Stop() => _stop = true;

            public async Task RunAsync()
            {
                await Task.Yield();
                while (!{|TSA2004:_stop|})
                {
                    Spin();
                }
            }

            public void Run()
            {
                Loop();

                void Loop()
                {
                    while (!{|TSA2004:_stop|}) { }
                }
            }

            private static void Spin() { }
        }
        """);

    [Fact]
    public Task IfThatDoesNotLeaveTheLoop_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            private bool _paused;

            public void Pause() => _paused = true;

            public void Run(Func<bool> more)
            {
                while (more())
                {
                    if (_paused) continue;
                    if (_paused) { Console.WriteLine("paused"); }
                    switch (Environment.TickCount)
                    {
                        case 0:
                            if (_paused) break;
                            break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task LoopThatSynchronizesEachIteration_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
            private readonly AutoResetEvent _wake = new AutoResetEvent(false);
            private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();
            private volatile int _generation;
            private bool _stop;

            public void Stop()
            {
                _stop = true;
                _signal.Release();
                _wake.Set();
            }

            public async Task RunAsync()
            {
                while (!_stop)
                {
                    await _signal.WaitAsync();
                }
            }

            public void Run()
            {
                while (!_stop) { _wake.WaitOne(); }
                while (!_stop) { _signal.Wait(); }
                while (!_stop) { _queue.Take(); }
                while (!_stop) { Monitor.Enter(_gate); Monitor.Exit(_gate); }
                while (!_stop) { Interlocked.Increment(ref _generation); }
                while (!_stop) { _ = _generation; }
                while (!_stop) { Thread.MemoryBarrier(); }
                while (!_stop) { TakeOne(); }
                while (!_stop) { lock (_gate) { } }
            }

            private void TakeOne() => Next();

            private void Next()
            {
                lock (_gate)
                {
                }
            }
        }
        """);

    [Fact]
    public Task FlagTheLoopSetsItself_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Decoder
        {
            private bool _replay;
            private bool _eof;
            private bool _done;

            public void RequestReplay() => _replay = true;

            public void Reset() => _eof = false;

            public void Finish() => _done = true;

            public void Decode()
            {
                while (true)
                {
                    _replay = false;
                    Step();
                    if (_replay) break;
                }

                while (!_eof)
                {
                    Advance();
                }

                while (!_done)
                {
                    if (Step()) _done = true;
                }
            }

            private bool Step() => true;

            private void Advance() => Read();

            private void Read() => _eof = true;
        }

        class Tokenizer
        {
            private bool _atEnd;

            public void Rewind() => _atEnd = false;

            private char Current
            {
                get
                {
                    _atEnd = true;
                    return ' ';
                }
            }

            public void Skip()
            {
                while (!_atEnd && Current == ' ')
                {
                }
            }
        }
        """);

    [Fact]
    public Task LoopCallingOverridableMember_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        abstract class ReplayingDecoder
        {
            private bool _replayRequested;

            protected void RequestReplay() => _replayRequested = true;

            public void CallDecode()
            {
                while (true)
                {
                    Decode();
                    if (_replayRequested) break;
                }
            }

            protected abstract void Decode();
        }
        """);

    [Fact]
    public Task SynchronizedReads_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            private readonly object _gate = new object();
            private bool _stop;
            private volatile bool _volatileStop;
            private int _state;

            public void Stop()
            {
                _stop = true;
                _volatileStop = true;
                Interlocked.Exchange(ref _state, 1);
            }

            public void Run()
            {
                while (!Volatile.Read(ref _stop)) { }
                while (!_volatileStop) { }
                while (Interlocked.CompareExchange(ref _state, 0, 0) == 0) { }
                while (true)
                {
                    lock (_gate)
                    {
                        if (_stop) break;
                    }
                }

                lock (_gate)
                {
                    while (!_stop)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FlagGuardingADrainOrAVisitorCallback_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;

        interface IVisitable { void Accept(Visitor visitor); }

        class Connection
        {
            private readonly ConcurrentQueue<int> _pending = new ConcurrentQueue<int>();
            private readonly Dispatcher _dispatcher = new Dispatcher();
            private bool _disposed;

            public void Dispose() => _disposed = true;

            public void Flush()
            {
                // Each item may end in Dispose, through code the loop calls: the check is a guard, not a stop request.
                while (_pending.TryDequeue(out var item))
                {
                    _dispatcher.Dispatch(item);
                    if (_disposed)
                    {
                        return;
                    }
                }
            }
        }

        class Dispatcher { public void Dispatch(int item) { } }

        class Visitor
        {
            private bool _done;

            public void VisitAll(List<IVisitable> children)
            {
                foreach (var child in children)
                {
                    if (_done) return;
                    child.Accept(this);
                }
            }

            public void Found() => _done = true;
        }
        """);

    [Fact]
    public Task FlagResetByTheCallerOfTheLoop_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Transform
        {
            private bool _legacy;

            public void Run(int[] blocks)
            {
                // Per-run state: set here, then read by the loop this method calls, on the same thread.
                _legacy = blocks.Length > 10;
                Decompile(blocks);
            }

            private void Decompile(int[] blocks)
            {
                var i = 0;
                while (!_legacy && i < blocks.Length)
                {
                    i++;
                }
            }
        }

        class Worker
        {
            private bool _stop;

            public void Start()
            {
                _stop = false;
                Run();
            }

            // Stop does not call the loop: it is a request from another thread.
            public void Stop() => _stop = true;

            private void Run()
            {
                while (!{|TSA2004:_stop|}) { }
            }
        }
        """);

    // A search over a collection stops early once a match is found; the match is recorded through another object the
    // search holds, on the same thread. Nothing in the type runs on another thread.
    [Fact]
    public Task EarlyExitOfACollectionWalkInASingleThreadedType_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;

        class Matcher
        {
            private readonly Search _owner;

            public Matcher(Search owner) => _owner = owner;

            public void Check(int item)
            {
                if (item == 42) _owner.Found();
            }
        }

        class Search
        {
            private readonly Matcher _matcher;
            private bool _found;

            public Search() => _matcher = new Matcher(this);

            public void Found() => _found = true;

            public void Scan(List<int> items)
            {
                foreach (var item in items)
                {
                    if (_found) return;
                    _matcher.Check(item);
                }
            }
        }
        """);

    // The same visitor shape when the visited types cannot be resolved: the call that hands 'this' over is not bound.
    [Fact]
    public Task EarlyExitOfAVisitorOverUnresolvedTypes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class FindFirst
        {
            private bool _done;

            public void VisitGroup({|CS0246:IGroup|} group)
            {
                foreach (var child in group.Children)
                {
                    if (_done) return;
                    child.Accept(this);
                }
            }

            public void VisitLeaf({|CS0246:ILeaf|} leaf) => _done = true;
        }
        """);

    // A walk over a collection still reports when the type starts work on other threads, or when a callback sets the flag.
    [Fact]
    public Task EarlyExitOfACollectionWalkWithThreads_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        class Uploader
        {
            private bool _stop;

            public void Start(List<string> files) => Task.Run(() => Upload(files));

            public void Stop() => _stop = true;

            private void Upload(List<string> files)
            {
                foreach (var file in files)
                {
                    if ({|TSA2004:_stop|}) return;
                    Console.WriteLine(file);
                }
            }
        }

        class Indexer
        {
            private bool _cancelled;

            public Indexer() => Console.CancelKeyPress += OnCancel;

            private void OnCancel(object? sender, ConsoleCancelEventArgs e) => MarkCancelled();

            private void MarkCancelled() => _cancelled = true;

            public void Index(List<string> files)
            {
                foreach (var file in files)
                {
                    if ({|TSA2004:_cancelled|}) break;
                    Console.WriteLine(file);
                }
            }
        }
        """);

    // A decompiler step: the public entry resets its per-run flags through a private helper, then calls the method whose
    // loop reads them. Both run on the caller's thread, one after the other.
    [Fact]
    public Task FlagSetByAHelperOfTheLoopsCaller_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Rewriter
        {
            private bool _oldCompiler;

            public void Run(int[] code)
            {
                if (!Detect(code))
                {
                    return;
                }

                Analyze(code);
            }

            private bool Detect(int[] code)
            {
                _oldCompiler = code.Length > 3;
                return code.Length > 0;
            }

            private void Analyze(int[] code) => Convert(code);

            private void Convert(int[] code)
            {
                var i = 0;
                while (i < code.Length)
                {
                    if (_oldCompiler && code[i] == 0) break;
                    i++;
                }
            }
        }
        """);

    // A private helper is on the loop's call chain only when every way into it goes on to run the loop.
    [Fact]
    public Task FlagSetByAHelperOfAnotherEntry_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            private bool _stop;

            public void Run()
            {
                Reset();
                Loop();
            }

            // Stop does not run the loop: its helper is a request from another thread.
            public void Stop() => Halt();

            public void Attach() => AppDomain.CurrentDomain.ProcessExit += OnExit;

            private void OnExit(object? sender, EventArgs e) => Reset();

            private void Halt() => _stop = true;

            private void Reset() => _stop = false;

            private void Loop()
            {
                while (!{|#0:_stop|}) { }
            }
        }
        """,
        Flag(0, "_stop", "'Halt'"));

    [Fact]
    public Task FlagInAnEndlessLoopThatAlsoDrains_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Concurrent;

        class Pump
        {
            private readonly ConcurrentQueue<int> _pending = new ConcurrentQueue<int>();
            private bool _stopped;

            public event System.EventHandler<int>? Busy;

            public void Stop() => _stopped = true;

            public void Run()
            {
                while (true)
                {
                    if ({|TSA2004:_stopped|}) break;
                    while (_pending.TryDequeue(out var item))
                    {
                        // Raising an event with this as its sender hands nothing over.
                        Busy?.Invoke(this, item);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FlagsThatAreNoStopRequest_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private readonly bool _readOnly;
            private const bool Const = false;
            private bool _initialized = false;
            private bool _setInConstructor;
            private bool _onlyInLoop;
            private bool _setBeforeLoop;
            private bool _setByStep;
            private bool _neverWritten;

            public Worker()
            {
                _setInConstructor = true;
            }

            public void Run(Worker other)
            {
                var local = false;
                while (!local) { local = true; }
                while (!_readOnly) { }
                while (!Const) { }
                while (!_initialized) { }
                while (!_setInConstructor) { }
                while (!_onlyInLoop) { _onlyInLoop = true; }
                _setBeforeLoop = false;
                while (!_setBeforeLoop) { }
                while (!_setByStep) { Step(); }
                while (!_neverWritten) { }
                while (!other._onlyInLoop) { }
            }

            private void Step() => _setByStep = true;
        }
        """);

    [Fact]
    public Task FlagOfAnotherType_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Flags
        {
            public bool Stop;
        }

        class Worker
        {
            private readonly Flags _flags = new Flags();

            public void RequestStop() => _flags.Stop = true;

            public void Run()
            {
                while (!_flags.Stop) { }
            }
        }
        """);

    [Fact]
    public Task ReadsThatDoNotDecideTheLoop_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            private bool _verbose;

            public void Configure() => _verbose = true;

            public void Run()
            {
                while (true)
                {
                    if (_verbose)
                    {
                        Console.WriteLine("tick");
                    }

                    Console.WriteLine(_verbose);
                    Func<bool> read = () => _verbose;
                    if (Console.KeyAvailable) break;
                }

                if (_verbose)
                {
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task AutoPropertyFlag_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            public bool StopRequested { get; set; }

            public void Stop() => StopRequested = true;

            public void Run()
            {
                while (!StopRequested) { }
            }
        }
        """);

    [Fact]
    public Task ThreadStaticAndStructFlags_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;

        class Worker
        {
            [ThreadStatic]
            private static bool t_stop;

            public static void Stop() => t_stop = true;

            public static void Run()
            {
                while (!t_stop) { }
            }
        }

        struct Cursor
        {
            private bool _done;

            public void Finish() => _done = true;

            public void Run()
            {
                while (!_done) { }
            }
        }
        """);

    [Fact]
    public Task WriteInInactiveIfBranch_IsNotSeen() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private bool _stop;
            private bool _exit;

        #if NEVER_DEFINED
            public void Stop() => _stop = true;
        #else
            public void Exit() => _exit = true;
        #endif

            public void Run()
            {
                while (!_stop) { }
                while (!{|TSA2004:_exit|}) { }
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        class Worker
        {
            private bool _stop;

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!_stop) { }
            }
        }
        """);

    [Fact]
    public Task HalfTypedCode_DoesNotCrash() => Verify.VerifyAnalyzerAsync("""
        class Worker
        {
            private bool _stop;

            public void Stop() => _stop = {|CS1525:;|}

            public void Run()
            {
                while (!_stop{|CS1026:|}
                {
                    if (_stop) break{|CS1002:|}
                }
            }
        }
        """);
    /// <summary>
    /// Half-typed code (a project analyzed without all its references or generators): calls that do not bind still
    /// count as the loop's own calls, so a flag the loop's thread sets through them is loop state (msbuild's packet
    /// drain, whose handler sets the flag; an unresolved native enumeration that calls a method of the type back).
    /// </summary>
    [Fact]
    public Task UnresolvedCallsOfTheLoop_StillCountAsItsOwn_NoDiagnostic() => new Verify.Test
    {
        TestCode = """
            using System.Collections.Concurrent;
            using System.Threading;

            sealed class Client
            {
                private bool _finished;
                private static bool s_found;

                void Drain(ConcurrentQueue<IPacket> queue)
                {
                    while (queue.TryDequeue(out IPacket? packet) && !_finished)
                    {
                        Handle(packet);
                        Thread.Sleep(1);
                    }
                }

                void Handle(IPacket packet)
                {
                    switch (packet.Type)
                    {
                        case Kind.Result:
                            Finish((ResultPacket)packet);
                            break;
                    }
                }

                void Finish(ResultPacket result) => _finished = true;

                static void WaitForWindow()
                {
                    s_found = false;
                    while (!s_found)
                    {
                        Native.EnumWindows(OnWindow, 0);
                        Thread.Sleep(25);
                    }
                }

                static bool OnWindow(nint window, nint state)
                {
                    s_found = true;
                    return true;
                }
            }
            """,
        CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
    }.RunAsync();

    /// <summary>A field handed to a call in the loop's condition (a parse mode) is the callee's input, not a stop flag: Tmds.DBus's message reader.</summary>
    [Fact]
    public Task FieldPassedToACallInTheCondition_IsNotAStopFlag_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        sealed class Reader
        {
            private bool _isMonitor;

            public void BecomeMonitor() => _isMonitor = true;

            public void Start() => new Thread(Read).Start();

            private void Read()
            {
                string? message;
                while ((message = TryRead(_isMonitor)) != null)
                {
                    System.Console.WriteLine(message);
                    Thread.Sleep(1);
                }
            }

            private static string? TryRead(bool monitor) => monitor ? null : "x";
        }
        """);
}
