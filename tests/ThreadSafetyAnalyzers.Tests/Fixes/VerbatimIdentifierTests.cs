using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.CodeFixes;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// A token named with a keyword (<c>@event</c>, <c>@checked</c>): every fix that writes it keeps the <c>@</c>, and the
/// messages and titles name it as the code does.
/// </summary>
public class VerbatimIdentifierTests
{
    [Fact]
    public Task LoopCheck_KeepsTheAt() => CSharpCodeFixVerifier<LoopCancellationAnalyzer, LoopCheckCodeFixProvider>.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            void Run(CancellationToken @event, bool more)
            {
                {|TSA2001:while (more)|}
                {
                    Thread.Sleep(1);
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            void Run(CancellationToken @event, bool more)
            {
                while (more)
                {
                    @event.ThrowIfCancellationRequested();
                    Thread.Sleep(1);
                }
            }
        }
        """, "TSA2001.Alternative.0");

    [Fact]
    public async Task Messages_NameTheTokenAsTheCodeDoes()
    {
        await CSharpAnalyzerVerifier<SleepAnalyzer>.VerifyAnalyzerAsync("""
            using System.Threading;

            class C
            {
                void Run(CancellationToken @checked)
                {
                    {|#0:Thread.Sleep(1000)|};
                }
            }
            """, CSharpAnalyzerVerifier<SleepAnalyzer>.Diagnostic("TSA2006").WithLocation(0).WithArguments("@checked"));
    }

    [Fact]
    public Task Sleep_KeepsTheAt() => new CSharpCodeFixVerifier<SleepAnalyzer, CancellableWaitCodeFixProvider>.Test
    {
        TestCode = """
            using System.Threading;

            class C
            {
                void Run(CancellationToken @checked)
                {
                    while (!@checked.IsCancellationRequested)
                    {
                        [|Thread.Sleep(1000)|];
                    }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class C
            {
                void Run(CancellationToken @checked)
                {
                    while (!@checked.IsCancellationRequested)
                    {
                        @checked.WaitHandle.WaitOne(1000);
                    }
                }
            }
            """,
        CodeActionVerifier = (action, verifier) => verifier.Equal("Wait on '@checked' instead of sleeping", action.Title),
    }.RunAsync();

    [Fact]
    public Task Wait_KeepsTheAt() => CSharpCodeFixVerifier<UncancellableWaitAnalyzer, WaitOnTokenCodeFixProvider>.VerifyCodeFixAsync("""
        using System.Threading;

        class C
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken @event)
            {
                while (true)
                {
                    [|_work.WaitOne()|];
                }
            }
        }
        """, """
        using System.Threading;

        class C
        {
            private readonly AutoResetEvent _work = new AutoResetEvent(false);

            void Run(CancellationToken @event)
            {
                while (true)
                {
                    if (WaitHandle.WaitAny(new[] { _work, @event.WaitHandle }) == 1)
                    {
                        break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task PassToken_KeepsTheAt() => CSharpCodeFixVerifier<StartedWorkAnalyzer, PassTokenCodeFixProvider>.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            Task Run(CancellationToken @event) => {|TSA2003:Parallel.ForEachAsync(new[] { 1 }, (item, _) => Work())|};

            ValueTask Work() => default;
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            Task Run(CancellationToken @event) => Parallel.ForEachAsync(new[] { 1 }, @event, (item, _) => Work());

            ValueTask Work() => default;
        }
        """);
}
