using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// TSA2009's fix changes what a loop does after cancellation, so its result is run, not only compared: the shapes of
/// <see cref="SwallowedCancellationCodeFixTests.Spinning"/> are compiled, started, cancelled, and must end within a
/// bound after the fix; before it, the same loops are still going round.
/// </summary>
public class SwallowedCancellationFixedCodeRunsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("PollAsync")]
    [InlineData("Consume")]
    [InlineData("Drain")]
    public async Task FixedLoop_EndsOnceCancelled(string shape)
    {
        var shapes = Compile(SwallowedCancellationCodeFixTests.Fixed);
        var (work, cts) = Start(shapes, shape);
        await Task.Delay(50);
        cts.Cancel();

        var finished = await Task.WhenAny(work, Task.Delay(Bound));
        Assert.True(finished == work, $"'{shape}' still runs {Bound.TotalSeconds} s after cancellation");
        if (work.IsFaulted)
        {
            // throw; hands the cancellation to the caller, as an async method is expected to.
            Assert.IsAssignableFrom<OperationCanceledException>(work.Exception!.InnerException);
        }
    }

    [Theory]
    [InlineData("PollAsync")]
    [InlineData("Drain")]
    public async Task UnfixedLoop_SpinsOnceCancelled(string shape)
    {
        var shapes = Compile(Regex.Replace(SwallowedCancellationCodeFixTests.Spinning, @"\{\|TSA\d{4}:(.*?)\|\}", "$1"));
        var iterations = shapes.GetField("Iterations")!;
        var (work, cts) = Start(shapes, shape);
        await Task.Delay(50);
        cts.Cancel();

        // The loop does not end: it keeps going round, a thousand times long before its 10 ms waits would allow it to.
        var cancelledAt = (int)iterations.GetValue(null)!;
        var stopwatch = Stopwatch.StartNew();
        while ((int)iterations.GetValue(null)! < cancelledAt + 1000 && stopwatch.Elapsed < Bound && !work.IsCompleted)
        {
            await Task.Delay(20);
        }

        var rounds = (int)iterations.GetValue(null)! - cancelledAt;
        var spinning = !work.IsCompleted;
        shapes.GetField("Over")!.SetValue(null, true);
        Assert.True(await Task.WhenAny(work, Task.Delay(Bound)) == work, "the test's own way out did not end the loop");
        Assert.True(spinning && rounds >= 1000 && stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the unfixed loop was expected to spin; it went round {rounds} times in {stopwatch.ElapsedMilliseconds} ms");
    }

    /// <summary>Runs the shape on a thread of its own, as a worker would, and returns the task that ends when it does.</summary>
    private static (Task Work, CancellationTokenSource Cts) Start(Type shapes, string shape)
    {
        var cts = new CancellationTokenSource();
        var method = shapes.GetMethod(shape)!;
        var arguments = method.GetParameters().Length == 1
            ? new object[] { cts.Token }
            : new object[] { new SemaphoreSlim(0), cts.Token };
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (method.Invoke(null, arguments) is Task task)
                {
                    task.GetAwaiter().GetResult();
                }

                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e is TargetInvocationException { InnerException: { } inner } ? inner : e);
            }
        })
        { IsBackground = true };
        thread.Start();
        return (done.Task, cts);
    }

    private static Type Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Console.dll" or "System.Threading.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Shapes" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new AssemblyLoadContext("TSA2009 shapes", isCollectible: true);
        return context.LoadFromStream(image).GetType("Shapes")!;
    }
}
