using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.UnreachedCancellationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

/// <summary>TSA2010: a token source the type owns, feeds to its work, and never cancels.</summary>
public class UncancelledSourceAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task SourceFedToStartedWorkNeverCancelled_Reports(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource {|#0:_cts|} = new CancellationTokenSource();
            private Task _loop;

            public void Start() => _loop = Task.Run(() => PollAsync(_cts.Token));

            public void Dispose()
            {
                _cts.Dispose();
            }

            private static async Task PollAsync(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await Task.Delay(100, token);
                }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.SourceNeverCancelled).WithLocation(0).WithArguments("_cts"));

    /// <summary>
    /// The analyzer reads the field declarations before it looks any field up, and looks up only those whose type may
    /// name <c>CancellationTokenSource</c>: qualified, with <c>global::</c>, through an alias, nullable, or in another
    /// part of a partial type, each is still found; a field of a generic type is not one.
    /// </summary>
    [Fact]
    public Task SourceSpelledQualifiedOrAliasedOrInAnotherPart_Reports() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                """
                #nullable enable
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Source = System.Threading.CancellationTokenSource;

                partial class Feeds
                {
                    private System.Threading.CancellationTokenSource {|TSA2010:_qualified|} = new();
                    private global::System.Threading.CancellationTokenSource {|TSA2010:_global|} = new();
                    private Source {|TSA2010:_aliased|} = new();
                    private System.Threading.CancellationTokenSource? {|TSA2010:_nullable|} = new();
                    private List<System.Threading.CancellationTokenSource> _many = new();

                    public void Start()
                    {
                        Task.Run(() => RunAsync(_qualified.Token));
                        Task.Run(() => RunAsync(_global.Token));
                        Task.Run(() => RunAsync(_aliased.Token));
                        Task.Run(() => RunAsync(_nullable!.Token));
                        Task.Run(() => RunAsync(_other.Token));
                        Task.Run(() => RunAsync(_many[0].Token));
                    }

                    private static Task RunAsync(System.Threading.CancellationToken token) => Task.Delay(1000, token);
                }
                """,
                """
                partial class Feeds
                {
                    private System.Threading.CancellationTokenSource {|TSA2010:_other|} = new();
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task EveryWayOfFeedingWork_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Feeds
        {
            private CancellationTokenSource {|TSA2010:_inLoop|};
            private CancellationTokenSource {|TSA2010:_toTaskRun|} = new();
            private CancellationTokenSource {|TSA2010:_toWorker|} = new CancellationTokenSource();
            private static CancellationTokenSource {|TSA2010:_shared|} = new CancellationTokenSource();
            private CancellationTokenSource {|TSA2010:_conditional|};
            private Task _worker;

            public void Start()
            {
                _inLoop = new CancellationTokenSource();
                _conditional ??= new CancellationTokenSource();
                Task.Run(() => { while (!_inLoop.IsCancellationRequested) { Thread.Sleep(10); } });
                Task.Factory.StartNew(() => { }, _toTaskRun.Token);
                _worker = RunAsync(_toWorker.Token);
                Task.Run(() => RunAsync(_shared.Token));
                Task.Run(() => RunAsync(_conditional?.Token ?? CancellationToken.None));
            }

            public void Stop()
            {
                if (_inLoop != null)
                {
                    _inLoop.Dispose();
                    _inLoop = null;
                }

                _conditional?.Dispose();
            }

            private static Task RunAsync(CancellationToken token) => Task.Delay(1000, token);
        }
        """);

    [Fact]
    public Task SourceCancelled_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Cancelled
        {
            private readonly CancellationTokenSource _a = new CancellationTokenSource();
            private readonly CancellationTokenSource _b = new CancellationTokenSource();
            private readonly CancellationTokenSource _c = new CancellationTokenSource();
            private CancellationTokenSource _d = new CancellationTokenSource();
            private readonly CancellationTokenSource _e = new CancellationTokenSource();

            public void Start()
            {
                foreach (var source in new[] { _a.Token, _b.Token, _c.Token, _d.Token, _e.Token })
                {
                    Task.Run(() => Loop(source));
                }
            }

            public void Stop() => _a.Cancel();

            public async Task StopAsync() => await _b.CancelAsync();

            public void Timeout() => _c.CancelAfter(1000);

            public void Reset() => _d.TryReset();

            public void Conditional() => _e?.Cancel(false);

            private static void Loop(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    Thread.Sleep(10);
                }
            }
        }
        """);

    [Fact]
    public Task SourceEscapes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        static class Extensions
        {
            public static void CancelQuietly(this CancellationTokenSource source) { }
        }

        class Escapes
        {
            private readonly CancellationTokenSource _argument = new CancellationTokenSource();
            private readonly CancellationTokenSource _returned = new CancellationTokenSource();
            private readonly CancellationTokenSource _fromOutside;
            private readonly CancellationTokenSource _stored = new CancellationTokenSource();
            private readonly CancellationTokenSource _inCollection = new CancellationTokenSource();
            private readonly CancellationTokenSource _captured = new CancellationTokenSource();
            private CancellationTokenSource _exchanged = new CancellationTokenSource();
            private readonly CancellationTokenSource _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            private readonly CancellationTokenSource _linked;
            private readonly CancellationTokenSource _parent = new CancellationTokenSource();
            private readonly CancellationTokenSource _extension = new CancellationTokenSource();
            private readonly CancellationTokenSource _local = new CancellationTokenSource();
            private readonly List<CancellationTokenSource> _all = new List<CancellationTokenSource>();
            private CancellationTokenSource _other;
            internal CancellationTokenSource Internal = new CancellationTokenSource();
            public CancellationTokenSource Public = new CancellationTokenSource();
            protected CancellationTokenSource Protected = new CancellationTokenSource();

            public Escapes(CancellationTokenSource source, CancellationToken outer)
            {
                _fromOutside = source;
                _linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
            }

            public Action Stopper => () => Helper.Stop(_captured);

            public void Start(Escapes other)
            {
                foreach (var token in new[]
                {
                    _argument.Token, _returned.Token, _fromOutside.Token, _stored.Token, _inCollection.Token, _captured.Token,
                    _exchanged.Token, _timeout.Token, _linked.Token, _parent.Token, _extension.Token, _local.Token,
                    Internal.Token, Public.Token, Protected.Token, other._argument.Token,
                })
                {
                    Task.Run(() => Loop(token));
                }

                Helper.Stop(_argument);
                _other = _stored;
                _all.Add(_inCollection);
                Interlocked.Exchange(ref _exchanged, null)?.Dispose();
                using var child = CancellationTokenSource.CreateLinkedTokenSource(_parent.Token);
                _extension.CancelQuietly();
                var alias = _local;
            }

            public CancellationTokenSource Source() => _returned;

            private static void Loop(CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    Thread.Sleep(10);
                }
            }
        }

        static class Helper
        {
            public static void Stop(CancellationTokenSource source) => source.Cancel();
        }
        """);

    [Fact]
    public Task SourceNotFeedingWork_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Unused
        {
            private readonly CancellationTokenSource _unused = new CancellationTokenSource();
            private readonly CancellationTokenSource _toOtherType = new CancellationTokenSource();
            private readonly CancellationTokenSource _checkedOnce = new CancellationTokenSource();

            public Task Start(Server server)
            {
                if (_checkedOnce.IsCancellationRequested)
                {
                    return Task.CompletedTask;
                }

                return server.StartAsync(_toOtherType.Token);
            }
        }

        class Server
        {
            public Task StartAsync(CancellationToken token) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task NestedTypeCancels_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Outer
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start() => Task.Run(() => { while (!_cts.IsCancellationRequested) { Thread.Sleep(10); } });

            private sealed class Stopper
            {
                public void Stop(Outer outer) => outer._cts.Cancel();
            }
        }
        """);

    [Fact]
    public Task PartialTypeCancelsInOtherFile_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Service.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Service
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => Task.Run(() => { while (!_cts.IsCancellationRequested) { Thread.Sleep(10); } });
            }
            """));
        test.TestState.Sources.Add(("Service.Stop.cs", """
            partial class Service
            {
                public void Stop() => _cts.Cancel();
            }
            """));
        test.TestState.Sources.Add(("Generated.g.cs", """
            // <auto-generated/>
            partial class Generated
            {
                public void Stop() => _cts.Cancel();
            }
            """));
        test.TestState.Sources.Add(("Generated.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Generated
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => Task.Run(() => { while (!_cts.IsCancellationRequested) { Thread.Sleep(10); } });
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task PartialTypeNeverCancels_Reports()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Service.cs", """
            using System.Threading;

            partial class Service
            {
                private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();
            }
            """));
        test.TestState.Sources.Add(("Service.Loop.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Service
            {
                public void Start() => Task.Run(() => { while (!_cts.IsCancellationRequested) { Thread.Sleep(10); } });

                public void Stop() => _cts.Dispose();
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task AwkwardShapes_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        record Recorder
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new();

            public Task Start() => Task.Run(async () =>
            {
                while (true)
                {
                    await Task.Delay(10, _cts.Token);
                }
            });
        }

        struct Ticker
        {
            private CancellationTokenSource {|TSA2010:_cts|};

            public void Start()
            {
                _cts = new CancellationTokenSource();
                for (;;)
                {
                    Thread.Sleep(10);
                    if (_cts.IsCancellationRequested) return;
                }
            }
        }
        """);

    [Fact]
    public Task ExcludedSymbol_NoDiagnostic()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Legacy
                {
                    private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                    public void Start() => Task.Run(() => Loop(_cts.Token));

                    private static void Loop(CancellationToken token) { }
                }
                """,
        };
        return test.WithEditorConfig("dotnet_code_quality.TSA2010.excluded_symbol_names = T:Legacy").RunAsync();
    }

    [Fact]
    public Task GeneratedCode_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Poller.g.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            class Poller
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => Task.Run(() => Loop(_cts.Token));

                private static void Loop(CancellationToken token) { }
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { System.Threading.CancellationTokenSource _cts = new(); void M() { System.Threading.Tasks.Task.Run(() => Loop(_cts.Token)); } void Loop(System.Threading.CancellationToken t) { } void N() { _cts. } }")]
    [InlineData("class C { System.Threading.CancellationTokenSource _cts = new(); void M() { System.Threading.Tasks.Task.Run(() => Loop(_cts.Token)); } void Loop(System.Threading.CancellationToken t) { } void N() { Missing(_cts); } }")]
    [InlineData("class C { System.Threading.CancellationTokenSource _cts = new Missing(); void M() { System.Threading.Tasks.Task.Run(() => Loop(_cts.Token)); } void Loop(System.Threading.CancellationToken t) { } }")]
    [InlineData("class C { Missing _cts = new(); void M() { System.Threading.Tasks.Task.Run(() => Loop(_cts.Token)); } void Loop(System.Threading.CancellationToken t) { } }")]
    [InlineData("class C { System.Threading.CancellationTokenSource _cts = ")]
    public Task HalfTypedCode_NoDiagnostic(string source)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }
}
