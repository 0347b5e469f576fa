using System.Threading.Tasks;
using Xunit;
using LoopFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.LoopCancellationAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UnstoppableLoopCodeFixProvider>;
using PassFix = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.PassTokenCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// A token appended to a call whose closing parenthesis stands on its own line goes on a line of its own, after a
/// comma that ends the previous argument's line, as a person would write it; the parenthesis keeps its line.
/// </summary>
public class ArgumentLayoutTests
{
    [Fact]
    public Task PassToken_ClosingParenthesisOnItsOwnLine_TokenFollowsTheLastArgument() => PassFix.VerifyCodeFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            Task M(CancellationToken token) => {|TSA2003:Task.Factory.StartNew(
                () => Poll(),
                TaskCreationOptions.None
            )|};

            Task N(CancellationToken token) => {|TSA2003:Task.Run(
                () => Poll2() // the work
            )|};

            Task O(CancellationToken token) => {|TSA2003:Task.Run(() => Poll3()
            )|};

            static void Poll()
            {
                while (true)
                {
                    System.Console.WriteLine("tick");
                }
            }

            static void Poll2()
            {
                while (true)
                {
                    System.Console.WriteLine("tick");
                }
            }

            static void Poll3()
            {
                while (true)
                {
                    System.Console.WriteLine("tick");
                }
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            Task M(CancellationToken token) => Task.Factory.StartNew(
                () => Poll(token),
                token,
                TaskCreationOptions.None,
                TaskScheduler.Current
            );

            Task N(CancellationToken token) => Task.Run(
                () => Poll2(token), // the work
                token
            );

            Task O(CancellationToken token) => Task.Run(() => Poll3(token), token
            );

            static void Poll(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    System.Console.WriteLine("tick");
                }
            }

            static void Poll2(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    System.Console.WriteLine("tick");
                }
            }

            static void Poll3(CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    System.Console.WriteLine("tick");
                }
            }
        }
        """);

    [Fact]
    public Task AddParameter_CallerWithParenthesisOnItsOwnLine_PassesTheTokenOnANewLine() => LoopFix.VerifyCodeFixAsync("""
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(
                1,
                2
            );

            void Run(int a, int b)
            {
                {|TSA2002:while (true)|} { Thread.Sleep(a + b); }
            }
        }
        """, """
        using System.Threading;

        class Worker
        {
            void Start(CancellationToken stopping) => Run(
                1,
                2,
                stopping
            );

            void Run(int a, int b, CancellationToken cancellationToken = default)
            {
                while (!cancellationToken.IsCancellationRequested) { Thread.Sleep(a + b); }
            }
        }
        """);
}
