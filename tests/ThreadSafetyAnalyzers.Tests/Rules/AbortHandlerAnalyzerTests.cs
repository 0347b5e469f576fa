using System.Threading.Tasks;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.AbortHandlerAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Rules;

public class AbortHandlerAnalyzerTests
{
    private const string Handlers = """
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                    Work();
                }
                [|catch (ThreadAbortException)|]
                {
                    Console.WriteLine("aborted");
                }

                try
                {
                    Work();
                }
                [|catch (ThreadAbortException e)|] when (e.ExceptionState is null)
                {
                    Console.WriteLine(e.Message);
                }
                catch (Exception e) when ([|e is ThreadAbortException|])
                {
                }
                catch (InvalidOperationException)
                {
                }
            }

            static bool IsFatal(Exception e) => e is OutOfMemoryException || [|e is ThreadAbortException|];

            static string Describe(Exception e) => e switch
            {
                [|ThreadAbortException { ExceptionState: null }|] => "aborted",
                [|ThreadAbortException|] => "aborted",
                _ => "failed",
            };

            static void Inspect(Exception e)
            {
                if ([|e is ThreadAbortException abort|])
                {
                    Console.WriteLine(abort.ExceptionState);
                }

                if (e is InvalidOperationException or [|ThreadAbortException|])
                {
                }
            }

            static void Work() { }
        }
        """;

    [Fact]
    public Task HandlersOnModernRuntime_Report() => Verify.VerifyAnalyzerAsync(TargetFramework.Net80, Handlers);

    [Fact]
    public Task HandlersOnNetFramework_NoDiagnostic() => Verify.VerifyAnalyzerAsync(TargetFramework.NetFramework48, Handlers.Replace("[|", "").Replace("|]", ""));

    [Theory]
    [InlineData("netstandard2.0,net8.0")]
    [InlineData("net8.0,net48")]
    [InlineData("NET462, net10.0")]
    public Task MultiTargetedWithARuntimeThatAborts_NoDiagnostic(string frameworks)
    {
        // The same sources are built for .NET Framework (or .NET Standard, which it runs): the handlers are live there.
        var test = new Verify.Test(TargetFramework.Net80) { TestCode = Handlers.Replace("[|", "").Replace("|]", "") };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ThreadSafetyTargetFrameworks = " + frameworks + "\n"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("net8.0,net10.0")]
    [InlineData("net8.0-windows,net9.0")]
    [InlineData("")]
    public Task MultiTargetedModernOnly_Reports(string frameworks)
    {
        var test = new Verify.Test(TargetFramework.Net80) { TestCode = Handlers };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ThreadSafetyTargetFrameworks = " + frameworks + "\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task Message_SaysTheHandlerCanNeverRun() => Verify.VerifyAnalyzerAsync(TargetFramework.Net80, """
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { }
                {|#0:catch (ThreadAbortException)|} { }
            }
        }
        """, Verify.Diagnostic("TSA1005").WithLocation(0).WithMessage("The runtime this code is compiled for never raises ThreadAbortException, so this handler can never run; remove it"));

    [Fact]
    public Task NestedTryAndLambdas_Report() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            Task Start() => Task.Run(() =>
            {
                try
                {
                    try
                    {
                    }
                    [|catch (ThreadAbortException)|]
                    {
                        throw;
                    }
                    finally
                    {
                    }
                }
                catch (Exception e) when (!([|e is ThreadAbortException|]))
                {
                }
            });

            async Task RunAsync()
            {
                try
                {
                    await Task.Yield();
                }
                [|catch (ThreadAbortException)|]
                {
                }
            }
        }
        """);

    [Fact]
    public Task ResetAbortAndOtherExceptions_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try
                {
                }
                catch (ThreadInterruptedException)
                {
                    Thread.ResetAbort();
                }
                catch (OperationCanceledException e) when (e is not null)
                {
                }
                catch
                {
                }

                _ = typeof(ThreadAbortException);
                _ = nameof(ThreadAbortException);
            }
        }
        """);

    [Fact]
    public Task GeneratedCode_NoDiagnostic() => Verify.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { }
                catch (ThreadAbortException) { }
            }
        }
        """);

    [Fact]
    public Task HalfTypedCatch_NoCrash() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { }
                catch ({|CS0246:ThreadAbortExceptio|}) { }
            }
        }
        """);

    [Fact]
    public Task ConditionalCompilation_OnlyActiveCodeReported() => Verify.VerifyAnalyzerAsync("""
        using System.Threading;

        class Worker
        {
            void Run()
            {
                try { }
        #if NETFRAMEWORK
                catch (ThreadAbortException) { Thread.ResetAbort(); }
        #endif
                finally { }

                try { }
        #if !NETFRAMEWORK
                [|catch (ThreadAbortException)|] { }
        #endif
                finally { }
            }
        }
        """);
}
