using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using LoopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UnstoppableLoopCodeFixProvider>;
using StopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.ThreadTerminationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CooperativeCancellationCodeFixProvider>;
using WorkFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UncancellableWorkCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>
/// <c>dotnet_code_quality.add_cancellation_parameter.api_surface</c>: outside the surface it names, the add-parameter
/// fixes (TSA2002, TSA2005) keep the method's signature and add a forwarding overload that takes the token.
/// </summary>
public class ApiSurfaceOptionTests
{
    private const string Internal = "dotnet_code_quality.add_cancellation_parameter.api_surface = internal";
    private const string Private = "dotnet_code_quality.add_cancellation_parameter.api_surface = private";

    private const string PublicStart = """
        using System.Threading;
        using System.Threading.Tasks;

        public class Worker
        {
            public Task Caller(CancellationToken stopping) => Start(5);

            public Task OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public Task Start(int delay)
            {
                return {|TSA2005:Task.Run(() => Thread.Sleep(delay))|};
            }
        }
        """;

    private const string All = "dotnet_code_quality.add_cancellation_parameter.api_surface = all";

    private const string Program = """

        static class Program
        {
            static void Main() { }
        }
        """;

    /// <summary>An executable: nobody outside calls its public methods, so by default their signatures may change.</summary>
    private static TTest AsApplication<TTest>(TTest test)
        where TTest : Microsoft.CodeAnalysis.Testing.CodeFixTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>
    {
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test;
    }

    private static void ExpectTitle(WorkFix.Test test, string title)
        => test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);

    private const string PublicStartWithOverload = """
        using System.Threading;
        using System.Threading.Tasks;

        public class Worker
        {
            public Task Caller(CancellationToken stopping) => Start(5, stopping);

            public Task OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public Task Start(int delay) => Start(delay, CancellationToken.None);

            /// <summary>Starts the work.</summary>
            public Task Start(int delay, CancellationToken cancellationToken)
            {
                return Task.Run(() => Thread.Sleep(delay), cancellationToken);
            }
        }
        """;

    private const string PublicStartWithParameter = """
        using System.Threading;
        using System.Threading.Tasks;

        public class Worker
        {
            public Task Caller(CancellationToken stopping) => Start(5, stopping);

            public Task OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public Task Start(int delay, CancellationToken cancellationToken = default)
            {
                return Task.Run(() => Thread.Sleep(delay), cancellationToken);
            }
        }
        """;

    private const string OverloadTitle = "Add an overload of 'Start' that takes a CancellationToken";
    private const string ParameterTitle = "Add a CancellationToken parameter to 'Start'";

    private static Task RunPublicStart(string fixedCode, string title, bool application, params string[] editorConfig)
    {
        var test = new WorkFix.Test
        {
            TestCode = PublicStart + (application ? Program : ""),
            FixedCode = fixedCode + (application ? Program : ""),
        };
        if (application)
        {
            AsApplication(test);
        }

        if (editorConfig.Length > 0)
        {
            test.WithEditorConfig(editorConfig);
        }

        ExpectTitle(test, title);
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ApiSurfaceUnset_Library_PublicMethodGetsForwardingOverload()
        => RunPublicStart(PublicStartWithOverload, OverloadTitle, application: false);

    [Fact]
    public Task ApiSurfaceUnset_Application_PublicMethodGetsOptionalParameter()
        => RunPublicStart(PublicStartWithParameter, ParameterTitle, application: true);

    [Fact]
    public Task ApiSurfaceAll_Library_PublicMethodGetsOptionalParameter()
        => RunPublicStart(PublicStartWithParameter, ParameterTitle, application: false, All);

    [Fact]
    public Task ApiSurfaceInternal_Application_PublicMethodGetsForwardingOverload()
        => RunPublicStart(PublicStartWithOverload, OverloadTitle, application: true, Internal);

    [Fact]
    public Task NoCallerHasATokenToPass_TitleSaysSo()
    {
        var test = new WorkFix.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task Caller() => Start();

                    public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task Caller() => Start();

                    public Task Start(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
                }
                """,
        };
        ExpectTitle(test, "Add a CancellationToken parameter to 'Start' (no caller passes a token yet)");
        return test.WithEditorConfig(All).RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Where every caller is in view (a member no other assembly can call) and none has a token to pass, the new
    /// parameter would stay <c>default</c> for ever: no fix.
    /// </summary>
    [Theory]
    [InlineData("class Worker { Task Caller() => Start(); Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("public class Worker { internal Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("public class Worker { public void Run() { Local(); void Local() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|}; } }")]
    public Task NoCallerHasATokenToPass_EveryCallerInView_NoFix(string body)
        => new WorkFix.Test { TestCode = "using System.Threading.Tasks;\n" + body, FixedCode = "using System.Threading.Tasks;\n" + body }
            .WithEditorConfig(All).RunAsync(CancellationToken.None);

    /// <summary>
    /// A public member of an executable (a sample, a test app) has every caller in view too: nothing outside can
    /// reference an executable, so an overload nobody passes a token to is not offered (MQTTnet's samples).
    /// </summary>
    [Fact]
    public Task PublicMemberOfAnExecutable_NoCallerHasAToken_NoFix()
    {
        const string Code = """
            using System.Threading.Tasks;

            public class Sample
            {
                public static void Main() => new Sample().Start().Wait();

                public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """;
        var test = new WorkFix.Test { TestCode = Code, FixedCode = Code };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectCompilationOptions(
            projectId, solution.GetProject(projectId)!.CompilationOptions!.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication)));
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// A public helper of a test project is called by tests of the same solution only (Hangfire's test helpers): no
    /// overload where none of them has a token to pass.
    /// </summary>
    [Fact]
    public Task PublicMemberOfATestAssembly_NoCallerHasAToken_NoFix()
    {
        const string Code = """
            using System.Threading.Tasks;

            public class Helpers
            {
                public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """;
        var test = new WorkFix.Test { TestCode = Code, FixedCode = Code };
        var framework = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "xunit.core",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Xunit { public class FactAttribute : System.Attribute { } }") },
            new[] { Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using var image = new System.IO.MemoryStream();
        framework.Emit(image);
        test.TestState.AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// A public helper of a test class (Hangfire's job methods beside its facts), even where the test framework does
    /// not resolve: the tests around it are its callers. No overload where none of them has a token.
    /// </summary>
    [Fact]
    public Task PublicHelperOfATestClass_NoCallerHasAToken_NoFix()
    {
        const string Code = """
            using System;
            using System.Threading.Tasks;

            class FactAttribute : Attribute { }

            public class PerformerFacts
            {
                [Fact]
                public void Runs() => Helper().Wait();

                public static Task Helper() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """;
        return new WorkFix.Test { TestCode = Code, FixedCode = Code }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task OverloadThatNoCallerPasses_TitleSaysSo()
    {
        var test = new WorkFix.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task Start() => Start(CancellationToken.None);

                    public Task Start(CancellationToken cancellationToken) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
                }
                """,
        };
        ExpectTitle(test, "Add an overload of 'Start' that takes a CancellationToken (no caller passes a token yet)");
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ApiSurfaceInternal_InternalMethodAndPublicMethodOfInternalClassGetParameter() => new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                internal Task Caller(CancellationToken stopping) => Start();

                internal Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }

            class Hidden
            {
                public Task Caller(CancellationToken stopping) => Start();

                public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                internal Task Caller(CancellationToken stopping) => Start(stopping);

                internal Task Start(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
            }

            class Hidden
            {
                public Task Caller(CancellationToken stopping) => Start(stopping);

                public Task Start(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfacePrivate_OnlyPrivateMethodsAndLocalFunctionsGetParameter() => new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                internal Task Run(CancellationToken stopping) => Start();

                internal Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};

                private Task Caller(CancellationToken stopping) => Helper();

                private Task Helper() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};

                internal void Outer()
                {
                    void Pump(CancellationToken stopping) => Local();

                    void Local() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                }
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                internal Task Run(CancellationToken stopping) => Start(stopping);

                internal Task Start() => Start(CancellationToken.None);

                internal Task Start(CancellationToken cancellationToken) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);

                private Task Caller(CancellationToken stopping) => Helper(stopping);

                private Task Helper(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);

                internal void Outer()
                {
                    void Pump(CancellationToken stopping) => Local(stopping);

                    void Local(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
                }
            }
            """,
    }.WithEditorConfig(Private).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_AsyncLoopOverloadKeepsAsync_ForwarderDoesNot() => new LoopFix.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            public class Poller
            {
                public async Task PollAsync(string name)
                {
                    {|TSA2002:while (true)|}
                    {
                        await Task.Delay(1000);
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Poller
            {
                public Task PollAsync(string name) => PollAsync(name, CancellationToken.None);

                public async Task PollAsync(string name, CancellationToken cancellationToken)
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await Task.Delay(1000);
                    }
                }
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_TokenGoesBeforeOptionalParameters_CallersWithTokenUseOverload() => new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Work
            {
                public static Task Start<T>(this T item, ref int count, int delay = 5, params string[] tags)
                {
                    count++;
                    return {|TSA2005:Task.Run(() => Thread.Sleep(delay))|};
                }

                static Task Use(CancellationToken token, int count) => 3.Start(ref count, 1, "a", "b");

                static Task UseNamed(CancellationToken token, int count) => Start(item: 3, count: ref count, delay: 2);
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Work
            {
                public static Task Start<T>(this T item, ref int count, int delay = 5, params string[] tags) => Start<T>(item, ref count, CancellationToken.None, delay, tags);

                public static Task Start<T>(this T item, ref int count, CancellationToken cancellationToken, int delay = 5, params string[] tags)
                {
                    count++;
                    return Task.Run(() => Thread.Sleep(delay), cancellationToken);
                }

                static Task Use(CancellationToken token, int count) => 3.Start(ref count, token, 1, "a", "b");

                static Task UseNamed(CancellationToken token, int count) => Start(item: 3, count: ref count, delay: 2, cancellationToken: token);
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_FixAll_TwoMethodsOfOneTypeAndACallerInAnotherFile() => new WorkFix.Test
    {
        TestState =
        {
            Sources =
            {
                """
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task A() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};

                    public Task B() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    Task Use(Worker worker, CancellationToken token) => worker.B();
                }
                """,
            },
        },
        FixedState =
        {
            Sources =
            {
                """
                using System.Threading;
                using System.Threading.Tasks;

                public class Worker
                {
                    public Task A() => A(CancellationToken.None);

                    public Task A(CancellationToken cancellationToken) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);

                    public Task B() => B(CancellationToken.None);

                    public Task B(CancellationToken cancellationToken) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    Task Use(Worker worker, CancellationToken token) => worker.B(token);
                }
                """,
            },
        },
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_CooperativeCancellation_PublicWorkerGetsOverload_ThreadPassesTheToken() => new StopFix.Test
    {
        TestCode = """
            using System.Threading;

            public class Poller
            {
                private Thread? _worker;

                public void Start()
                {
                    _worker = new Thread(Run);
                    _worker.Start();
                }

                public void Stop() => {|TSA1001:_worker?.Abort()|};

                public void Run()
                {
                    while (true)
                    {
                        Thread.Sleep(500);
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            public class Poller
            {
                private Thread? _worker;
                private CancellationTokenSource? _workerCts;

                public void Start()
                {
                    _workerCts = new CancellationTokenSource();
                    var workerToken = _workerCts.Token;
                    _worker = new Thread(() => Run(workerToken));
                    _worker.Start();
                }

                public void Stop()
                {
                    _workerCts?.Cancel();
                    _worker?.Join(1000);
                }

                public void Run() => Run(CancellationToken.None);

                public void Run(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        cancellationToken.WaitHandle.WaitOne(500);
                    }
                }
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInvalid_FallsBackToTheDefault_ApplicationSignatureChanges() => AsApplication(new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public Task Run(CancellationToken stopping) => Start();

                public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """ + Program,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public Task Run(CancellationToken stopping) => Start(stopping);

                public Task Start(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
            }
            """ + Program,
    }).WithEditorConfig("dotnet_code_quality.add_cancellation_parameter.api_surface = protected").RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceGeneralKey_IsNotOurs_ApplicationSignatureChanges() => AsApplication(new WorkFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public Task Run(CancellationToken stopping) => Start();

                public Task Start() => {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
            }
            """ + Program,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public Task Run(CancellationToken stopping) => Start(stopping);

                public Task Start(CancellationToken cancellationToken = default) => Task.Run(() => System.Threading.Thread.Sleep(1000), cancellationToken);
            }
            """ + Program,
    }).WithEditorConfig("dotnet_code_quality.api_surface = private").RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_RefReturningPublicMethod_NoFix() => new WorkFix.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            public class Worker
            {
                private int _count;

                public ref int Start()
                {
                    {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                    return ref _count;
                }
            }
            """,
        FixedCode = """
            using System.Threading.Tasks;

            public class Worker
            {
                private int _count;

                public ref int Start()
                {
                    {|TSA2005:Task.Run(() => System.Threading.Thread.Sleep(1000))|};
                    return ref _count;
                }
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);
}
