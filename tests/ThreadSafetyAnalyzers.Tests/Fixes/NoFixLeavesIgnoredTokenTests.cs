using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// A token handed to work that ignores it only stops the work from starting (TSA2008). Every fix of ours that passes
/// or adds a token is applied, one action at a time, to code that tempts it to do exactly that, and the result must
/// not have more TSA2008 diagnostics than the code it fixed.
/// </summary>
public class NoFixLeavesIgnoredTokenTests
{
    public static TheoryData<string, string> Shapes => new()
    {
        {
            "TSA2003 on a method group whose loop ignores every token",
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Poller
            {
                public Task Start(CancellationToken token) => Task.Run(Poll);

                private void Poll()
                {
                    while (true) { Console.WriteLine("tick"); }
                }
            }
            """
        },
        {
            "TSA2003 on a lambda calling a worker, and on StartNew",
            """
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            class Consumer
            {
                private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();

                public void Start(CancellationToken token)
                {
                    Task.Run(() => Consume());
                    Task.Factory.StartNew(Consume, TaskCreationOptions.LongRunning);
                }

                private void Consume()
                {
                    for (;;) { _queue.Take(); }
                }
            }
            """
        },
        {
            "TSA2001/TSA2002 on a worker that a start with a token calls",
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Pump
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Start(CancellationToken token)
                {
                    Task.Run(() => Run(), _cts.Token);
                    while (true) { Console.WriteLine(token); }
                }

                public void Stop() => _cts.Cancel();

                private void Run()
                {
                    while (true) { Console.WriteLine("pump"); }
                }
            }
            """
        },
    };

    [Theory, MemberData(nameof(Shapes))]
    public async Task NoActionAddsAStartedWorkIgnoringItsToken(string shape, string source)
    {
        var document = await TestTargets.DocumentAsync(source, "Shape.cs");
        var before = await IgnoredTokenCountAsync(document.Project);
        var applied = 0;
        foreach (var diagnostic in await OurDiagnosticsAsync(document.Project))
        {
            foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await ActionsAsync(provider, document, diagnostic))
                {
                    var solution = await ChangedSolutionAsync(action);
                    var after = await IgnoredTokenCountAsync(solution.GetProject(document.Project.Id)!);
                    Assert.True(after <= before, $"{shape}: '{action.Title}' for {diagnostic.Id} leaves {after} TSA2008 (before: {before})");
                    applied++;
                }
            }
        }

        // The shapes are chosen so that some fix of ours applies: a run that applied nothing proved nothing.
        Assert.True(applied > 0, shape + ": no fix was offered");
    }

    private static readonly ImmutableArray<CodeFixProvider> Providers = Assembly.Load("ThreadSafetyAnalyzers.CodeFixes").GetTypes()
        .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
    {
        var compilation = await project.GetCompilationAsync();
        return await compilation!.WithAnalyzers(AnalyzerHarness.Analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    private static async Task<IReadOnlyList<Diagnostic>> OurDiagnosticsAsync(Project project)
        => (await DiagnosticsAsync(project)).Where(d => d.Id.StartsWith("TSA", StringComparison.Ordinal)).ToList();

    private static async Task<int> IgnoredTokenCountAsync(Project project)
        => (await DiagnosticsAsync(project)).Count(d => d.Id == DiagnosticIds.StartedWorkIgnoresToken);

    private static async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        // Our fixes register flat actions, one per choice (no nested menus).
        return actions;
    }

    private static async Task<Solution> ChangedSolutionAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }
}
