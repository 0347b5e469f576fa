using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UnstoppableLoopCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class UnstoppableLoopCodeFixTests
{
    [Fact]
    public Task Method_GetsParameterAndQuietLoop_CallersPassTheirToken() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(1);

            void StartWithoutToken() => Run(2);

            /// <summary>Runs forever.</summary>
            void Run(int delay)
            {
                // Beat.
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(1, stopping);

            void StartWithoutToken() => Run(2);

            /// <summary>Runs forever.</summary>
            void Run(int delay, CancellationToken cancellationToken = default)
            {
                // Beat.
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """);

    /// <summary>
    /// Where the plain name <c>CancellationToken</c> means another type (here a nested one), the parameter is written
    /// with as much of its namespace as it takes to mean the token, even though the file imports System.Threading.
    /// </summary>
    [Fact]
    public Task NameTakenByAnotherType_ParameterTypeIsQualified() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Start(System.Threading.CancellationToken stopping) => Run(1);

            void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay);
                }
            }

            private sealed class CancellationToken
            {
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Start(System.Threading.CancellationToken stopping) => Run(1, stopping);

            void Run(int delay, System.Threading.CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay);
                }
            }

            private sealed class CancellationToken
            {
            }
        }
        """);

    /// <summary>A file that does not import System.Threading gets the using, and the parameter reads as the plain name.</summary>
    [Fact]
    public Task FileWithoutThreadingUsing_GetsTheUsing() => Verify.VerifyCodeFixAsync("""
        using System;

        class Worker
        {
            void Start(System.Threading.CancellationToken stopping) => Run(1);

            void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Console.WriteLine(delay);
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Start(System.Threading.CancellationToken stopping) => Run(1, stopping);

            void Run(int delay, CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine(delay);
                }
            }
        }
        """);

    /// <summary>
    /// Where a property of the type is named <c>CancellationToken</c>, the name still means the token where a type is
    /// expected (a property is not a type), so the parameter type stays plain.
    /// </summary>
    [Fact]
    public Task NameTakenByAProperty_ParameterTypeStaysPlain() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            int CancellationToken => 0;

            void Start(System.Threading.CancellationToken stopping) => Run(1);

            void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay + CancellationToken);
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            int CancellationToken => 0;

            void Start(System.Threading.CancellationToken stopping) => Run(1, stopping);

            void Run(int delay, CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay + CancellationToken);
                }
            }
        }
        """);

    /// <summary>A public method of a library keeps its signature; its forwarder passes <c>CancellationToken.None</c>, named as the file names the token.</summary>
    [Fact]
    public Task PublicMethodInFileWithoutThreadingUsing_ForwarderGetsTheUsing() => Verify.VerifyCodeFixAsync("""
        using System;

        public class Worker
        {
            public void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Console.WriteLine(delay);
                }
            }
        }
        """, """
        using System;
        using System.Threading;

        public class Worker
        {
            public void Run(int delay) => Run(delay, CancellationToken.None);

            public void Run(int delay, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Console.WriteLine(delay);
                }
            }
        }
        """);

    /// <summary>
    /// In an expression a property named <c>CancellationToken</c> takes the name, so the forwarder qualifies
    /// <c>CancellationToken.None</c>, while the parameter's type, where only a type can stand, stays plain.
    /// </summary>
    [Fact]
    public Task PropertyNamedCancellationToken_ForwarderQualifiesNone() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        public class Worker
        {
            public int CancellationToken => 0;

            public void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay + CancellationToken);
                }
            }
        }
        """, """
        using System.Threading;

        public class Worker
        {
            public int CancellationToken => 0;

            public void Run(int delay) => Run(delay, System.Threading.CancellationToken.None);

            public void Run(int delay, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay + CancellationToken);
                }
            }
        }
        """);

    /// <summary>Where an alias names the token, the new code says what the alias's file already says.</summary>
    [Fact]
    public Task TokenAliased_NewCodeUsesTheAlias() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using Token = System.Threading.CancellationToken;

        public class Worker
        {
            public void Run(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """, """
        using System.Threading;
        using Token = System.Threading.CancellationToken;

        public class Worker
        {
            public void Run(int delay) => Run(delay, Token.None);

            public void Run(int delay, Token cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """);

    [Fact]
    public Task AsyncMethod_GetsThrowIfCancellationRequested() => Verify.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task StartAsync(CancellationToken stopping) => PollAsync();

            async Task PollAsync()
            {
                {|TSA2002:while (true)|}
                {
                    await Task.Delay(1000);
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task StartAsync(CancellationToken stopping) => PollAsync(stopping);

            async Task PollAsync(CancellationToken cancellationToken = default)
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Delay(1000);
                }
            }
        }
        """);

    [Fact]
    public Task MethodGroups_BecomeLambdas() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Start() => new Thread(Run).Start();

            Task StartAsync(CancellationToken token) => Task.Run(Run, token);

            void Keep(Action<string> log) => log(nameof(Run));

            void Run()
            {
                {|TSA2002:for (;;)|}
                {
                    Thread.SpinWait(1);
                }
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Start() => new Thread(() => Run()).Start();

            Task StartAsync(CancellationToken token) => Task.Run(() => Run(token), token);

            void Keep(Action<string> log) => log(nameof(Run));

            void Run(CancellationToken cancellationToken = default)
            {
                for (; !cancellationToken.IsCancellationRequested;)
                {
                    Thread.SpinWait(1);
                }
            }
        }
        """);

    [Fact]
    public Task LoopInLambda_ParameterGoesToEnclosingMethodAndIsCaptured() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Host(CancellationToken stopping) => Start();

            void Start()
            {
                var thread = new Thread(() =>
                {
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(10);
                    }
                });
                thread.Start();
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Host(CancellationToken stopping) => Start(stopping);

            void Start(CancellationToken cancellationToken = default)
            {
                var thread = new Thread(() =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(10);
                    }
                });
                thread.Start();
            }
        }
        """);

    [Fact]
    public Task LocalFunction_GetsTheParameter() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken token)
            {
                Loop(5);
                new Thread(() => Loop(1)).Start();

                static void Loop(int delay)
                {
                    {|TSA2002:while (true)|} Thread.Sleep(delay);
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken token)
            {
                Loop(5, token);
                new Thread(() => Loop(1, token)).Start();

                static void Loop(int delay, CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested) Thread.Sleep(delay);
                }
            }
        }
        """);

    [Fact]
    public Task CallerInfoAndParams_StayLast_CallersKeepMeaning() => Verify.VerifyCodeFixAsync("""
        using System.Runtime.CompilerServices;
        using System.Threading;

        class Worker
        {
            void Callers(CancellationToken token)
            {
                Log("a");
                Log("b", "explicit");
                Sum(1);
                Sum(1, 2, 3);
            }

            void Log(string text, [CallerMemberName] string caller = "")
            {
                {|TSA2002:while (true)|} { Thread.Sleep(1); }
            }

            void Sum(int first, params int[] rest)
            {
                {|TSA2002:while (true)|} { Thread.Sleep(1); }
            }
        }
        """, """
        using System.Runtime.CompilerServices;
        using System.Threading;

        class Worker
        {
            void Callers(CancellationToken token)
            {
                Log("a", token);
                Log("b", token, "explicit");
                Sum(1, token);
                Sum(1, token, 2, 3);
            }

            void Log(string text, CancellationToken cancellationToken = default, [CallerMemberName] string caller = "")
            {
                while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(1); }
            }

            void Sum(int first, CancellationToken cancellationToken = default, params int[] rest)
            {
                while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(1); }
            }
        }
        """);

    [Fact]
    public Task NameClash_GetsUniqueName() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            private readonly int cancellationToken = 5;

            void Start(CancellationToken stopping) => Run();

            void Run()
            {
                {|TSA2002:while (true)|}
                {
                    var cancellationToken1 = 1;
                    Thread.Sleep(cancellationToken1);
                    Report(cancellationToken);
                }
            }

            int Stop() => cancellationToken;

            static void Report(object o) { }
        }
        """, """
        using System.Threading;

        class Worker
        {
            private readonly int cancellationToken = 5;

            void Start(CancellationToken stopping) => Run(stopping);

            void Run(CancellationToken cancellationToken2 = default)
            {
                while (!cancellationToken2.IsCancellationRequested)
                {
                    var cancellationToken1 = 1;
                    Thread.Sleep(cancellationToken1);
                    Report(cancellationToken);
                }
            }

            int Stop() => cancellationToken;

            static void Report(object o) { }
        }
        """);

    [Fact]
    public Task FixAll_OneParameterPerMethodForAllItsLoops()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Threading;

                class Worker
                {
                    void Start(CancellationToken stopping)
                    {
                        Twice();
                        Other(1);
                    }

                    void Twice()
                    {
                        {|TSA2002:while (true)|} { Thread.Sleep(1); }
                        {|TSA2002:while (true)|} { Thread.Sleep(2); }
                    }

                    void Other(int x)
                    {
                        {|TSA2002:for (;;)|} { Twice(); }
                    }
                }
                """,
            FixedCode = """
                using System.Threading;

                class Worker
                {
                    void Start(CancellationToken stopping)
                    {
                        Twice(stopping);
                        Other(1, stopping);
                    }

                    void Twice(CancellationToken cancellationToken = default)
                    {
                        while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(1); }
                        while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(2); }
                    }

                    void Other(int x, CancellationToken cancellationToken = default)
                    {
                        for (; !cancellationToken.IsCancellationRequested;) { Twice(); }
                    }
                }
                """,
            // One fix handles both loops of Twice, so two single fixes (and one Fix All pass) are enough.
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task CallerInSecondProject_PassesItsTokenToTheLibrarysNewOverload()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Worker.cs", """
            public class Worker
            {
                public void Run()
                {
                    {|TSA2002:while (true)|} { System.Threading.Thread.Sleep(1); }
                }
            }
            """));
        test.TestState.AdditionalProjects["Host"].Sources.Add(("Host.cs", """
            using System.Threading;

            class Host
            {
                void Start(CancellationToken stopping) => new Worker().Run();
                void Plain() => new Worker().Run();
            }
            """));
        test.TestState.AdditionalProjects["Host"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.Sources.Add(("Worker.cs", """
            using System.Threading;

            public class Worker
            {
                public void Run() => Run(CancellationToken.None);

                public void Run(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested) { System.Threading.Thread.Sleep(1); }
                }
            }
            """));
        test.FixedState.AdditionalProjects["Host"].Sources.Add(("Host.cs", """
            using System.Threading;

            class Host
            {
                void Start(CancellationToken stopping) => new Worker().Run(stopping);
                void Plain() => new Worker().Run();
            }
            """));
        test.FixedState.AdditionalProjects["Host"].AdditionalProjectReferences.Add("TestProject");
        return test.RunAsync();
    }

    /// <summary>
    /// A file with no usings, whose names come from global usings elsewhere and which starts with <c>#pragma</c> lines
    /// (nats.net's docs examples): nothing is imported, so nothing, not even a blank line, is added above the namespace.
    /// </summary>
    [Fact]
    public Task FileWithoutUsings_AfterPragmas_GetsNoBlankLine()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/Usings.cs", """
            global using global::System;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            """));
        test.TestState.Sources.Add(("/Pub.cs", """
            #pragma warning disable SA1123
            #pragma warning disable SA1124

            namespace Docs;

            public class Pub
            {
                public async Task Run()
                {
                    Console.WriteLine("Pub");
                    {
                        #region demo
                        var client = new Client();
                        {|TSA2002:while (true)|}
                        {
                            var message = Console.ReadLine();
                            await client.PublishAsync(message);
                        }
                        #endregion
                    }
                }
            }

            public class Client
            {
                public Task PublishAsync(string message) => Task.CompletedTask;
            }
            """));
        test.FixedState.Sources.Add(("/Usings.cs", """
            global using global::System;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            """));
        test.FixedState.Sources.Add(("/Pub.cs", """
            #pragma warning disable SA1123
            #pragma warning disable SA1124

            namespace Docs;

            public class Pub
            {
                public Task Run() => Run(CancellationToken.None);

                public async Task Run(CancellationToken cancellationToken)
                {
                    Console.WriteLine("Pub");
                    {
                        #region demo
                        var client = new Client();
                        while (true)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var message = Console.ReadLine();
                            await client.PublishAsync(message);
                        }
                        #endregion
                    }
                }
            }

            public class Client
            {
                public Task PublishAsync(string message) => Task.CompletedTask;
            }
            """));
        return test.RunAsync();
    }

    /// <summary>
    /// A caller in another file that passes no token would bind to neither overload once the parameter is optional
    /// (CS0121 against <c>Run(int, string = null)</c>); every file that calls the overload group is checked, so no fix.
    /// </summary>
    [Fact]
    public Task CallerInAnotherFileWouldBecomeAmbiguous_NoFix()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/Worker.cs", """
            using System.Threading;

            class Worker
            {
                public void Run(int delay)
                {
                    {|TSA2002:while (true)|} { Thread.Sleep(delay); }
                }

                public void Run(int delay, string name = null) { }
            }
            """));
        test.TestState.Sources.Add(("/Host.cs", """
            class Host
            {
                void Start() => new Worker().Run(1);
            }
            """));
        test.FixedState.InheritanceMode = Microsoft.CodeAnalysis.Testing.StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>
    /// A method that implements an interface would no longer implement it with a new parameter (CS0535 stands on the
    /// type, outside every member): the compile check reads type headers where a signature changed, so no fix.
    /// </summary>
    [Fact]
    public Task ImplicitInterfaceImplementation_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Threading;

        interface IPump
        {
            void Run();
        }

        class Pump : IPump
        {
            public void Run()
            {
                {|TSA2002:while (true)|} { Thread.Sleep(1); }
            }
        }
        """);

    /// <summary>
    /// An async iterator's token parameter gets <c>[EnumeratorCancellation]</c>: without it the token a consumer gives
    /// <c>WithCancellation</c> never reaches the loop (CS8425, an error where warnings are).
    /// </summary>
    [Fact]
    public Task AsyncIterator_ParameterGetsEnumeratorCancellation() => new Verify.Test
    {
        TestCode = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            class Feed
            {
                IAsyncEnumerable<int> Open(CancellationToken stopping) => Pulse();

                async IAsyncEnumerable<int> Pulse()
                {
                    {|TSA2002:while (true)|}
                    {
                        await Task.Delay(10);
                    }

                    yield break;
                }
            }
            """,
        FixedCode = """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;

            class Feed
            {
                IAsyncEnumerable<int> Open(CancellationToken stopping) => Pulse(stopping);

                async IAsyncEnumerable<int> Pulse([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(10);
                    }

                    yield break;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task NamedArgumentsAndMultiLineParameters_KeepTheirLayout() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Caller(CancellationToken token) => Run(
                name: "x",
                delay: 1);

            void Run(
                string name,
                int delay)
            {
                {|TSA2002:while (true)|} { Thread.Sleep(delay); }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Caller(CancellationToken token) => Run(
                name: "x",
                delay: 1,
                cancellationToken: token);

            void Run(
                string name,
                int delay,
                CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(delay); }
            }
        }
        """);

    [Fact]
    public Task RecursiveCall_PassesTheNewParameter() => Verify.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(3);

            void Run(int depth)
            {
                {|TSA2002:while (true)|}
                {
                    if (depth > 0) Run(depth - 1);
                    Thread.Sleep(1);
                }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(3, stopping);

            void Run(int depth, CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (depth > 0) Run(depth - 1, cancellationToken);
                    Thread.Sleep(1);
                }
            }
        }
        """);

    /// <summary>Attributes that say nothing about who calls the method leave it free to change.</summary>
    [Fact]
    public Task NeutralAttributes_DoNotBlockTheFix() => Verify.VerifyCodeFixAsync("""
        using System;

        class Worker
        {
            void Caller(System.Threading.CancellationToken stopping) => A();

            [Obsolete("use B")]
            void A()
            {
                {|TSA2002:while (true)|}
                {
                    Tick();
                }
            }

            void Tick() { }
        }
        """, """
        using System;
        using System.Threading;

        class Worker
        {
            void Caller(System.Threading.CancellationToken stopping) => A(stopping);

            [Obsolete("use B")]
            void A(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Tick();
                }
            }

            void Tick() { }
        }
        """);

    /// <summary>Callers in another project pass their tokens too, where the API surface option lets the library's public member change.</summary>
    [Fact]
    public Task CallersInSecondProject_PassTheirTokens_WhereApiSurfaceAllowsTheLibraryToChange()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/Service.cs", """
            public class Service
            {
                public void Refresh()
                {
                    {|TSA2002:while (true)|}
                    {
                        Tick();
                    }
                }

                void Tick() { }
            }
            """));
        test.TestState.AdditionalProjects["Web"].Sources.Add(("Controller.cs", """
            using System.Threading;

            class Controller
            {
                void Get(CancellationToken requestAborted) => new Service().Refresh();
                void Warmup() => new Service().Refresh();
            }
            """));
        test.TestState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.Sources.Add(("/Service.cs", """
            using System.Threading;

            public class Service
            {
                public void Refresh(CancellationToken cancellationToken = default)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Tick();
                    }
                }

                void Tick() { }
            }
            """));
        test.FixedState.AdditionalProjects["Web"].Sources.Add(("Controller.cs", """
            using System.Threading;

            class Controller
            {
                void Get(CancellationToken requestAborted) => new Service().Refresh(requestAborted);
                void Warmup() => new Service().Refresh();
            }
            """));
        test.FixedState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        return test.WithEditorConfig("dotnet_code_quality.add_cancellation_parameter.api_surface = all").RunAsync();
    }

    [Theory]
    [InlineData("class Base { public virtual void Run() { } } class Worker : Base { public override void Run() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("interface IWorker { void Run(); } class Worker : IWorker { public void Run() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("interface IWorker { void Run(); } class Worker : IWorker { void IWorker.Run() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("class Worker { public virtual void Run() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("abstract class Worker { public abstract void Stop(); public void Run() => System.Threading.Tasks.Task.Run(static () => { {|TSA2002:while (true)|} { } }); }")]
    [InlineData("class Worker { public event System.EventHandler? Tick; void Hook() => Tick += OnTick; void OnTick(object? s, System.EventArgs e) { {|TSA2002:while (true)|} { } } }")]
    [InlineData("partial class Worker { partial void Run(); partial void Run() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("class Worker { System.Action _a = () => { {|TSA2002:while (true)|} { } }; }")]
    [InlineData("class Worker { System.Action Make(Worker w) => w.Pick().Run; Worker Pick() => this; void Run() { {|TSA2002:while (true)|} { } } }")]
    public Task SignatureCannotChange_NoFix(string source) => Verify.VerifyNoFixAsync(source);
}
