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

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>
/// <c>dotnet_code_quality.add_cancellation_parameter.api_surface</c>: outside the surface it names, the add-parameter
/// fixes (TSA2002, TSA2005; shown here with TSA2002's) keep the method's signature and add a forwarding overload that takes the token.
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
            public void Caller(CancellationToken stopping) => Start(5);

            public void OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public void Start(int delay)
            {
                {|TSA2002:while (true)|}
                {
                    Thread.Sleep(delay);
                }
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

    private static void ExpectTitle(LoopFix.Test test, string title)
        => test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);

    private const string PublicStartWithOverload = """
        using System.Threading;
        using System.Threading.Tasks;

        public class Worker
        {
            public void Caller(CancellationToken stopping) => Start(5, stopping);

            public void OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public void Start(int delay) => Start(delay, CancellationToken.None);

            /// <summary>Starts the work.</summary>
            public void Start(int delay, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """;

    private const string PublicStartWithParameter = """
        using System.Threading;
        using System.Threading.Tasks;

        public class Worker
        {
            public void Caller(CancellationToken stopping) => Start(5, stopping);

            public void OtherCaller() => Start(1);

            /// <summary>Starts the work.</summary>
            public void Start(int delay, CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Thread.Sleep(delay);
                }
            }
        }
        """;

    private const string OverloadTitle = "Add an overload of 'Start' that takes a CancellationToken";
    private const string ParameterTitle = "Add a CancellationToken parameter to 'Start'";

    private static Task RunPublicStart(string fixedCode, string title, bool application, params string[] editorConfig)
    {
        var test = new LoopFix.Test
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
        var test = new LoopFix.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Worker
                {
                    public void Caller() => Start();

                    public void Start() { {|TSA2002:while (true)|} { } }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                public class Worker
                {
                    public void Caller() => Start();

                    public void Start(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
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
    [InlineData("class Worker { void Caller() => Start(); void Start() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("public class Worker { internal void Start() { {|TSA2002:while (true)|} { } } }")]
    [InlineData("public class Worker { public void Run() { Local(); void Local() { {|TSA2002:while (true)|} { } } } }")]
    public Task NoCallerHasATokenToPass_EveryCallerInView_NoFix(string body)
        => new LoopFix.Test { TestCode = "using System.Threading.Tasks;\n" + body, FixedCode = "using System.Threading.Tasks;\n" + body }
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
                public static void Main() => new Sample().Start();

                public void Start() { {|TSA2002:while (true)|} { } }
            }
            """;
        var test = new LoopFix.Test { TestCode = Code, FixedCode = Code };
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
                public void Start() { {|TSA2002:while (true)|} { } }
            }
            """;
        var test = new LoopFix.Test { TestCode = Code, FixedCode = Code };
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
                public void Runs() => Helper();

                public static void Helper() { {|TSA2002:while (true)|} { } }
            }
            """;
        return new LoopFix.Test { TestCode = Code, FixedCode = Code }.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task OverloadThatNoCallerPasses_TitleSaysSo()
    {
        var test = new LoopFix.Test
        {
            TestCode = """
                using System.Threading.Tasks;

                public class Worker
                {
                    public void Start() { {|TSA2002:while (true)|} { } }
                }
                """,
            FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                public class Worker
                {
                    public void Start() => Start(CancellationToken.None);

                    public void Start(CancellationToken cancellationToken) { while (!cancellationToken.IsCancellationRequested) { } }
                }
                """,
        };
        ExpectTitle(test, "Add an overload of 'Start' that takes a CancellationToken (no caller passes a token yet)");
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ApiSurfaceInternal_InternalMethodAndPublicMethodOfInternalClassGetParameter() => new LoopFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                internal void Caller(CancellationToken stopping) => Start();

                internal void Start() { {|TSA2002:while (true)|} { } }
            }

            class Hidden
            {
                public void Caller(CancellationToken stopping) => Start();

                public void Start() { {|TSA2002:while (true)|} { } }
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                internal void Caller(CancellationToken stopping) => Start(stopping);

                internal void Start(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
            }

            class Hidden
            {
                public void Caller(CancellationToken stopping) => Start(stopping);

                public void Start(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfacePrivate_OnlyPrivateMethodsAndLocalFunctionsGetParameter() => new LoopFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                internal void Run(CancellationToken stopping) => Start();

                internal void Start() { {|TSA2002:while (true)|} { } }

                private void Caller(CancellationToken stopping) => Helper();

                private void Helper() { {|TSA2002:while (true)|} { } }

                internal void Outer()
                {
                    void Pump(CancellationToken stopping) => Local();

                    void Local() { {|TSA2002:while (true)|} { } }
                }
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Worker
            {
                internal void Run(CancellationToken stopping) => Start(stopping);

                internal void Start() => Start(CancellationToken.None);

                internal void Start(CancellationToken cancellationToken) { while (!cancellationToken.IsCancellationRequested) { } }

                private void Caller(CancellationToken stopping) => Helper(stopping);

                private void Helper(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }

                internal void Outer()
                {
                    void Pump(CancellationToken stopping) => Local(stopping);

                    void Local(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
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
    public Task ApiSurfaceInternal_TokenGoesBeforeOptionalParameters_CallersWithTokenUseOverload() => new LoopFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Work
            {
                public static void Start<T>(this T item, ref int count, int delay = 5, params string[] tags)
                {
                    count++;
                    {|TSA2002:while (true)|}
                    {
                        Thread.Sleep(delay);
                    }
                }

                static void Use(CancellationToken token, int count) => 3.Start(ref count, 1, "a", "b");

                static void UseNamed(CancellationToken token, int count) => Start(item: 3, count: ref count, delay: 2);
            }
            """,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Work
            {
                public static void Start<T>(this T item, ref int count, int delay = 5, params string[] tags) => Start<T>(item, ref count, CancellationToken.None, delay, tags);

                public static void Start<T>(this T item, ref int count, CancellationToken cancellationToken, int delay = 5, params string[] tags)
                {
                    count++;
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Thread.Sleep(delay);
                    }
                }

                static void Use(CancellationToken token, int count) => 3.Start(ref count, token, 1, "a", "b");

                static void UseNamed(CancellationToken token, int count) => Start(item: 3, count: ref count, delay: 2, cancellationToken: token);
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_FixAll_TwoMethodsOfOneTypeAndACallerInAnotherFile() => new LoopFix.Test
    {
        TestState =
        {
            Sources =
            {
                """
                using System.Threading.Tasks;

                public class Worker
                {
                    public void A() { {|TSA2002:while (true)|} { } }

                    public void B() { {|TSA2002:while (true)|} { } }
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    void Use(Worker worker, CancellationToken token) => worker.B();
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
                    public void A() => A(CancellationToken.None);

                    public void A(CancellationToken cancellationToken) { while (!cancellationToken.IsCancellationRequested) { } }

                    public void B() => B(CancellationToken.None);

                    public void B(CancellationToken cancellationToken) { while (!cancellationToken.IsCancellationRequested) { } }
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                class Client
                {
                    void Use(Worker worker, CancellationToken token) => worker.B(token);
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
    public Task ApiSurfaceInvalid_FallsBackToTheDefault_ApplicationSignatureChanges() => AsApplication(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public void Run(CancellationToken stopping) => Start();

                public void Start() { {|TSA2002:while (true)|} { } }
            }
            """ + Program,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public void Run(CancellationToken stopping) => Start(stopping);

                public void Start(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
            }
            """ + Program,
    }).WithEditorConfig("dotnet_code_quality.add_cancellation_parameter.api_surface = protected").RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceGeneralKey_IsNotOurs_ApplicationSignatureChanges() => AsApplication(new LoopFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public void Run(CancellationToken stopping) => Start();

                public void Start() { {|TSA2002:while (true)|} { } }
            }
            """ + Program,
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker
            {
                public void Run(CancellationToken stopping) => Start(stopping);

                public void Start(CancellationToken cancellationToken = default) { while (!cancellationToken.IsCancellationRequested) { } }
            }
            """ + Program,
    }).WithEditorConfig("dotnet_code_quality.api_surface = private").RunAsync(CancellationToken.None);

    [Fact]
    public Task ApiSurfaceInternal_RefReturningPublicMethod_NoFix() => new LoopFix.Test
    {
        TestCode = """
            using System.Threading.Tasks;

            public class Worker
            {
                private int _count;

                public ref int Start()
                {
                    {|TSA2002:while (true)|} { }
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
                    {|TSA2002:while (true)|} { }
                    return ref _count;
                }
            }
            """,
    }.WithEditorConfig(Internal).RunAsync(CancellationToken.None);
}
