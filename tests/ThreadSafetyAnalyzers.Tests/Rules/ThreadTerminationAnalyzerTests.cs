using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.ThreadTerminationAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class ThreadTerminationAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task AbortCalls_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class C
        {
            void M(Thread t, C other)
            {
                {|TSA1001:t.Abort()|};
                {|TSA1001:t.Abort("state")|};
                {|TSA1001:Thread.ResetAbort()|};
                {|TSA1001:Thread.CurrentThread.Abort()|};
                {|TSA1001:other.Worker.Abort()|};
            }

            Thread Worker { get; } = new Thread(() => { });
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task AbortThroughConditionalAccess_ReportsWholeExpression(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class C
        {
            Thread? _worker;
            C? _next;

            void M()
            {
                {|TSA1001:_worker?.Abort()|};
                {|TSA1001:_next?._worker?.Abort()|};
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task MethodGroups_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class C
        {
            void M(Thread t)
            {
                Action abort = {|TSA1001:t.Abort|};
                Action<object> abortWithState = {|TSA1001:t.Abort|};
                ThreadStart interrupt = {|TSA1002:t.Interrupt|};
                Action reset = {|TSA1001:Thread.ResetAbort|};
                Run({|TSA1003:t.Suspend|});
            }

            static void Run(Action action) => action();
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task CallsInsideLambdasAndLocalFunctions_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Threading;

        class C
        {
            void M(Thread t)
            {
                Action lambda = () => {|TSA1001:t.Abort()|};
                Action<Thread> staticLambda = static thread => {|TSA1002:thread.Interrupt()|};
                Action anonymous = delegate { {|TSA1003:t.Resume()|}; };
                Local();
                StaticLocal(t);

                void Local() => {|TSA1001:t.Abort()|};
                static void StaticLocal(Thread thread) { {|TSA1003:thread.Suspend()|}; }
            }

            void ExpressionBodied(Thread t) => {|TSA1002:t.Interrupt()|};
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task TopLevelStatements_Report(TargetFramework framework)
    {
        var test = new Verify.Test(framework)
        {
            TestCode = """
                using System.Threading;

                var worker = new Thread(() => { });
                worker.Start();
                {|TSA1001:worker.Abort()|};
                {|TSA1002:worker.Interrupt()|};
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Theory, MemberData(nameof(Frameworks))]
    public Task InterruptSuspendAndResume_Report(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class C
        {
            void M(Thread t)
            {
                {|TSA1002:t.Interrupt()|};
                {|TSA1002:t?.Interrupt()|};
                {|TSA1003:t.Suspend()|};
                {|TSA1003:t.Resume()|};
            }
        }
        """);

    [Fact]
    public Task AbortOnModernDotNet_MessageSaysItThrows() => Verify.VerifyAnalyzerAsync(
        TargetFramework.Net80,
        """
        class C
        {
            void M(System.Threading.Thread t) => {|#0:t.Abort()|};
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DoNotAbortThreads).WithLocation(0)
            .WithArguments("Thread.Abort", "it throws PlatformNotSupportedException on .NET Core and .NET 5+"));

    [Fact]
    public Task AbortOnNetFramework_MessageSaysWhatItBreaks() => Verify.VerifyAnalyzerAsync(
        TargetFramework.NetFramework48,
        """
        class C
        {
            void M(System.Threading.Thread t) => {|#0:t.Abort()|};
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DoNotAbortThreads).WithLocation(0)
            .WithArguments("Thread.Abort", "it can stop the thread in a finally block or while it holds a lock"));

    /// <summary>A .NET Standard library may run on .NET Core 2.x or 3.x, which throw too: the message does not say ".NET 5 and later".</summary>
    [Fact]
    public Task AbortAndSuspendOnNetStandard_MessageCoversEveryRuntime() => Verify.VerifyAnalyzerAsync(
        TargetFramework.NetStandard20,
        """
        class C
        {
            void M(System.Threading.Thread t)
            {
                {|#0:t.Abort()|};
                {|#1:t.Suspend()|};
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DoNotAbortThreads).WithLocation(0)
            .WithArguments("Thread.Abort", "it throws on .NET Core and .NET 5+ and stops threads anywhere on .NET Framework"),
        Verify.Diagnostic(DiagnosticIds.DoNotSuspendThreads).WithLocation(1)
            .WithArguments("Thread.Suspend", "it throws on .NET Core and .NET 5+ and can deadlock on .NET Framework"));

    [Fact]
    public Task SuspendOnNetFramework_MessageSaysItCanDeadlock() => Verify.VerifyAnalyzerAsync(
        TargetFramework.NetFramework48,
        """
        class C
        {
            void M(System.Threading.Thread t) => {|#0:t.Suspend()|};
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DoNotSuspendThreads).WithLocation(0)
            .WithArguments("Thread.Suspend", "it can freeze the thread while it holds a lock others need"));

    [Fact]
    public Task ResetAbortAndResumeOnNetFramework_HaveTheirOwnReasons() => Verify.VerifyAnalyzerAsync(
        TargetFramework.NetFramework48,
        """
        using System.Threading;

        class C
        {
            void M(Thread t)
            {
                {|#0:Thread.ResetAbort()|};
                {|#1:t.Resume()|};
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DoNotAbortThreads).WithLocation(0)
            .WithArguments("Thread.ResetAbort", "it keeps running a thread that was aborted at an arbitrary point"),
        Verify.Diagnostic(DiagnosticIds.DoNotSuspendThreads).WithLocation(1)
            .WithArguments("Thread.Resume", "it pairs with Thread.Suspend, which can freeze a thread holding a lock"));

    [Theory, MemberData(nameof(Frameworks))]
    public Task LookAlikes_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Net;
        using System.Threading;

        class Job
        {
            public void Abort() { }
            public void Interrupt() { }
            public void Suspend() { }
            public static void ResetAbort() { }
        }

        static class ThreadExtensions
        {
            public static void Abort(this Thread thread, int code, string reason) { }
            public static void Interrupt(this Thread thread, string reason) { }
        }

        class C
        {
            void M(Job job, Thread t, WebRequest request, CancellationTokenSource cts)
            {
                job.Abort();
                job.Interrupt();
                job.Suspend();
                Job.ResetAbort();
                t.Abort(42, "done");
                t.Interrupt("stop");
                request.Abort();
                cts.Cancel();
                Action a = job.Abort;
                t.Join();
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task NameOf_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Threading;

        class C
        {
            string[] Names(Thread t) => new[]
            {
                nameof(Thread.Abort),
                nameof(t.Interrupt),
                nameof(Thread.ResetAbort),
                nameof(Thread.Suspend),
            };
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Worker.g.cs", """
            class GeneratedByName
            {
                void M(System.Threading.Thread t) => t.Abort();
            }
            """));
        test.TestState.Sources.Add(("Designer.cs", """
            // <auto-generated/>
            class GeneratedByHeader
            {
                void M(System.Threading.Thread t) => t.Interrupt();
            }
            """));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("{|TSA1001:t.Abort(|}")]
    [InlineData("{|TSA1003:t?.Suspend(|}")]
    [InlineData("{|TSA1002:t.Interrupt(|};")]
    public Task UnfinishedCall_ReportsWithoutCrashing(string statement)
    {
        var test = new Verify.Test
        {
            TestCode = $$"""
                class C
                {
                    void M(System.Threading.Thread t)
                    {
                        {{statement}}
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M(System.Threading.Thread t) { t.Abort(missing); } }")]
    [InlineData("class C { void M() { missing.Abort(); } }")]
    [InlineData("class C { void M(Missing t) { t.Interrupt(); } }")]
    [InlineData("class C { void M() { System.Action a = missing.Abort; } }")]
    [InlineData("class C { void M(System.Threading.Thread t) { t.")]
    [InlineData("class C { void M() { System.Threading.Thread.")]
    [InlineData("using System.Threading; Thread.")]
    public Task ErrorTypesAndHalfTypedCode_NoDiagnostic(string source)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }
}
