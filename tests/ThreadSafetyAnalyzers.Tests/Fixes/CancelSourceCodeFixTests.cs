using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.UnreachedCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CancelSourceCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class CancelSourceCodeFixTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Fact]
    public Task OneLineDispose_CancelJoinsThatLine() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose() { Console.WriteLine("disposing"); } // done

            private static void Loop(CancellationToken token) { }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose() { _cts.Cancel(); Console.WriteLine("disposing"); } // done

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task Dispose_GetsCancelFirst(TargetFramework framework) => Verify.VerifyCodeFixAsync(framework, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose()
            {
                // Let the loop go.
                Console.WriteLine("disposing");
            }

            public void Stop() => Console.WriteLine("stopping");

            private static void Loop(CancellationToken token) { }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose()
            {
                _cts.Cancel();
                // Let the loop go.
                Console.WriteLine("disposing");
            }

            public void Stop() => Console.WriteLine("stopping");

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task DisposedInSameMethod_CancelIsGuarded() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose() => _cts.Dispose(); // twice is fine

            private static void Loop(CancellationToken token) { }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Poller : IDisposable
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Dispose()
            {
                if (!_cts.IsCancellationRequested)
                {
                    _cts.Cancel();
                }
                _cts.Dispose();
            } // twice is fine

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task FieldThatMayBeNull_StopAsyncExpressionBody_NullConditional() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Service
        {
            private CancellationTokenSource {|TSA2010:_cts|};
            private Task _loop = Task.CompletedTask;

            public void Start()
            {
                _cts = new CancellationTokenSource();
                _loop = RunAsync(_cts.Token);
            }

            public Task StopAsync() => _loop;

            private Task RunAsync(CancellationToken token) => Task.Delay(1000, token);
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Service
        {
            private CancellationTokenSource _cts;
            private Task _loop = Task.CompletedTask;

            public void Start()
            {
                _cts = new CancellationTokenSource();
                _loop = RunAsync(_cts.Token);
            }

            public Task StopAsync()
            {
                _cts?.Cancel();
                return _loop;
            }

            private Task RunAsync(CancellationToken token) => Task.Delay(1000, token);
        }
        """);

    [Fact]
    public Task FixAll_TwoSourcesOneMethod() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Pair
        {
            private readonly CancellationTokenSource {|TSA2010:_reads|} = new CancellationTokenSource();
            private readonly CancellationTokenSource {|TSA2010:_writes|} = new CancellationTokenSource();

            public void Start()
            {
                Task.Run(() => Loop(_reads.Token));
                Task.Run(() => Loop(_writes.Token));
            }

            public void Close()
            {
            }

            private static void Loop(CancellationToken token) { }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Pair
        {
            private readonly CancellationTokenSource _reads = new CancellationTokenSource();
            private readonly CancellationTokenSource _writes = new CancellationTokenSource();

            public void Start()
            {
                Task.Run(() => Loop(_reads.Token));
                Task.Run(() => Loop(_writes.Token));
            }

            public void Close()
            {
                _reads.Cancel();
                _writes.Cancel();
            }

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task NoStopMethod_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Orphan
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Shutdown(bool now) { }

            public void Dispose(bool disposing) { }

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task DisposedElsewhere_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Elsewhere
        {
            private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(_cts.Token));

            public void Stop() => _cts.Dispose();

            public void Dispose() { }

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task StaticSourceInstanceDispose_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Shared
        {
            private static readonly CancellationTokenSource {|TSA2010:s_cts|} = new CancellationTokenSource();

            public void Start() => Task.Run(() => Loop(s_cts.Token));

            public void Dispose() { }

            private static void Loop(CancellationToken token) { }
        }
        """);

    [Fact]
    public Task StopInOtherFileOfPartialType_GetsCancel()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Service.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Service
            {
                private readonly CancellationTokenSource {|TSA2010:_cts|} = new CancellationTokenSource();

                public void Start() => Task.Run(() => Loop(_cts.Token));

                private static void Loop(CancellationToken token) { }
            }
            """));
        test.TestState.Sources.Add(("Service.Stop.cs", """
            partial class Service
            {
                public void Stop()
                {
                    System.Console.WriteLine("stop");
                }
            }
            """));
        test.FixedState.Sources.Add(("Service.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            partial class Service
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start() => Task.Run(() => Loop(_cts.Token));

                private static void Loop(CancellationToken token) { }
            }
            """));
        test.FixedState.Sources.Add(("Service.Stop.cs", """
            partial class Service
            {
                public void Stop()
                {
                    _cts.Cancel();
                    System.Console.WriteLine("stop");
                }
            }
            """));
        return test.RunAsync();
    }
}
