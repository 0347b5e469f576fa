using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>The analyzers of the package, one per rule family; each is benchmarked on inputs written for it.</summary>
public enum Rule
{
    /// <summary>ThreadTerminationAnalyzer: TSA1001, TSA1002, TSA1003.</summary>
    Termination,

    /// <summary>LoopCancellationAnalyzer: TSA2001, TSA2002.</summary>
    Loops,

    /// <summary>StartedWorkAnalyzer: TSA2003, TSA2005.</summary>
    StartedWork,

    /// <summary>StopFlagAnalyzer: TSA2004.</summary>
    StopFlag,

    /// <summary>SleepAnalyzer: TSA2006.</summary>
    Sleep,

    /// <summary>SwallowedCancellationAnalyzer: TSA2009.</summary>
    Swallow,

    /// <summary>UncancellableWaitAnalyzer: TSA2007.</summary>
    Waits,

    /// <summary>UnreachedCancellationAnalyzer: TSA2008, TSA2010.</summary>
    Unreached,

    /// <summary>ProcessKillAnalyzer: TSA1004.</summary>
    Processes,

    /// <summary>AbortHandlerAnalyzer: TSA1005.</summary>
    AbortHandlers,
}

/// <summary>What a generated input is for.</summary>
public enum InputKind
{
    /// <summary>Idiomatic code that takes the rule's code paths (tokens observed, volatile flags, <c>Thread.Sleep(0)</c>, …) and triggers nothing.</summary>
    Quiet,

    /// <summary>Every shape the rule flags, several times per file.</summary>
    Noisy,
}

/// <summary>A generated source file: a path (for messages) and its text.</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>
/// Writes realistic C# for the benchmarks. Each rule has a quiet and a noisy template that produces the members of a
/// class; every member name ends in the template's index, so blocks can be put one per file (the per-rule inputs) or
/// many into one class (the scaling inputs, where one type grows with the file as real "god classes" do).
/// Nothing here is marked generated: the analyzers skip generated code.
/// </summary>
public static class Generator
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;

        """;

    /// <summary><paramref name="count"/> files, each holding one class written for <paramref name="rule"/>.</summary>
    public static ImmutableArray<GeneratedFile> RuleFiles(Rule rule, InputKind kind, int count)
    {
        var files = ImmutableArray.CreateBuilder<GeneratedFile>(count);
        for (var i = 0; i < count; i++)
        {
            var className = ClassName(rule, kind) + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var text = new StringBuilder(Usings)
                .Append("\nnamespace Generated.").Append(rule).Append('.').Append(kind).Append(";\n\n")
                .Append("public sealed class ").Append(className).Append('\n')
                .Append("{\n")
                .Append(Block(rule, kind, i))
                .Append("}\n")
                .ToString();
            files.Add(new GeneratedFile($"{rule}/{kind}/{className}.cs", text));
        }

        return files.MoveToImmutable();
    }

    /// <summary>
    /// One file of about <paramref name="lines"/> lines: a single class made of blocks of every rule, quiet and noisy
    /// in turn, always in the same order, so a file twice as long holds the shorter file's blocks and as many again.
    /// </summary>
    public static GeneratedFile ScalingFile(int lines)
    {
        var rules = Enum.GetValues<Rule>();
        var header = Usings + "\nnamespace Generated.Scaling;\n\npublic sealed class Scaled\n{\n";
        var text = new StringBuilder(header);
        var lineCount = CountLines(header) + 1;
        for (var i = 0; ; i++)
        {
            var kind = i / rules.Length % 2 == 0 ? InputKind.Quiet : InputKind.Noisy;
            var block = Block(rules[i % rules.Length], kind, i);
            var blockLines = CountLines(block);
            if (lineCount + blockLines > lines)
            {
                break;
            }

            text.Append(block);
            lineCount += blockLines;
        }

        text.Append("}\n");
        return new GeneratedFile($"Scaling/Scaled{lines}.cs", text.ToString());
    }

    /// <summary>
    /// One file of about <paramref name="lines"/> lines: a single class made of <paramref name="rule"/>'s noisy blocks
    /// (every shape it flags, again and again), for timing the fixes as the light bulb asks for them.
    /// </summary>
    public static GeneratedFile NoisyFile(Rule rule, int lines)
    {
        var header = Usings + "\nnamespace Generated.LightBulb;\n\npublic sealed class Noisy" + rule + "\n{\n";
        var text = new StringBuilder(header);
        var lineCount = CountLines(header) + 1;
        for (var i = 0; ; i++)
        {
            var block = Block(rule, InputKind.Noisy, i);
            var blockLines = CountLines(block);
            if (lineCount + blockLines > lines)
            {
                break;
            }

            text.Append(block);
            lineCount += blockLines;
        }

        text.Append("}\n");
        return new GeneratedFile($"LightBulb/Noisy{rule}.cs", text.ToString());
    }

    public static int CountLines(string text) => text.Count(c => c == '\n');

    private static string ClassName(Rule rule, InputKind kind) => (rule, kind) switch
    {
        (Rule.Termination, InputKind.Quiet) => "WorkerHost",
        (Rule.Termination, _) => "LegacyWorker",
        (Rule.Loops, InputKind.Quiet) => "Poller",
        (Rule.Loops, _) => "Spinner",
        (Rule.StartedWork, InputKind.Quiet) => "Dispatcher",
        (Rule.StartedWork, _) => "Scheduler",
        (Rule.StopFlag, InputKind.Quiet) => "Service",
        (Rule.StopFlag, _) => "Pump",
        (Rule.Sleep, InputKind.Quiet) => "Throttle",
        (Rule.Sleep, _) => "Retrier",
        (Rule.Swallow, InputKind.Quiet) => "Consumer",
        (Rule.Waits, InputKind.Quiet) => "Consumer",
        (Rule.Unreached, InputKind.Quiet) => "Ingest",
        (Rule.Unreached, _) => "Relay",
        (Rule.Processes, InputKind.Quiet) => "Converter",
        (Rule.Processes, _) => "Launcher",
        (Rule.AbortHandlers, InputKind.Quiet) => "Job",
        (Rule.AbortHandlers, _) => "LegacyJob",
        _ => "Listener",
    };

    private static string Block(Rule rule, InputKind kind, int i) => (rule, kind) switch
    {
        (Rule.Termination, InputKind.Quiet) => TerminationQuiet(i),
        (Rule.Termination, _) => TerminationNoisy(i),
        (Rule.Loops, InputKind.Quiet) => LoopsQuiet(i),
        (Rule.Loops, _) => LoopsNoisy(i),
        (Rule.StartedWork, InputKind.Quiet) => StartedWorkQuiet(i),
        (Rule.StartedWork, _) => StartedWorkNoisy(i),
        (Rule.StopFlag, InputKind.Quiet) => StopFlagQuiet(i),
        (Rule.StopFlag, _) => StopFlagNoisy(i),
        (Rule.Sleep, InputKind.Quiet) => SleepQuiet(i),
        (Rule.Sleep, _) => SleepNoisy(i),
        (Rule.Swallow, InputKind.Quiet) => SwallowQuiet(i),
        (Rule.Swallow, _) => SwallowNoisy(i),
        (Rule.Waits, InputKind.Quiet) => WaitsQuiet(i),
        (Rule.Waits, _) => WaitsNoisy(i),
        (Rule.Unreached, InputKind.Quiet) => UnreachedQuiet(i),
        (Rule.Unreached, _) => UnreachedNoisy(i),
        (Rule.Processes, InputKind.Quiet) => ProcessesQuiet(i),
        (Rule.Processes, _) => ProcessesNoisy(i),
        (Rule.AbortHandlers, InputKind.Quiet) => AbortHandlersQuiet(i),
        _ => AbortHandlersNoisy(i),
    };

    /// <summary>Threads started, named, joined and inspected; nothing aborted, interrupted or suspended.</summary>
    private static string TerminationQuiet(int i) => $$"""
            private readonly CancellationTokenSource _cts{{i}} = new();
            private readonly List<Thread> _threads{{i}} = new();
            private readonly ConcurrentQueue<string> _log{{i}} = new();

            public int Started{{i}} { get; private set; }

            public static string ForbiddenCall{{i}} => nameof(Thread.Abort);

            public void Start{{i}}(int count)
            {
                for (var n = 0; n < count; n++)
                {
                    var thread = new Thread(Run{{i}}) { IsBackground = true, Name = "worker-{{i}}-" + n };
                    _threads{{i}}.Add(thread);
                    thread.Start(_cts{{i}}.Token);
                    Started{{i}}++;
                }
            }

            public void Stop{{i}}(TimeSpan timeout)
            {
                _cts{{i}}.Cancel();
                foreach (var thread in _threads{{i}})
                {
                    if (thread.IsAlive && !thread.Join(timeout))
                    {
                        _log{{i}}.Enqueue($"{thread.Name} did not stop within {timeout.TotalSeconds} s");
                    }
                }
            }

            public ThreadStart Joiner{{i}}() => _threads{{i}}[0].Join;

            public string Describe{{i}}() => string.Join(", ", _threads{{i}}.Select(t => t.ManagedThreadId + ":" + t.ThreadState));

            private void Run{{i}}(object? state)
            {
                var token = (CancellationToken)state!;
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
                while (!token.IsCancellationRequested)
                {
                    if (!_log{{i}}.TryDequeue(out var line))
                    {
                        Thread.Yield();
                        token.WaitHandle.WaitOne(10 + {{i % 7}});
                        continue;
                    }

                    Console.WriteLine(line.Trim());
                }
            }

        """;

    /// <summary>Every forced stop: Abort (direct, conditional, with state), ResetAbort, Interrupt (call and method group), Suspend, Resume.</summary>
    private static string TerminationNoisy(int i) => $$"""
            private Thread? _worker{{i}};
            private readonly Thread _watchdog{{i}} = new(() => Console.WriteLine("watchdog {{i}}"));
            private int _done{{i}};

            public void Start{{i}}()
            {
                _worker{{i}} = new Thread(Work{{i}}) { IsBackground = true };
                _worker{{i}}.Start();
                _watchdog{{i}}.Start();
            }

            public void Kill{{i}}() => _worker{{i}}?.Abort();

            public void KillWithReason{{i}}(string reason)
            {
                _worker{{i}}!.Abort(reason);
            }

            public void Pause{{i}}()
            {
                _worker{{i}}!.Suspend();
            }

            public void Continue{{i}}()
            {
                _worker{{i}}!.Resume();
            }

            public void Wake{{i}}() => _watchdog{{i}}.Interrupt();

            public Action StopAction{{i}}() => _watchdog{{i}}.Interrupt;

            private void Work{{i}}()
            {
                try
                {
                    for (var n = 0; n < {{100 + i % 50}}; n++)
                    {
                        Interlocked.Increment(ref _done{{i}});
                    }
                }
                catch (ThreadAbortException)
                {
                    Thread.ResetAbort();
                }
            }

        """;

    /// <summary>Loops that check, throw on, wait on, pass on or carry the token; loops that can exit; an iterator.</summary>
    private static string LoopsQuiet(int i) => $$"""
            private readonly BlockingCollection<int> _queue{{i}} = new();
            private readonly Channel<string> _channel{{i}} = Channel.CreateUnbounded<string>();
            private readonly List<int> _items{{i}} = Enumerable.Range(0, {{16 + i % 16}}).ToList();

            public async Task PumpAsync{{i}}(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    var line = await _channel{{i}}.Reader.ReadAsync(token);
                    Handle{{i}}(line);
                }
            }

            public void Drain{{i}}(CancellationToken cancellationToken)
            {
                for (;;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var item = _queue{{i}}.Take(cancellationToken);
                    if (item < 0)
                    {
                        return;
                    }

                    Handle{{i}}(item.ToString());
                }
            }

            public void Consume{{i}}(CancellationToken token)
            {
                foreach (var item in _queue{{i}}.GetConsumingEnumerable(token))
                {
                    Handle{{i}}(item.ToString());
                }
            }

            public async Task SaveAllAsync{{i}}(CancellationToken token)
            {
                foreach (var item in _items{{i}})
                {
                    await SaveAsync{{i}}(item, token).ConfigureAwait(false);
                }
            }

            public async Task NotifyAllAsync{{i}}(Func<int, Task> changed)
            {
                foreach (var item in _items{{i}})
                {
                    await changed(item);
                }
            }

            public void RunWithContext{{i}}(CancellationToken token)
            {
                var context = new WorkContext{{i}}(token);
                while (true)
                {
                    Step{{i}}(context);
                }
            }

            public Task StartPoller{{i}}(CancellationToken token) => Task.Run(() =>
            {
                while (!token.IsCancellationRequested)
                {
                    token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds({{50 + i % 10}}));
                }
            }, token);

            public int Sum{{i}}()
            {
                var total = 0;
                for (var n = 0; n < _items{{i}}.Count; n++)
                {
                    total += _items{{i}}[n];
                }

                var k = 0;
                while (true)
                {
                    if (k++ > total)
                    {
                        break;
                    }
                }

                return total;
            }

            public IEnumerable<int> Numbers{{i}}()
            {
                var n = 0;
                while (true)
                {
                    yield return n++;
                }
            }

            private static void Handle{{i}}(string line) => Console.WriteLine(line.Length);

            private static Task SaveAsync{{i}}(int item, CancellationToken token) => Task.CompletedTask;

            private static void Step{{i}}(WorkContext{{i}} context) => context.Token.ThrowIfCancellationRequested();

            public sealed class WorkContext{{i}}
            {
                public WorkContext{{i}}(CancellationToken token) => Token = token;

                public CancellationToken Token { get; }
            }

        """;

    /// <summary>Endless and waiting loops beside a token they ignore (TSA2001), endless loops with no token at all (TSA2002).</summary>
    private static string LoopsNoisy(int i) => $$"""
            private readonly ConcurrentQueue<int> _pending{{i}} = new();
            private readonly SemaphoreSlim _signal{{i}} = new(0);
            private int _processed{{i}};

            public void Run{{i}}(CancellationToken token)
            {
                while (true)
                {
                    Process{{i}}();
                }
            }

            public async Task PollAsync{{i}}(CancellationToken token)
            {
                while (_processed{{i}} < {{1000 + i}})
                {
                    await Task.Delay(100);
                    Process{{i}}();
                }
            }

            public void WaitForWork{{i}}(CancellationToken token)
            {
                do
                {
                    _signal{{i}}.Wait();
                    Process{{i}}();
                }
                while (_processed{{i}} < {{1000 + i}});
            }

            public async Task SendAllAsync{{i}}(IReadOnlyList<int> items, CancellationToken token)
            {
                foreach (var item in items)
                {
                    await SendAsync{{i}}(item);
                }
            }

            public void Spin{{i}}()
            {
                for (;;)
                {
                    Process{{i}}();
                }
            }

            public Thread CreatePump{{i}}() => new Thread(() =>
            {
                while (true)
                {
                    if (_pending{{i}}.TryDequeue(out var item))
                    {
                        Interlocked.Add(ref _processed{{i}}, item);
                    }
                }
            });

            private Task SendAsync{{i}}(int item) => SendAsync{{i}}(item, CancellationToken.None);

            private Task SendAsync{{i}}(int item, CancellationToken token) => Task.FromResult(item);

            private void Process{{i}}()
            {
                if (_pending{{i}}.TryDequeue(out var item))
                {
                    Interlocked.Add(ref _processed{{i}}, item);
                }
            }

        """;

    /// <summary>Work started with the token, with options that carry it, with delegates that use it, or with an explicit None.</summary>
    private static string StartedWorkQuiet(int i) => $$"""
            private readonly CancellationTokenSource _shutdown{{i}} = new();
            private readonly int[] _data{{i}} = Enumerable.Range(0, {{32 + i % 32}}).ToArray();

            public Task StartAsync{{i}}(CancellationToken token) => Task.Run(() => Compute{{i}}(_data{{i}}), token);

            public Task<int> StartLongRunning{{i}}(CancellationToken token) =>
                Task.Factory.StartNew(() => Compute{{i}}(_data{{i}}), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            public void Scale{{i}}(CancellationToken token)
            {
                var options = new ParallelOptions { CancellationToken = token, MaxDegreeOfParallelism = 2 };
                Parallel.For(0, _data{{i}}.Length, options, n => _data{{i}}[n] *= 2);
                Parallel.ForEach(_data{{i}}, new ParallelOptions { CancellationToken = token }, value => Consume{{i}}(value));
            }

            public Task UploadAllAsync{{i}}(CancellationToken token) =>
                Parallel.ForEachAsync(_data{{i}}, token, async (value, ct) => await SaveAsync{{i}}(value, ct));

            public Task Watch{{i}}(CancellationToken token) => Task.Run(() => WatchAsync{{i}}(token));

            public Task Background{{i}}() => Task.Run(() => WatchAsync{{i}}(_shutdown{{i}}.Token));

            public Task Detached{{i}}() => Task.Run(() => Compute{{i}}(_data{{i}}), CancellationToken.None);

            public int Total{{i}}() => _data{{i}}.Where(value => value % 2 == 0).Sum();

            private static async Task WatchAsync{{i}}(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(1000, token);
                }
            }

            private static int Compute{{i}}(int[] data) => data.Sum() + {{i}};

            private static void Consume{{i}}(int value) => Console.WriteLine(value);

            private static ValueTask SaveAsync{{i}}(int value, CancellationToken token) => ValueTask.CompletedTask;

        """;

    /// <summary>Work started without the token in scope (TSA2003), and work nothing can cancel (TSA2005).</summary>
    private static string StartedWorkNoisy(int i) => $$"""
            private readonly int[] _values{{i}} = Enumerable.Range(0, {{32 + i % 32}}).ToArray();

            public Task Start{{i}}(CancellationToken token) => Task.Run(() => Compute{{i}}(_values{{i}}));

            public Task<int> StartNew{{i}}(CancellationToken token) => Task.Factory.StartNew(() => Compute{{i}}(_values{{i}}));

            public void Fan{{i}}(CancellationToken token)
            {
                Parallel.For(0, _values{{i}}.Length, n => _values{{i}}[n]++);
                Parallel.ForEach(_values{{i}}, new ParallelOptions { MaxDegreeOfParallelism = 2 }, value => Consume{{i}}(value));
            }

            public Task StateInsteadOfToken{{i}}(CancellationToken token) => Task.Factory.StartNew(state => Consume{{i}}((int)state!), {{i}});

            public Task FireAndForget{{i}}() => Task.Run(() => Compute{{i}}(_values{{i}}));

            public Task DelayThenWork{{i}}() => Task.Run(async () =>
            {
                await Task.Delay(100);
                Consume{{i}}(1);
            });

            public void Both{{i}}() => Parallel.Invoke(Left{{i}}, Right{{i}});

            public Task Refresh{{i}}(Task download) => Task.Run(() => Rebuild{{i}}(download));

            private static void Rebuild{{i}}(Task download) => download.Wait();

            private void Left{{i}}() => Consume{{i}}(_values{{i}}[0]);

            private void Right{{i}}() => Consume{{i}}(_values{{i}}[^1]);

            private static int Compute{{i}}(int[] values) => values.Sum() + {{i}};

            private static void Consume{{i}}(int value) => Console.WriteLine(value);

        """;

    /// <summary>Bool fields that are volatile, read with Volatile.Read, polled under a lock or by a loop that waits on a handle, or not polled at all.</summary>
    private static string StopFlagQuiet(int i) => $$"""
            private volatile bool _stopping{{i}};
            private bool _running{{i}};
            private bool _paused{{i}};
            private bool _initialized{{i}};
            private bool _signalled{{i}};
            private static bool s_verbose{{i}};
            private readonly object _gate{{i}} = new();
            private readonly AutoResetEvent _wake{{i}} = new(false);
            private int _steps{{i}};

            public bool IsInitialized{{i}} => _initialized{{i}};

            public static void Configure{{i}}(bool verbose) => s_verbose{{i}} = verbose;

            public void Stop{{i}}()
            {
                _stopping{{i}} = true;
                Volatile.Write(ref _running{{i}}, false);
                lock (_gate{{i}})
                {
                    _paused{{i}} = false;
                }

                _signalled{{i}} = true;
                _wake{{i}}.Set();
            }

            public void Run{{i}}()
            {
                _initialized{{i}} = true;
                Volatile.Write(ref _running{{i}}, true);
                while (!_stopping{{i}})
                {
                    Step{{i}}();
                }

                while (Volatile.Read(ref _running{{i}}))
                {
                    Step{{i}}();
                }

                while (true)
                {
                    lock (_gate{{i}})
                    {
                        if (!_paused{{i}})
                        {
                            break;
                        }
                    }

                    Step{{i}}();
                }

                while (!_signalled{{i}})
                {
                    _wake{{i}}.WaitOne(100);
                }

                for (var n = 0; n < {{10 + i % 5}}; n++)
                {
                    if (s_verbose{{i}})
                    {
                        Console.WriteLine(n);
                    }
                }
            }

            private void Step{{i}}()
            {
                _steps{{i}}++;
                Thread.SpinWait(10);
            }

        """;

    /// <summary>Plain bool stop flags polled in while, for, do-while and if-break loops (one in a lambda) and set elsewhere.</summary>
    private static string StopFlagNoisy(int i) => $$"""
            private bool _stop{{i}};
            private bool _cancelled{{i}};
            private bool _enabled{{i}} = true;
            private static bool s_shutdown{{i}};
            private int _count{{i}};

            public bool Enabled{{i}}
            {
                get => _enabled{{i}};
                set => _enabled{{i}} = value;
            }

            public void Stop{{i}}() => _stop{{i}} = true;

            public void Cancel{{i}}()
            {
                _cancelled{{i}} = true;
            }

            public static void Shutdown{{i}}()
            {
                s_shutdown{{i}} = true;
            }

            public void Run{{i}}()
            {
                while (!_stop{{i}})
                {
                    _count{{i}}++;
                }

                for (; !_cancelled{{i}};)
                {
                    _count{{i}}++;
                }

                while (true)
                {
                    if (s_shutdown{{i}})
                    {
                        break;
                    }

                    _count{{i}}++;
                }

                do
                {
                    _count{{i}}++;
                }
                while (_enabled{{i}});
            }

            public void StartWorker{{i}}() => new Thread(() =>
            {
                while (!_stop{{i}})
                {
                    _count{{i}}--;
                }
            }).Start();

        """;

    /// <summary>Sleeps that only yield, sleeps with no token in scope, and waits that take the token.</summary>
    private static string SleepQuiet(int i) => $$"""
            public void Yield{{i}}(CancellationToken token)
            {
                Thread.Sleep(0);
                Thread.Sleep(TimeSpan.Zero);
                Thread.Sleep(default(TimeSpan));
                token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds({{50 + i % 50}}));
                Log{{i}}("yielded", string.Join(",", Enumerable.Range(0, 3)).Length);
            }

            public async Task DelayAsync{{i}}(CancellationToken token)
            {
                await Task.Delay(TimeSpan.FromMilliseconds({{50 + i % 50}}), token).ConfigureAwait(false);
                Log{{i}}("delayed", Math.Max(1, {{i}}));
            }

            public void Backoff{{i}}(int attempt)
            {
                Thread.Sleep(Math.Min(1000, 10 * attempt));
                Log{{i}}("backoff", attempt);
            }

            public static void Retry{{i}}(Func<bool> action)
            {
                for (var attempt = 1; attempt <= 3 && !action(); attempt++)
                {
                    Thread.Sleep(100 * attempt);
                }
            }

            public Task Tick{{i}}(CancellationToken token) => Task.Run(() =>
            {
                Thread.Sleep(0);
                Log{{i}}("tick", Environment.ProcessorCount);
            }, token);

            private static void Log{{i}}(string what, int value) => Console.WriteLine($"{what}: {value}");

        """;

    /// <summary>Thread.Sleep beside a token parameter, a nullable token, a token source local, in a lambda and in async code.</summary>
    private static string SleepNoisy(int i) => $$"""
            public void Wait{{i}}(CancellationToken token)
            {
                Thread.Sleep({{100 + i % 100}});
            }

            public void WaitSpan{{i}}(CancellationToken token)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }

            public void WithSource{{i}}()
            {
                using var cts = new CancellationTokenSource();
                Thread.Sleep(250);
                cts.Cancel();
            }

            public void Nullable{{i}}(CancellationToken? token)
            {
                Thread.Sleep(10);
            }

            public void Lambda{{i}}(CancellationToken token)
            {
                Action pause = () => Thread.Sleep(5);
                pause();
            }

            public async Task MixedAsync{{i}}(CancellationToken token)
            {
                await Task.Yield();
                Thread.Sleep(20);
            }

        """;

    /// <summary>
    /// Catches in loops that the rule looks at and lets be: catches of other exceptions, catches that leave the loop or
    /// rethrow, loops whose condition tests the token, filters on the token, a fresh timeout source per iteration.
    /// </summary>
    private static string SwallowQuiet(int i) => $$"""
            public async Task PollAsync{{i}}(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay({{50 + i % 50}}, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
            }

            public void Consume{{i}}(BlockingCollection<int> queue, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Handle{{i}}(queue.Take(token));
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }
            }

            public async Task RetryAsync{{i}}(CancellationToken token)
            {
                while (true)
                {
                    using var timeout = new CancellationTokenSource({{1000 + i}});
                    try
                    {
                        await Task.Delay(10, timeout.Token).ConfigureAwait(false);
                        return;
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                    }

                    await Task.Delay(100, token).ConfigureAwait(false);
                }
            }

            public async Task ListenAsync{{i}}(ChannelReader<int> reader, CancellationToken token)
            {
                for (var round = 0; round < 10; round++)
                {
                    try
                    {
                        Handle{{i}}(await reader.ReadAsync(token).ConfigureAwait(false));
                    }
                    catch (ChannelClosedException)
                    {
                        return;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
            }

            private static void Handle{{i}}(int item) => Console.WriteLine(item);

        """;

    /// <summary>Every flagged shape: an empty catch of the cancellation, a catch-all that logs, a TaskCanceledException, a lambda, a field source.</summary>
    private static string SwallowNoisy(int i) => $$"""
            private readonly CancellationTokenSource _cts{{i}} = new();

            public async Task PollAsync{{i}}(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay({{50 + i % 50}}, token).ConfigureAwait(false);
                        Handle{{i}}(1);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }

            public void Consume{{i}}(BlockingCollection<int> queue, CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        Handle{{i}}(queue.Take(token));
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }
            }

            public Task Start{{i}}(CancellationToken token) => Task.Run(async () =>
            {
                for (;;)
                {
                    try
                    {
                        await Task.Delay(100, token).ConfigureAwait(false);
                    }
                    catch (TaskCanceledException)
                    {
                        continue;
                    }
                }
            });

            public async Task Pump{{i}}()
            {
                do
                {
                    try
                    {
                        await Task.Delay(10, _cts{{i}}.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        Handle{{i}}(-1);
                    }
                }
                while (true);
            }

            private static void Handle{{i}}(int item) => Console.WriteLine(item);

        """;

    /// <summary>Waits on the token's handle too, polls, waits the token's Register callback wakes, cleanup waits, and token-aware waits.</summary>
    private static string WaitsQuiet(int i) => $$"""
            private readonly AutoResetEvent _work{{i}} = new(false);
            private readonly object _gate{{i}} = new();
            private readonly Queue<int> _items{{i}} = new();
            private volatile bool _done{{i}};

            public void Consume{{i}}(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    if (WaitHandle.WaitAny(new WaitHandle[] { _work{{i}}, token.WaitHandle }, {{100 + i % 100}}) == 1)
                    {
                        break;
                    }

                    _work{{i}}.WaitOne(0);
                    Log{{i}}("consumed", _items{{i}}.Count);
                }
            }

            public int Take{{i}}(CancellationToken token)
            {
                using var registration = token.Register(() => { lock (_gate{{i}}) { Monitor.PulseAll(_gate{{i}}); } });
                lock (_gate{{i}})
                {
                    while (_items{{i}}.Count == 0 && !token.IsCancellationRequested)
                    {
                        Monitor.Wait(_gate{{i}});
                    }

                    return _items{{i}}.Count > 0 ? _items{{i}}.Dequeue() : -1;
                }
            }

            public void Spin{{i}}(CancellationToken token)
            {
                SpinWait.SpinUntil(() => _done{{i}} || token.IsCancellationRequested);
                token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds({{10 + i % 10}}));
            }

            public void Drain{{i}}(SemaphoreSlim semaphore, CancellationToken token)
            {
                try
                {
                    semaphore.Wait(token);
                }
                finally
                {
                    _work{{i}}.WaitOne(1000);
                }
            }

            public void Idle{{i}}() => _work{{i}}.WaitOne();

            private static void Log{{i}}(string what, int value) => Console.WriteLine($"{what}: {value}");

        """;

    /// <summary>WaitOne, WaitAny, WaitAll, Monitor.Wait and SpinUntil beside a token parameter, a token source local, in lambdas and in async code.</summary>
    private static string WaitsNoisy(int i) => $$"""
            private readonly AutoResetEvent _work{{i}} = new(false);
            private readonly ManualResetEvent _stop{{i}} = new(false);
            private readonly object _gate{{i}} = new();
            private volatile bool _done{{i}};

            public void Listen{{i}}(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    _work{{i}}.WaitOne();
                    if (_stop{{i}}.WaitOne({{100 + i % 100}}))
                    {
                        return;
                    }
                }
            }

            public int Select{{i}}(CancellationToken token)
            {
                var index = WaitHandle.WaitAny(new WaitHandle[] { _work{{i}}, _stop{{i}} });
                WaitHandle.WaitAll(new WaitHandle[] { _work{{i}}, _stop{{i}} }, TimeSpan.FromSeconds(1));
                return index;
            }

            public void Pulse{{i}}()
            {
                using var cts = new CancellationTokenSource();
                lock (_gate{{i}})
                {
                    Monitor.Wait(_gate{{i}}, 250);
                }
            }

            public void Spin{{i}}(CancellationToken? token)
            {
                SpinWait.SpinUntil(() => _done{{i}});
            }

            public void Lambda{{i}}(CancellationToken token)
            {
                Action wait = () => _stop{{i}}?.WaitOne();
                wait();
            }

            public async Task MixedAsync{{i}}(CancellationToken token)
            {
                await Task.Yield();
                _work{{i}}.WaitOne(TimeSpan.FromMilliseconds(20));
            }

        """;

    /// <summary>Tokens that reach the work (passed into the worker, checked in the lambda), sources cancelled on Stop, short starts.</summary>
    private static string UnreachedQuiet(int i) => $$"""
            private readonly CancellationTokenSource _cts{{i}} = new();
            private readonly BlockingCollection<int> _queue{{i}} = new();
            private Task? _pump{{i}};

            public void Start{{i}}(CancellationToken token)
            {
                _pump{{i}} = Task.Run(() => Pump{{i}}(_cts{{i}}.Token), _cts{{i}}.Token);
                Task.Run(() =>
                {
                    while (!token.IsCancellationRequested)
                    {
                        _queue{{i}}.Add(Environment.TickCount % {{10 + i % 10}});
                        token.WaitHandle.WaitOne(50);
                    }
                }, token);
                Task.Run(() => Console.WriteLine("started {{i}}"), token);
                Task.Factory.StartNew(() => Drain{{i}}(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            public void Stop{{i}}()
            {
                _cts{{i}}.Cancel();
                _pump{{i}}?.Wait(TimeSpan.FromSeconds(1));
            }

            private void Pump{{i}}(CancellationToken token)
            {
                foreach (var item in _queue{{i}}.GetConsumingEnumerable(token))
                {
                    Console.WriteLine(item);
                }
            }

            private void Drain{{i}}(CancellationToken token)
            {
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (!_queue{{i}}.TryTake(out var item, 100))
                    {
                        continue;
                    }

                    Console.WriteLine(item);
                }
            }

        """;

    /// <summary>Starts whose long work never sees the token (method groups, lambdas calling workers, new Task), and a source nobody cancels.</summary>
    private static string UnreachedNoisy(int i) => $$"""
            private readonly CancellationTokenSource _never{{i}} = new();
            private readonly BlockingCollection<int> _queue{{i}} = new();

            public void Start{{i}}(CancellationToken token)
            {
                Task.Run(Poll{{i}}, token);
                Task.Run(() => Consume{{i}}(), _never{{i}}.Token);
                Task.Factory.StartNew(Poll{{i}}, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                var task = new Task(Poll{{i}}, _never{{i}}.Token);
                task.Start();
            }

            private void Poll{{i}}()
            {
                while (true)
                {
                    Thread.Sleep({{500 + i % 100}});
                    Console.WriteLine("tick {{i}}");
                }
            }

            private void Consume{{i}}()
            {
                for (;;)
                {
                    Console.WriteLine(_queue{{i}}.Take());
                }
            }

        """;

    /// <summary>Processes asked to exit first (input closed, quit written, CloseMainWindow), waited for with a timeout, then killed.</summary>
    private static string ProcessesQuiet(int i) => $$"""
            private System.Diagnostics.Process? _child{{i}};

            public void Start{{i}}(string file)
            {
                var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardInput = true, UseShellExecute = false };
                _child{{i}} = System.Diagnostics.Process.Start(info);
            }

            public void Stop{{i}}()
            {
                var child = _child{{i}};
                if (child is null)
                {
                    return;
                }

                child.StandardInput.WriteLine("q");
                child.StandardInput.Close();
                if (!child.WaitForExit({{1000 + i % 1000}}))
                {
                    child.Kill(true);
                }
            }

            public void Close{{i}}(System.Diagnostics.Process window)
            {
                window.CloseMainWindow();
                if (!window.WaitForExit(5000))
                {
                    window.Kill();
                }
            }

            public static void Exit{{i}}() => System.Diagnostics.Process.GetCurrentProcess().Kill();

        """;

    /// <summary>Kills with no request first: direct, entire tree, in a catch, through a method group.</summary>
    private static string ProcessesNoisy(int i) => $$"""
            private readonly List<System.Diagnostics.Process> _children{{i}} = new();

            public void Stop{{i}}()
            {
                foreach (var child in _children{{i}})
                {
                    if (!child.HasExited)
                    {
                        child.Kill();
                    }
                }
            }

            public void Cancel{{i}}(System.Diagnostics.Process process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    Console.WriteLine("gone {{i}}");
                }
            }

            public Action Killer{{i}}(System.Diagnostics.Process process) => process.Kill;

        """;

    /// <summary>Ordinary exception handling beside threads: no ThreadAbortException, no ResetAbort.</summary>
    private static string AbortHandlersQuiet(int i) => $$"""
            private readonly CancellationTokenSource _cts{{i}} = new();

            public void Run{{i}}(Action work)
            {
                try
                {
                    work();
                }
                catch (OperationCanceledException) when (_cts{{i}}.IsCancellationRequested)
                {
                    Console.WriteLine("cancelled {{i}}");
                }
                catch (ThreadInterruptedException)
                {
                    Console.WriteLine("interrupted {{i}}");
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    Console.WriteLine(error.Message);
                }
            }

            public bool IsCancellation{{i}}(Exception error) => error is OperationCanceledException or TaskCanceledException;

        """;

    /// <summary>Handlers of the abort that never comes: catch clauses, filters, type tests and ResetAbort.</summary>
    private static string AbortHandlersNoisy(int i) => $$"""
            public void Run{{i}}(Action work)
            {
                try
                {
                    work();
                }
                catch (ThreadAbortException)
                {
                    Thread.ResetAbort();
                }
                catch (Exception error) when (error is ThreadAbortException)
                {
                    Console.WriteLine("aborted {{i}}");
                }
            }

            public bool IsAbort{{i}}(Exception error) => error is ThreadAbortException;

        """;
}
