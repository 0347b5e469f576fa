using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UncancellableWorkCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class UncancellableWorkCodeFixTests
{
    [Fact]
    public Task Method_GetsParameter_CallPassesIt_CallersPassTheirs() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task Caller(CancellationToken stopping) => Start(5);

            Task OtherCaller() => Start(1);

            // Starts the work.
            Task Start(int delay)
            {
                {|TSA2005:Task.Run(() => Thread.Sleep(delay))|};
                return {|TSA2005:Task.Factory.StartNew(() => Thread.Sleep(delay), TaskCreationOptions.LongRunning)|};
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task Caller(CancellationToken stopping) => Start(5, stopping);

            Task OtherCaller() => Start(1);

            // Starts the work.
            Task Start(int delay, CancellationToken cancellationToken = default)
            {
                Task.Run(() => Thread.Sleep(delay), cancellationToken);
                return Task.Factory.StartNew(() => Thread.Sleep(delay), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Current);
            }
        }
        """);

    /// <summary>
    /// The new token goes to the reported call and to the other work TSA2003 would then report, but not to work that
    /// must run without it: here the work that completes the pending reply.
    /// </summary>
    [Fact]
    public Task WorkThatCompletesAReply_KeepsRunningWithoutTheToken() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly TaskCompletionSource<bool> _started = new TaskCompletionSource<bool>();

            Task Caller(CancellationToken stopping) => Start(5);

            Task Start(int delay)
            {
                Task.Run(() => Thread.Sleep(5));
                Task.Run(() => _started.TrySetResult(true));
                return {|TSA2005:Task.Run(() => Thread.Sleep(delay))|};
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private readonly TaskCompletionSource<bool> _started = new TaskCompletionSource<bool>();

            Task Caller(CancellationToken stopping) => Start(5, stopping);

            Task Start(int delay, CancellationToken cancellationToken = default)
            {
                Task.Run(() => Thread.Sleep(5), cancellationToken);
                Task.Run(() => _started.TrySetResult(true));
                return Task.Run(() => Thread.Sleep(delay), cancellationToken);
            }
        }
        """);

    [Fact]
    public Task ParallelAndMissingUsing() => Verify.VerifyCodeFixAsync("""
        class Worker
        {
            void Run(int[] items, System.Threading.CancellationToken stopping) => Process(items);

            void Process(int[] items) => {|TSA2005:System.Threading.Tasks.Parallel.ForEach(items, item => System.Threading.Thread.Sleep(item))|};
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Run(int[] items, System.Threading.CancellationToken stopping) => Process(items, stopping);

            void Process(int[] items, CancellationToken cancellationToken = default) => System.Threading.Tasks.Parallel.ForEach(items, new System.Threading.Tasks.ParallelOptions { CancellationToken = cancellationToken }, item => System.Threading.Thread.Sleep(item));
        }
        """);

    [Fact]
    public Task NeutralAttributes_DoNotBlockTheFix() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading.Tasks;

        class Worker
        {
            Task Caller(System.Threading.CancellationToken stopping) => A();

            [Obsolete("use B")]
            Task A() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task Caller(System.Threading.CancellationToken stopping) => A(stopping);

            [Obsolete("use B")]
            Task A(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
        }
        """);

    [Fact]
    public Task CallersInSecondProject_PassTheirTokens_WhereApiSurfaceAllowsTheLibraryToChange()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/Service.cs", """
            using System.Threading.Tasks;

            public class Service
            {
                public Task RefreshAsync() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """));
        test.TestState.AdditionalProjects["Web"].Sources.Add(("Controller.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            class Controller
            {
                Task Get(CancellationToken requestAborted) => new Service().RefreshAsync();
                Task Warmup() => new Service().RefreshAsync();
            }
            """));
        test.TestState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.Sources.Add(("/Service.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            public class Service
            {
                public Task RefreshAsync(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
            }
            """));
        test.FixedState.AdditionalProjects["Web"].Sources.Add(("Controller.cs", """
            using System.Threading;
            using System.Threading.Tasks;

            class Controller
            {
                Task Get(CancellationToken requestAborted) => new Service().RefreshAsync(requestAborted);
                Task Warmup() => new Service().RefreshAsync();
            }
            """));
        test.FixedState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        return test.WithEditorConfig("dotnet_code_quality.add_cancellation_parameter.api_surface = all").RunAsync();
    }

    [Fact]
    public Task FixAll_AcrossMethods()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Worker
                {
                    Task Caller(CancellationToken stopping) => Task.WhenAll(A(), B());

                    Task A() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};

                    Task B() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class Worker
                {
                    Task Caller(CancellationToken stopping) => Task.WhenAll(A(stopping), B(stopping));

                    Task A(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);

                    Task B(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
                }
                """,
        };
        return test.RunAsync();
    }

    [Theory]
    [InlineData("abstract class B { public abstract void Run(); } class W : B { public override void Run() => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("class W { public event System.EventHandler? E; void Hook() => E += Run; void Run(object? s, System.EventArgs e) => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("class FactAttribute : System.Attribute { } class Tests { [Fact] public System.Threading.Tasks.Task Runs() => {|TSA2005:System.Threading.Tasks.Task.Run(() => { while (true) { System.Threading.Thread.Sleep(1000); } })|}; }")]
    [InlineData("class A : System.EventArgs { } class W { System.EventHandler<A>? _h; void Hook() => _h = OnFailed; void OnFailed(object? s, A e) => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    public Task SignatureCannotChange_NoFix(string source) => Verify.VerifyNoFixAsync(source);

    [Fact]
    public Task WorkerLoopThatWouldIgnoreTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading.Tasks;

        class Poller
        {
            // The new token would only keep Poll from starting (a TSA2008); TSA2008's own fix is the one that reaches the loop.
            public Task Start() => {|TSA2005:Task.Run(Poll)|};

            private void Poll()
            {
                while (true)
                {
                    System.Threading.Thread.Sleep(1000);
                    Console.WriteLine("tick");
                }
            }
        }
        """);
}
