using System.Threading;
using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.ProcessKillAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.AskProcessToExitCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class AskProcessToExitCodeFixTests
{
    [Fact]
    public Task KillOfRedirectedProcess_AsksThenKills() => Verify.VerifyCodeFixAsync("""
        using System.Diagnostics;

        class Encoder
        {
            void Cancel()
            {
                var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true };
                var process = Process.Start(info)!;
                // Stop the conversion.
                [|process.Kill()|]; // now
            }

            static void Feed(Process encoder, byte[] samples) => encoder.StandardInput.BaseStream.Write(samples);
        }
        """, """
        using System.Diagnostics;

        class Encoder
        {
            void Cancel()
            {
                var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true };
                var process = Process.Start(info)!;
                // Stop the conversion.
                process.StandardInput.Close(); // now
                if (!process.WaitForExit(5000))
                {
                    process.Kill();
                }
            }

            static void Feed(Process encoder, byte[] samples) => encoder.StandardInput.BaseStream.Write(samples);
        }
        """);

    [Fact]
    public Task FixAll_FieldAndParameterInOtherMembers_KeepsKillTree() => Verify.VerifyCodeFixAsync("""
        using System.Diagnostics;

        class Tool
        {
            private Process _process = new Process();

            void Start()
            {
                _process.StartInfo.RedirectStandardInput = true;
                _process.Start();
                _process.StandardInput.WriteLine("hello");
            }

            void Stop()
            {
                [|this._process.Kill(true)|];
            }

            void StopOther(Process other)
            {
                if (other.Id > 0)
                    [|other.Kill()|];
            }

            void StopFast() => [|_process.Kill(entireProcessTree: true)|];
        }
        """, """
        using System.Diagnostics;

        class Tool
        {
            private Process _process = new Process();

            void Start()
            {
                _process.StartInfo.RedirectStandardInput = true;
                _process.Start();
                _process.StandardInput.WriteLine("hello");
            }

            void Stop()
            {
                this._process.StandardInput.Close();
                if (!this._process.WaitForExit(5000))
                {
                    this._process.Kill(true);
                }
            }

            void StopOther(Process other)
            {
                if (other.Id > 0)
                {
                    other.StandardInput.Close();
                    if (!other.WaitForExit(5000))
                    {
                        other.Kill();
                    }
                }
            }

            void StopFast()
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        """);

    [Fact]
    public Task ExitTimeoutOption_UsedInTheWait() => new Verify.Test
    {
        TestCode = """
            using System.Diagnostics;

            class Tool
            {
                void Stop(Process process)
                {
                    process.StartInfo.RedirectStandardInput = true;
                    [|process.Kill()|];
                }

                void Pause(Process process) => process.StandardInput.Write('p');
            }
            """,
        FixedCode = """
            using System.Diagnostics;

            class Tool
            {
                void Stop(Process process)
                {
                    process.StartInfo.RedirectStandardInput = true;
                    process.StandardInput.Close();
                    if (!process.WaitForExit(250))
                    {
                        process.Kill();
                    }
                }

                void Pause(Process process) => process.StandardInput.Write('p');
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA1004.exit_timeout_ms = 250").RunAsync(CancellationToken.None);

    [Theory]
    [InlineData("0")]
    [InlineData("soon")]
    public Task ExitTimeoutOptionInvalid_DefaultUsed(string value) => new Verify.Test
    {
        TestCode = """
            using System.Diagnostics;

            class Tool
            {
                void Stop(Process process)
                {
                    process.StartInfo.RedirectStandardInput = true;
                    [|process.Kill()|];
                }

                void Pause(Process process) => process.StandardInput.Write('p');
            }
            """,
        FixedCode = """
            using System.Diagnostics;

            class Tool
            {
                void Stop(Process process)
                {
                    process.StartInfo.RedirectStandardInput = true;
                    process.StandardInput.Close();
                    if (!process.WaitForExit(5000))
                    {
                        process.Kill();
                    }
                }

                void Pause(Process process) => process.StandardInput.Write('p');
            }
            """,
    }.WithEditorConfig("dotnet_code_quality.TSA1004.exit_timeout_ms = " + value).RunAsync(CancellationToken.None);

    [Fact]
    public Task KillOfAWindowedProcess_AsksItsWindowThenKills() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Diagnostics;

        class EmbeddedTool
        {
            private Process _process = new Process();
            private IntPtr _handle;

            public void Connect()
            {
                _process.Start();
                _process.WaitForInputIdle(5000);
                _handle = _process.MainWindowHandle;
            }

            public void Close()
            {
                try
                {
                    if (!_process.HasExited)
                    {
                        // The tab is closing.
                        [|_process.Kill()|]; // tool ends
                    }
                }
                catch (Exception)
                {
                }
            }
        }
        """, """
        using System;
        using System.Diagnostics;

        class EmbeddedTool
        {
            private Process _process = new Process();
            private IntPtr _handle;

            public void Connect()
            {
                _process.Start();
                _process.WaitForInputIdle(5000);
                _handle = _process.MainWindowHandle;
            }

            public void Close()
            {
                try
                {
                    if (!_process.HasExited)
                    {
                        // The tab is closing.
                        if (!_process.CloseMainWindow() || !_process.WaitForExit(5000))
                        {
                            _process.Kill();
                        } // tool ends
                    }
                }
                catch (Exception)
                {
                }
            }
        }
        """);

    [Fact]
    public Task FixAll_WindowedProcessesOfOneType() => Verify.VerifyCodeFixAsync("""
        using System.Diagnostics;

        class Launcher
        {
            void Show(Process app)
            {
                app.WaitForInputIdle();
                System.Console.WriteLine(app.MainWindowTitle);
            }

            void Stop(Process app) => [|app.Kill()|];

            void StopTree(Process app)
            {
                [|app.Kill(true)|];
            }
        }
        """, """
        using System.Diagnostics;

        class Launcher
        {
            void Show(Process app)
            {
                app.WaitForInputIdle();
                System.Console.WriteLine(app.MainWindowTitle);
            }

            void Stop(Process app)
            {
                if (!app.CloseMainWindow() || !app.WaitForExit(5000))
                {
                    app.Kill();
                }
            }

            void StopTree(Process app)
            {
                if (!app.CloseMainWindow() || !app.WaitForExit(5000))
                {
                    app.Kill(true);
                }
            }
        }
        """);

    /// <summary>A wrapper that can run any program only hands the window on: that says nothing about what it runs (gitextensions' Executable, which runs git).</summary>
    [Fact]
    public Task WindowOnlyForwarded_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Diagnostics;

        class Executable
        {
            private readonly Process _process = new Process();

            public void WaitForInputIdle() => _process.WaitForInputIdle();

            public IntPtr Window
            {
                get { return _process.MainWindowHandle; }
            }

            public void Cancel()
            {
                [|_process.Kill()|];
            }
        }
        """);

    [Fact]
    public Task InputNotRedirected_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Diagnostics;

        class Tool
        {
            void Stop(Process process)
            {
                process.StartInfo.RedirectStandardOutput = true;
                process.StartInfo.RedirectStandardInput = false;
                [|process.Kill()|];
            }
        }
        """);

    [Fact]
    public Task KillNotAPlainStatementOrReceiver_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading;

        class Tool
        {
            private readonly List<Process> _all = new();

            void Stop(Process process, CancellationToken token)
            {
                process.StartInfo.RedirectStandardInput = true;
                [|process?.Kill()|];
                [|_all[0].Kill()|];
                [|Find().Kill()|];
                token.Register([|process.Kill|]);
            }

            Process Find() => _all[0];
        }
        """);

    [Fact]
    public Task InputRedirectedButNeverWritten_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Diagnostics;

        class Sync
        {
            void Stop(Process process)
            {
                // The tool is given a redirected input only so that it does not inherit ours; it never reads it.
                process.StartInfo.RedirectStandardInput = true;
                [|process.Kill()|];
            }
        }
        """);

    [Fact]
    public Task KillInAsyncFunction_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;

        class Runner
        {
            async Task RunAsync(Process process)
            {
                process.StartInfo.RedirectStandardInput = true;
                await Task.Delay(10);
                [|process.Kill()|];
                Func<Task> later = async () => { await Task.Yield(); [|process.Kill()|]; };
                await later();
            }

            void Send(Process process) => process.StandardInput.WriteLine("go");
        }
        """);

    [Fact]
    public Task SyncLambdaInAsyncMethod_AsksThenKills() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;

        class Runner
        {
            async Task RunAsync(Process process)
            {
                process.StartInfo.RedirectStandardInput = true;
                Action stop = () => [|process.Kill()|];
                await Task.Run(stop);
            }

            void Send(Process process) => process.StandardInput.WriteLine("go");
        }
        """, """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;

        class Runner
        {
            async Task RunAsync(Process process)
            {
                process.StartInfo.RedirectStandardInput = true;
                Action stop = () =>
                {
                    process.StandardInput.Close();
                    if (!process.WaitForExit(5000))
                    {
                        process.Kill();
                    }
                };
                await Task.Run(stop);
            }

            void Send(Process process) => process.StandardInput.WriteLine("go");
        }
        """);

    [Fact]
    public Task RedirectAndWriteInOtherPartialDeclarations_AsksThenKills() => Verify.VerifyCodeFixAsync("""
        using System.Diagnostics;

        partial class Shell
        {
            private readonly Process _process = new Process();

            void Start()
            {
                _process.StartInfo.RedirectStandardInput = true;
                _process.Start();
            }
        }

        partial class Shell
        {
            void Send(string command) => _process.StandardInput.WriteLine(command);

            void Stop()
            {
                [|_process.Kill()|];
            }
        }
        """, """
        using System.Diagnostics;

        partial class Shell
        {
            private readonly Process _process = new Process();

            void Start()
            {
                _process.StartInfo.RedirectStandardInput = true;
                _process.Start();
            }
        }

        partial class Shell
        {
            void Send(string command) => _process.StandardInput.WriteLine(command);

            void Stop()
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill();
                }
            }
        }
        """);
}
