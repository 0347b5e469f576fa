using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.ProcessKillAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class ProcessKillAnalyzerTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Fact]
    public Task KillWithoutRequest_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;

        class Runner
        {
            private Process _process = new Process();

            Process Current { get; } = new Process();

            void Stop(Process child)
            {
                {|#0:child.Kill()|};
                {|TSA1004:child.Kill(true)|};
                {|TSA1004:_process.Kill()|};
                {|TSA1004:this._process.Kill(entireProcessTree: true)|};
                {|TSA1004:_process?.Kill()|};
                {|TSA1004:Current.Kill()|};
                if (!child.HasExited)
                {
                    {|TSA1004:child.Kill()|};
                }
            }
        }
        """, Verify.Diagnostic("TSA1004").WithLocation(0).WithArguments("Process.Kill"));

    [Fact]
    public Task KillAsMethodGroup_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Runner
        {
            void Start(Process child, CancellationToken token)
            {
                token.Register({|TSA1004:child.Kill|});
                Action<bool> tree = {|TSA1004:child.Kill|};
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task KillAfterGracefulRequest_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System;
        using System.Diagnostics;

        class Runner
        {
            void CloseWindowFirst(Process app)
            {
                app.CloseMainWindow();
                if (!app.WaitForExit(5000))
                {
                    app.Kill();
                }
            }

            void CloseInputFirst(Process tool)
            {
                tool.StandardInput.Close();
                tool.Kill();
            }

            void DisposeInputFirst(Process tool)
            {
                tool.StandardInput.Dispose();
                tool.Kill();
            }

            void QuitCommandFirst(Process ffmpeg)
            {
                ffmpeg.StandardInput.Write('q');
                ffmpeg.StandardInput.Flush();
                ffmpeg.Kill();
            }

            void BoundedWaitGuards(Process tool)
            {
                if (!tool.WaitForExit(1000))
                {
                    tool.Kill();
                }
            }

            void ThroughConditionalAccess(Process? tool)
            {
                tool?.StandardInput.Close();
                tool?.Kill();
            }
        }
        """);

    [Fact]
    public Task KillAfterAwaitedWait_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        class Runner
        {
            async Task StopAsync(Process tool, CancellationToken token)
            {
                await tool.StandardInput.WriteLineAsync("quit");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await tool.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    tool.Kill(true);
                }
            }

            void TimeSpanWaitGuards(Process tool)
            {
                if (!tool.WaitForExit(TimeSpan.FromSeconds(1)))
                {
                    tool.Kill();
                }
            }

            async Task WaitThenKillAsync(Process tool, CancellationToken token)
            {
                try
                {
                    await tool.WaitForExitAsync(token);
                }
                catch (OperationCanceledException)
                {
                    tool.Kill();
                }
            }
        }
        """);

    // A helper that runs a short command: it reads the output to its end for a limited time and kills the command only
    // when that wait gives up. The output ends when the command does, so the wait gave it time to exit.
    [Fact]
    public Task KillOnlyWhenABoundedWaitGaveUp_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        class Shell
        {
            private const int LimitMs = 30000;
            private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

            static string Run(Process command)
            {
                var stdout = command.StandardOutput.ReadToEndAsync();
                var stderr = command.StandardError.ReadToEndAsync();
                if (!Task.WaitAll(new Task[] { stdout, stderr }, LimitMs))
                {
                    try
                    {
                        command.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    return "";
                }

                return stdout.Result;
            }

            static void Else(Process command, ManualResetEventSlim finished)
            {
                if (finished.Wait(Limit))
                {
                    Console.WriteLine("done");
                }
                else
                {
                    command.Kill(true);
                }
            }
        }
        """);

    // A child driven over a private channel: asked to stop through it, given a bounded time, killed only if it still runs.
    [Fact]
    public Task KillOfAChildStillRunningAfterABoundedWait_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;

        interface IChannel { Task SendAsync(string command); }

        class ChildHost : IDisposable
        {
            private readonly IChannel _channel;
            private readonly Process _child;

            public ChildHost(IChannel channel, Process child)
            {
                _channel = channel;
                _child = child;
            }

            public async Task StopAsync()
            {
                try
                {
                    await _channel.SendAsync("stop").WaitAsync(TimeSpan.FromSeconds(3));
                }
                catch (TimeoutException)
                {
                }

                if (_child != null && !_child.HasExited)
                {
                    _child.Kill();
                }
            }

            public void Dispose()
            {
                _channel.SendAsync("bye").Wait(2000);
                if (!_child.HasExited)
                {
                    _child.Kill();
                }
            }
        }

        class UnresolvedHost
        {
            private readonly {|CS0246:RpcClient|} _rpc;
            private readonly Process _child = new Process();

            public void Close()
            {
                _rpc.Invoke("shutdown").WaitAsync(TimeSpan.FromSeconds(5));
                if (!_child.HasExited)
                {
                    _child.Kill();
                }
            }
        }
        """);

    // A project's own bounded WaitForExitAsync(TimeSpan) extension, with the kill in the timeout's catch.
    [Fact]
    public Task KillAfterAnExtensionWaitForExit_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        static class ProcessWaits
        {
            public static async Task WaitForExitAsync(this Process process, TimeSpan timeout)
            {
                using var cts = new CancellationTokenSource(timeout);
                await process.WaitForExitAsync(cts.Token);
            }
        }

        class Thumbnails
        {
            async Task ExtractAsync(Process encoder, int timeoutMs)
            {
                try
                {
                    await encoder.WaitForExitAsync(TimeSpan.FromMilliseconds(timeoutMs));
                }
                catch (OperationCanceledException)
                {
                    encoder.Kill(true);
                    throw;
                }
            }
        }
        """);

    // The neighbours: no time given, or not to this process.
    [Fact]
    public Task KillAfterAWaitThatGaveNoTime_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        class Job { }

        static class JobWaits
        {
            public static Task WaitForExitAsync(this Job job, TimeSpan timeout) => Task.Delay(timeout);
        }

        class Runner
        {
            void Poll(Process tool, Task output)
            {
                if (!output.Wait(0))
                {
                    {|TSA1004:tool.Kill()|};
                }
            }

            void Forever(Process tool, Task output)
            {
                if (!output.Wait(Timeout.Infinite))
                {
                    {|TSA1004:tool.Kill()|};
                }
            }

            void NotGuarded(Process tool, Task output)
            {
                output.Wait(1000);
                {|TSA1004:tool.Kill()|};
            }

            void GuardWithoutWait(Process tool)
            {
                if (!tool.HasExited)
                {
                    {|TSA1004:tool.Kill()|};
                }
            }

            void AnotherProcessExited(Process tool, Process other, Task output)
            {
                output.Wait(1000);
                if (!other.HasExited)
                {
                    {|TSA1004:tool.Kill()|};
                }
            }

            async Task NotAProcessWait(Process tool, Job job)
            {
                await job.WaitForExitAsync(TimeSpan.FromSeconds(1));
                {|TSA1004:tool.Kill()|};
            }
        }
        """);

    [Fact]
    public Task UnboundedWaitOrLaterRequest_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class Runner
        {
            void WaitsForever(Process tool)
            {
                tool.WaitForExit();
                {|TSA1004:tool.Kill()|};
            }

            void AsksAfterwards(Process tool)
            {
                {|TSA1004:tool.Kill()|};
                tool.CloseMainWindow();
            }

            void AsksAnotherProcess(Process first, Process second)
            {
                first.StandardInput.Close();
                {|TSA1004:second.Kill()|};
            }
        }
        """);

    [Fact]
    public Task RequestInLambdaThatRunsLater_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;

        class Runner
        {
            void Stop(Process tool)
            {
                Action ask = () => tool.CloseMainWindow();
                {|TSA1004:tool.Kill()|};
            }
        }
        """);

    [Fact]
    public Task KillInLambdaAfterRequestAround_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Runner
        {
            void Stop(Process tool, CancellationToken token)
            {
                tool.StandardInput.Close();
                token.Register(() => tool.Kill());
                Local();

                void Local()
                {
                    if (!tool.WaitForExit(100))
                    {
                        tool.Kill();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task KillInLambdasAndLocalFunctions_Reports() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;

        class Runner
        {
            void Start(Process tool, CancellationToken token)
            {
                token.Register(() => {|TSA1004:tool.Kill()|});
                Action<Process> kill = static p => {|TSA1004:p.Kill()|};
                Local();

                void Local() => {|TSA1004:tool.Kill(true)|};
            }

            void ExpressionBodied(Process tool) => {|TSA1004:tool.Kill()|};
        }
        """);

    [Fact]
    public Task HelperOfTheSameTypeAsks_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        partial class Runner
        {
            private Process _tool = new Process();

            public void Stop()
            {
                SendQuit();
                if (!_tool.HasExited)
                {
                    _tool.Kill();
                }
            }

            public void StopOther(Process other)
            {
                RequestClose(other);
                other.Kill();
            }
        }

        partial class Runner
        {
            private void SendQuit() => _tool.StandardInput.WriteLine("quit");

            private static void RequestClose(Process process) => process.CloseMainWindow();
        }
        """);

    [Fact]
    public Task HelperThatDoesNotAsk_Reports() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class Runner
        {
            private Process _tool = new Process();

            public void Stop()
            {
                Log("stopping");
                {|TSA1004:_tool.Kill()|};
            }

            private void Log(string message) => System.Console.WriteLine(message);
        }
        """);

    [Fact]
    public Task UnknownReceiverOfRequest_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Diagnostics;

        class Runner
        {
            private readonly Dictionary<int, Process> _byId = new();

            void Stop(int id, Process tool)
            {
                _byId[id].StandardInput.Close();
                tool.Kill();
            }

            void StopAll(List<Process> tools)
            {
                tools[0].CloseMainWindow();
                tools[0].Kill();
            }
        }
        """);

    [Theory, MemberData(nameof(Frameworks))]
    public Task CurrentProcess_NoDiagnostic(TargetFramework framework) => Verify.VerifyAnalyzerAsync(framework, """
        using System.Diagnostics;

        class Program
        {
            static void Die()
            {
                Process.GetCurrentProcess().Kill();
                var self = Process.GetCurrentProcess();
                self.Kill();
                using (var me = Process.GetCurrentProcess())
                {
                    me.Kill();
                }
            }
        }
        """);

    [Fact]
    public Task FunctionNamedForKilling_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;

        class Command
        {
            private readonly Process _process = new Process();

            public void Kill() => _process.Kill(true);

            public static void TryKillProcess(Process process)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }
            }

            private void TerminateChild() { _process.Kill(); }

            public void Stop(bool force)
            {
                Action killTree = () => {|TSA1004:_process.Kill(true)|};
                if (force)
                {
                    ForceKill();
                }

                void ForceKill() => _process.Kill();
            }

            public Action KillLater => () => _process.Kill();
        }
        """);

    [Fact]
    public Task LookAlikes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class Worker
        {
            public void Kill() { }
            public void Kill(bool tree) { }
        }

        static class Extensions
        {
            public static void Kill(this Process process, int signal) { }
        }

        class Runner
        {
            void Stop(Worker worker, Process tool)
            {
                worker.Kill();
                worker.Kill(true);
                tool.Kill(9);
                _ = nameof(Process.Kill);
            }
        }
        """);

    [Fact]
    public Task TestMethods_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;

        namespace Xunit { class FactAttribute : Attribute { } class TheoryAttribute : Attribute { } }
        namespace NUnit.Framework
        {
            class TestAttribute : Attribute { }
            class TestCaseAttribute : Attribute { public TestCaseAttribute(int value) { } }
            class TestCaseSourceAttribute : Attribute { public TestCaseSourceAttribute(string name) { } }
            class TearDownAttribute : Attribute { }
        }
        namespace Microsoft.VisualStudio.TestTools.UnitTesting { class TestMethodAttribute : Attribute { } class DataTestMethodAttribute : Attribute { } }
        namespace Xunit.Extensions { class SkippableFactAttribute : Attribute { } }

        namespace Tests
        {
            using Xunit;
            using NUnit.Framework;
            using Microsoft.VisualStudio.TestTools.UnitTesting;

            class ChildProcessTests
            {
                Process _tool = new Process();

                [Fact] public void A() => _tool.Kill();
                [Theory] public void B() => _tool.Kill(true);
                [Test] public void C() { Action kill = () => _tool.Kill(); kill(); }
                [TestCase(1)] public void D(int value) => _tool.Kill();
                [TestCaseSource("Cases")] public void E(int value) => _tool.Kill();
                [TearDown] public void F() => _tool.Kill();
                [TestMethod] public void G() => _tool.Kill();
                [DataTestMethod] public void H() => _tool.Kill();
                [Xunit.Extensions.SkippableFact] public void I() => _tool.Kill();
                [Obsolete] public void NotATest() => {|TSA1004:_tool.Kill()|};
            }
        }
        """);

    [Fact]
    public Task UnresolvedTestAttribute_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class ChildProcessTests
        {
            [{|CS0246:{|CS0246:Fact|}|}]
            public void KillsTool(Process tool) => tool.Kill();
        }
        """);

    [Fact]
    public Task TopLevelStatements_Report()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Diagnostics;

                var tool = Process.Start("tool");
                {|TSA1004:tool.Kill()|};
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task PrimaryConstructorAndIterator_Report() => Verify.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Diagnostics;

        class Runner(Process tool)
        {
            public void Stop() => {|TSA1004:tool.Kill()|};

            public IEnumerable<int> Steps()
            {
                yield return 1;
                {|TSA1004:tool.Kill()|};
            }
        }
        """);

    [Fact]
    public Task ConditionalCompilation_ReportsActiveBranchOnly() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class Runner
        {
            void Stop(Process tool)
            {
        #if GRACEFUL
                tool.CloseMainWindow();
        #endif
                {|TSA1004:tool.Kill()|};
        #if NEVER
                tool.Kill();
        #endif
            }
        }
        """);

    [Fact]
    public Task ErrorTypes_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class Runner
        {
            void Stop({|CS0246:Missing|} missing, Process tool)
            {
                missing.Kill();
                tool.Kill({|CS0103:undefined|});
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.Diagnostics;

        class Runner
        {
            void Stop(Process tool) => tool.Kill();
        }
        """);

    /// <summary>
    /// An escalation (ShareX's encoder: the first two stops write "q" to ffmpeg, the third kills) and a derived type's
    /// shutdown that runs its base's first (Flow.Launcher's plugin, whose base sends "close" over its RPC channel) ask
    /// the process by other means. Disposing something else first is no request.
    /// </summary>
    [Fact]
    public Task EscalationAndBaseShutdown_AskFirst_OtherDisposeDoesNot() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;

        class CliRunner
        {
            protected Process Child = new Process();

            protected void WriteInput(string text) => Child.StandardInput.WriteLine(text);

            public virtual ValueTask DisposeAsync() => default;
        }

        sealed class Encoder : CliRunner
        {
            private int _tries;
            private readonly IDisposable _timer = new System.Timers.Timer();

            public void Close()
            {
                if (_tries >= 2)
                {
                    Child.Kill();
                }
                else
                {
                    WriteInput("q");
                    _tries++;
                }
            }

            public override async ValueTask DisposeAsync()
            {
                await base.DisposeAsync();
                Child.Kill(true);
            }

            public void Abandon()
            {
                _timer.Dispose();
                {|TSA1004:Child.Kill()|};
            }
        }
        """);
}
