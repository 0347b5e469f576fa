using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using LoopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.LoopCheckCodeFixProvider>;
using Loops = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.LoopCancellationAnalyzer>;
using PassTokenFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.PassTokenCodeFixProvider>;
using SleepFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.SleepAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.CancellableWaitCodeFixProvider>;
using Sleeps = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.SleepAnalyzer>;
using StartedWork = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.StartedWorkAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary><c>dotnet_code_quality.TSA2001.token_sources</c> (and TSA2003's, TSA2006's): which tokens count as in scope.</summary>
public class TokenSourcesOptionTests
{
    private const string Members = "dotnet_code_quality.TSA2001.token_sources = members";

    private const string LoopWithFieldSource = """
        using System.Threading;

        class Worker
        {
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();

            public void Spin()
            {
                {|#0:while (true)|}
                {
                    Thread.SpinWait(10);
                }
            }
        }
        """;

    [Fact]
    public Task TokenSourcesUnset_FieldIsNotInScope_ReportsTSA2002() => new Loops.Test
    {
        TestCode = LoopWithFieldSource,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2002").WithLocation(0).WithArguments("'Spin'") },
    }.RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_FieldSourceIsInScope_ReportsTSA2001() => new Loops.Test
    {
        TestCode = LoopWithFieldSource,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2001").WithLocation(0).WithArguments("has no exit", "_cts") },
    }.WithEditorConfig(Members).RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesGeneralKey_Applies() => new Loops.Test
    {
        TestCode = LoopWithFieldSource,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2001").WithLocation(0).WithArguments("has no exit", "_cts") },
    }.WithEditorConfig("dotnet_code_quality.token_sources = parameters, locals, members").RunAsync(CancellationToken.None);

    /// <summary>The category's key (as the .NET rules read <c>dotnet_code_quality.Reliability.NAME</c>) applies to every rule of the category; the rule's own key wins over it.</summary>
    [Fact]
    public Task TokenSourcesCategoryKey_Applies_RuleKeyWins()
    {
        var category = new Loops.Test
        {
            TestCode = LoopWithFieldSource,
            ExpectedDiagnostics = { Loops.Diagnostic("TSA2001").WithLocation(0).WithArguments("has no exit", "_cts") },
        }.WithEditorConfig("dotnet_code_quality.Cancellation.token_sources = parameters, locals, members");
        var ruleWins = new Loops.Test
        {
            TestCode = LoopWithFieldSource,
            ExpectedDiagnostics = { Loops.Diagnostic("TSA2002").WithLocation(0).WithArguments("'Spin'") },
        }.WithEditorConfig("dotnet_code_quality.Cancellation.token_sources = members", "dotnet_code_quality.TSA2001.token_sources = parameters");
        return Task.WhenAll(category.RunAsync(CancellationToken.None), ruleWins.RunAsync(CancellationToken.None));
    }

    [Fact]
    public Task TokenSourcesInvalid_FallsBackToDefault() => new Loops.Test
    {
        TestCode = LoopWithFieldSource,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2002").WithLocation(0).WithArguments("'Spin'") },
    }.WithEditorConfig("dotnet_code_quality.TSA2001.token_sources = fields").RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_ParametersStillComeFirst() => new Loops.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private CancellationToken _stopping;

                void Spin(CancellationToken token)
                {
                    {|#0:while (true)|} { }
                }
            }
            """,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2001").WithLocation(0).WithArguments("has no exit", "token") },
    }.WithEditorConfig(Members).RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_StaticCodeSeesOnlyStaticMembers() => new Loops.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private CancellationToken _instanceToken;
                private static CancellationTokenSource s_shutdown = new CancellationTokenSource();
                protected CancellationToken Stopping { get; }

                static void Spin()
                {
                    {|#0:while (true)|} { }
                }
            }

            class Derived : Worker
            {
                void Run()
                {
                    {|#1:while (true)|} { }
                }
            }

            struct Pump
            {
                private CancellationToken _token;

                void Run()
                {
                    System.Action work = () =>
                    {
                        {|#2:while (true)|} { }
                    };
                }
            }
            """,
        ExpectedDiagnostics =
        {
            Loops.Diagnostic("TSA2001").WithLocation(0).WithArguments("has no exit", "s_shutdown"),
            Loops.Diagnostic("TSA2001").WithLocation(1).WithArguments("has no exit", "Stopping"),
            Loops.Diagnostic("TSA2002").WithLocation(2).WithArguments("the lambda in 'Run'"),
        },
    }.WithEditorConfig(Members).RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesParameters_LocalSourceIsNotInScope() => new Loops.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                void Spin()
                {
                    using var cts = new CancellationTokenSource();
                    {|#0:while (true)|} { }
                }
            }
            """,
        ExpectedDiagnostics = { Loops.Diagnostic("TSA2002").WithLocation(0).WithArguments("'Spin'") },
    }.WithEditorConfig("dotnet_code_quality.TSA2001.token_sources = parameters").RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_LoopFixUsesTheField() => new LoopFix.Test
    {
        TestCode = LoopWithFieldSource.Replace("{|#0:while (true)|}", "{|TSA2001:while (true)|}"),
        FixedCode = """
            using System.Threading;

            class Worker
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Spin()
                {
                    while (!_cts.IsCancellationRequested)
                    {
                        Thread.SpinWait(10);
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = "TSA2001.Preferred.0",
    }.WithEditorConfig(Members).RunAsync(CancellationToken.None);

    private const string StartWithProperty = """
        using System.Threading;
        using System.Threading.Tasks;

        class Service
        {
            public CancellationToken Stopping { get; set; }

            public Task Start() => {|#0:Task.Run(() => Thread.Sleep(1000))|};
        }
        """;

    [Fact]
    public Task TokenSourcesUnset_PropertyIsNotInScope_ReportsTSA2005() => new StartedWork.Test
    {
        TestCode = StartWithProperty,
        ExpectedDiagnostics = { StartedWork.Diagnostic("TSA2005").WithLocation(0).WithArguments("Task.Run", "'Start'") },
    }.RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_ForTSA2003_PassTokenFixUsesTheProperty() => new PassTokenFix.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                public CancellationToken Stopping { get; set; }

                public void Start(int[] items) => {|#0:Parallel.ForEach(items, item => Thread.Sleep(item))|};
            }
            """,
        ExpectedDiagnostics = { PassTokenFix.Diagnostic("TSA2003").WithLocation(0).WithArguments("Parallel.ForEach", "Stopping") },
        FixedCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                public CancellationToken Stopping { get; set; }

                public void Start(int[] items) => Parallel.ForEach(items, new ParallelOptions { CancellationToken = Stopping }, item => Thread.Sleep(item));
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA2003.token_sources = members").RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_ForTSA2003Only_NoFixWhereTheSleepWouldIgnoreTheToken() => new PassTokenFix.Test
    {
        // The sleep would not see the property (TSA2006 reads its own option), so the passed token would only keep the
        // work from starting: a TSA2008. No fix is better than that one.
        TestCode = StartWithProperty,
        ExpectedDiagnostics = { PassTokenFix.Diagnostic("TSA2003").WithLocation(0).WithArguments("Task.Run", "Stopping") },
        FixedCode = StartWithProperty,
    }.WithEditorConfig("dotnet_code_quality.TSA2003.token_sources = members").RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_WorkThatAlreadyUsesTheFieldToken_NotReported() => new StartedWork.Test
    {
        TestCode = """
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

                public Task Start() => Task.Run(() => Poll(_stopping.Token));

                public Task StartOther() => {|#0:Task.Run(() => Poll(CancellationToken.None))|};

                static void Poll(CancellationToken token) { }
            }
            """,
        ExpectedDiagnostics = { StartedWork.Diagnostic("TSA2003").WithLocation(0).WithArguments("Task.Run", "_stopping") },
    }.WithEditorConfig("dotnet_code_quality.TSA2003.token_sources = members").RunAsync(CancellationToken.None);

    private const string SleepWithField = """
        using System.Threading;

        class Poller
        {
            private CancellationToken _token;

            public void Poll()
            {
                {|#0:Thread.Sleep(1000)|};
            }
        }
        """;

    [Fact]
    public Task TokenSourcesUnset_SleepNextToFieldNotReported() => Sleeps.VerifyAnalyzerAsync(SleepWithField.Replace("{|#0:Thread.Sleep(1000)|}", "Thread.Sleep(1000)"));

    [Fact]
    public Task TokenSourcesOfOtherRule_DoesNotApplyToTSA2006() => new Sleeps.Test
    {
        TestCode = SleepWithField.Replace("{|#0:Thread.Sleep(1000)|}", "Thread.Sleep(1000)"),
    }.WithEditorConfig(Members).RunAsync(CancellationToken.None);

    [Fact]
    public Task TokenSourcesMembers_ForTSA2006_SleepFixWaitsOnTheField() => new SleepFix.Test
    {
        TestCode = SleepWithField,
        ExpectedDiagnostics = { SleepFix.Diagnostic("TSA2006").WithLocation(0).WithArguments("_token") },
        FixedCode = SleepWithField.Replace("{|#0:Thread.Sleep(1000)|};", "_token.WaitHandle.WaitOne(1000);"),
    }.WithEditorConfig("dotnet_code_quality.TSA2006.token_sources = members").RunAsync(CancellationToken.None);
}
