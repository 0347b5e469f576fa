using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StartedWorkAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.UncancellableWorkCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class UncancellableWorkCodeFixTests
{
    /// <summary>
    /// The new parameter would reach only the start: the work itself goes on ignoring the token, and another rule of ours
    /// says so (TSA2006 for a sleep in the started lambda, TSA2008 for any other long part), so the diagnostic check turns
    /// the fix down. A start token alone only keeps work from starting, as with TSA2003's fix.
    /// </summary>
    [Theory]
    [InlineData("Task Start(int delay) => {|TSA2005:Task.Run(() => Thread.Sleep(delay))|};")]
    [InlineData("Task Start(int delay) => {|TSA2005:Task.Factory.StartNew(() => Thread.Sleep(delay), TaskCreationOptions.LongRunning)|};")]
    [InlineData("void Start(int[] items) => {|TSA2005:Parallel.ForEach(items, item => Thread.Sleep(item))|};")]
    [InlineData("Task Start(Thread thread) => {|TSA2005:Task.Run(() => thread.Join())|};")]
    [InlineData("Task Start(ManualResetEvent done) => {|TSA2005:Task.Run(() => done.WaitOne())|};")]
    public Task WorkThatWouldIgnoreTheNewToken_NoFix(string start) => Verify.VerifyNoFixAsync($$"""
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            void Caller(CancellationToken stopping) => Start(default!);

            {{start}}
        }
        """);

    [Theory]
    [InlineData("abstract class B { public abstract void Run(); } class W : B { public override void Run() => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("class W { public event System.EventHandler? E; void Hook() => E += Run; void Run(object? s, System.EventArgs e) => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    [InlineData("class FactAttribute : System.Attribute { } class Tests { [Fact] public System.Threading.Tasks.Task Runs() => {|TSA2005:System.Threading.Tasks.Task.Run(() => { while (true) { System.Threading.Thread.Sleep(1000); } })|}; }")]
    [InlineData("class A : System.EventArgs { } class W { System.EventHandler<A>? _h; void Hook() => _h = OnFailed; void OnFailed(object? s, A e) => {|TSA2005:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(1000))|}; }")]
    public Task SignatureCannotChange_NoFix(string source) => Verify.VerifyNoFixAsync(source);

    [Fact]
    public Task WorkerLoopThatWouldIgnoreTheToken_NoFix() => Verify.VerifyNoFixAsync("""
        using System;
        using System.Threading.Tasks;

        class Poller
        {
            // The new token would only keep Poll from starting (a TSA2008); TSA2008's own fix is the one that reaches the loop.
            public Task Start() => {|TSA2005:Task.Run(Poll)|};

            private void Poll()
            {
                while (true)
                {
                    System.Threading.Thread.Sleep(1000);
                    Console.WriteLine("tick");
                }
            }
        }
        """);
}
