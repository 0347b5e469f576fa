using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// Our fixes settle, the way <c>dotnet format analyzers</c> applies them: for each fixable rule in turn, Fix All over
/// the solution with the first action's equivalence key. Over samples/ (every rule's shapes), passes over every rule
/// reach a fixed point after at most two passes that change anything, and for every two rules reported in one sample,
/// applying one then the other, in either order, leaves nothing either of them still fixes. The fixed samples compile.
/// </summary>
public class ConvergenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly IReadOnlyList<CodeFixProvider> Fixers = ExportedRules.Fixers();

    private static readonly ImmutableArray<string> FixableIds = Fixers.SelectMany(f => f.FixableDiagnosticIds).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();

    [Fact]
    public async Task EveryRule_OverTheSamples_ReachesAFixedPointWithinTwoPasses()
    {
        var solution = await SamplesAsync(Directory.EnumerateFiles(RepositoryFiles.PathOf("samples"), "*.cs"));
        var errorsBefore = await ErrorsAsync(solution);
        var fixableBefore = (await DiagnosticsAsync(solution)).Count(d => FixableIds.Contains(d.Id));
        var changingPasses = 0;
        for (var pass = 0; pass < 4; pass++)
        {
            var changed = false;
            foreach (var id in FixableIds)
            {
                var next = await FixAllAsync(solution, id);
                changed |= next != solution;
                solution = next;
            }

            if (!changed)
            {
                break;
            }

            changingPasses++;
        }

        Assert.True(changingPasses <= 2, $"still changing after {changingPasses} passes");
        var fixableAfter = (await DiagnosticsAsync(solution)).Count(d => FixableIds.Contains(d.Id));
        output.WriteLine($"{fixableBefore} fixable diagnostics before, {fixableAfter} after {changingPasses} passes that changed the samples");
        Assert.True(changingPasses > 0 && fixableAfter < fixableBefore / 2, $"{fixableBefore} fixable diagnostics before, {fixableAfter} after {changingPasses} passes");
        Assert.Equal(errorsBefore, await ErrorsAsync(solution));
    }

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepositoryFiles.PathOf("samples"), "TSA*.cs").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory, MemberData(nameof(SampleFiles))]
    public async Task EveryPairOfRulesInASample_ConvergesInEitherOrder(string sample)
    {
        var samples = RepositoryFiles.PathOf("samples");
        var original = await SamplesAsync(new[] { Path.Combine(samples, sample), Path.Combine(samples, "Program.cs") });
        var reported = (await DiagnosticsAsync(original)).Select(d => d.Id).Where(FixableIds.Contains).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        var unsettled = new List<string>();
        for (var i = 0; i < reported.Count; i++)
        {
            for (var j = 0; j < reported.Count; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var solution = original;
                var rounds = 0;
                for (; rounds < 4; rounds++)
                {
                    var next = await FixAllAsync(await FixAllAsync(solution, reported[i]), reported[j]);
                    if (next == solution)
                    {
                        break;
                    }

                    solution = next;
                }

                if (rounds > 2)
                {
                    unsettled.Add(reported[i] + " then " + reported[j] + ": still changing after " + rounds + " rounds");
                }
            }
        }

        Assert.True(unsettled.Count == 0, string.Join("\n", unsettled));
    }

    private static async Task<Solution> SamplesAsync(IEnumerable<string> paths)
    {
        var references = await TestTargets.ReferencesFor(TargetFramework.Net80).ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documents = paths.Select(path => DocumentInfo.Create(
            DocumentId.CreateNewId(projectId),
            Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(File.ReadAllText(path)), VersionStamp.Create(), path)),
            filePath: path));
        var project = ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "Samples",
            "Samples",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(TestTargets.Language),
            documents: documents,
            metadataReferences: references);
        return workspace.AddProject(project).Solution;
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Solution solution)
    {
        var compilation = await solution.Projects.Single().GetCompilationAsync();
        return await compilation!.WithAnalyzers(AnalyzerHarness.Analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    private static async Task<List<string>> ErrorsAsync(Solution solution)
    {
        var compilation = await solution.Projects.Single().GetCompilationAsync();
        return compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id + " " + d.GetMessage()).OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>What <c>dotnet format analyzers --diagnostics ID</c> does: the first action of the first diagnostic it fixes, applied to the solution by Fix All.</summary>
    private static async Task<Solution> FixAllAsync(Solution solution, string id)
    {
        var diagnostics = (await DiagnosticsAsync(solution)).Where(d => d.Id == id && d.Location.IsInSource).ToImmutableArray();
        foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
        {
            foreach (var diagnostic in diagnostics)
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                var first = actions.FirstOrDefault();
                if (first?.EquivalenceKey is null || fixer.GetFixAllProvider() is not { } fixAll)
                {
                    continue;
                }

                var context = new FixAllContext(document, fixer, FixAllScope.Solution, first.EquivalenceKey, new[] { id }, new Provider(diagnostics), CancellationToken.None);
                var action = await fixAll.GetFixAsync(context);
                if (action is null)
                {
                    return solution;
                }

                var operations = await action.GetOperationsAsync(CancellationToken.None);
                var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                return changed is null || !await ChangesTextAsync(solution, changed) ? solution : changed;
            }
        }

        return solution;
    }

    private static async Task<bool> ChangesTextAsync(Solution before, Solution after)
    {
        foreach (var id in after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            var oldText = await before.GetDocument(id)!.GetTextAsync();
            var newText = await after.GetDocument(id)!.GetTextAsync();
            if (!oldText.ContentEquals(newText))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
