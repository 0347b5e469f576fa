using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>An applied fix; <see cref="NewErrors"/> are compiler errors its result has and the original had not.</summary>
internal sealed record AppliedFix(Diagnostic Diagnostic, string Fixer, string Title, ImmutableArray<Diagnostic> NewErrors, string Diff);

internal sealed record FixAllReport(
    int FixableDiagnostics,
    ImmutableArray<AppliedFix> Applied,
    int WithoutAction,
    ImmutableArray<(Diagnostic Diagnostic, string Fixer, Exception Exception)> Threw);

/// <summary>
/// Applies the first code action of every fixer for every fixable diagnostic, one at a time and each to the original
/// solution, and recompiles to catch fixes that do not compile. Fixers are constructed directly (no MEF).
/// </summary>
internal static class FixAll
{
    public static async Task<FixAllReport> RunAsync(
        Corpus corpus,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> fixers,
        CancellationToken cancellationToken)
    {
        using var workspace = new AdhocWorkspace();
        var solution = workspace.AddSolution(CreateSolution(corpus));
        var errorsBefore = CountErrors(await ErrorsAsync(solution, cancellationToken).ConfigureAwait(false));

        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var found = new List<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            found.AddRange((await compilation
                .WithAnalyzers(analyzers, Analysis.CreateOptions(corpus.AnalyzerOptions, failures, logExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
                .Where(d => d.Id != Analysis.AnalyzerExceptionId && d.Location.IsInSource));
        }

        var diagnostics = Analysis.Sort(found);

        int fixable = 0, withoutAction = 0;
        var applied = ImmutableArray.CreateBuilder<AppliedFix>();
        var threw = ImmutableArray.CreateBuilder<(Diagnostic, string, Exception)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                fixable++;
                var fixerName = fixer.GetType().Name;
                Solution? changed;
                CodeAction? action;
                try
                {
                    action = await FirstActionAsync(fixer, document!, diagnostic, cancellationToken).ConfigureAwait(false);
                    changed = action is null ? null : await ChangedSolutionAsync(action, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    threw.Add((diagnostic, fixerName, e));
                    continue;
                }

                if (action is null || changed is null)
                {
                    withoutAction++;
                    continue;
                }

                // Compile the fixed text as a user's build would see it: re-parsed, not the fix's own trees (a
                // token that lost its '@' still prints as the keyword; only the re-parse shows the error).
                changed = await ReparsedAsync(solution, changed, cancellationToken).ConfigureAwait(false);
                var newErrors = NewErrors(errorsBefore, await ErrorsAsync(changed, cancellationToken).ConfigureAwait(false));
                var diff = await DiffAsync(corpus, solution, changed, cancellationToken).ConfigureAwait(false);
                applied.Add(new(diagnostic, fixerName, action.Title, newErrors, diff));
            }
        }

        return new(fixable, applied.ToImmutable(), withoutAction, threw.ToImmutable());
    }

    /// <summary>
    /// The folder as the fixes would see it in a user's solution: the library code in one project, and the files of
    /// executables (samples, test apps, tools: a project file with <c>OutputType</c> <c>Exe</c>) in a second one that
    /// references it, compiled as a console application. A fix that judges whether callers outside the assembly can
    /// exist reads the project's output kind.
    /// </summary>
    private static SolutionInfo CreateSolution(Corpus corpus)
    {
        var library = ProjectId.CreateNewId();
        var executables = ProjectId.CreateNewId();
        var inExecutable = corpus.SourceTrees.Where(corpus.IsInExecutable).ToList();
        var projects = new List<ProjectInfo>
        {
            CreateProject(corpus, library, "Corpus", corpus.CompilationOptions, corpus.AllTrees.Except(inExecutable), []),
        };
        if (inExecutable.Count > 0)
        {
            projects.Add(CreateProject(
                corpus,
                executables,
                "CorpusExecutables",
                corpus.CompilationOptions.WithOutputKind(OutputKind.ConsoleApplication),
                inExecutable.Concat(corpus.ExtraTrees),
                [new ProjectReference(library)]));
        }

        return SolutionInfo.Create(SolutionId.CreateNewId(), VersionStamp.Create(), projects: projects);
    }

    private static ProjectInfo CreateProject(
        Corpus corpus,
        ProjectId projectId,
        string name,
        Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions options,
        IEnumerable<SyntaxTree> trees,
        IEnumerable<ProjectReference> projectReferences)
    {
        var documents = trees.Select(tree => DocumentInfo.Create(
            DocumentId.CreateNewId(projectId),
            name: System.IO.Path.GetFileName(tree.FilePath),
            loader: TextLoader.From(TextAndVersion.Create(tree.GetText(), VersionStamp.Create(), tree.FilePath)),
            filePath: tree.FilePath));
        return ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            name: name,
            assemblyName: name,
            LanguageNames.CSharp,
            compilationOptions: options,
            parseOptions: corpus.ParseOptions,
            documents: documents,
            projectReferences: projectReferences,
            metadataReferences: corpus.References)
            .WithAnalyzerConfigDocuments(EditorConfigs(corpus.Root)
                .Select(path => (Path: path, Text: System.IO.File.ReadAllText(path)))
                .Concat(corpus.GlobalConfig is { } global ? [(System.IO.Path.Combine(corpus.Root, "CorpusRunner.globalconfig"), global)] : [])
                .Select(config => DocumentInfo.Create(
                    DocumentId.CreateNewId(projectId),
                    name: config.Path,
                    loader: TextLoader.From(TextAndVersion.Create(SourceText.From(config.Text), VersionStamp.Create(), config.Path)),
                    filePath: config.Path)));
    }

    /// <summary>The compiler's diagnostics of every project of the solution.</summary>
    private static async Task<List<Diagnostic>> ErrorsAsync(Solution solution, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            diagnostics.AddRange(compilation.GetDiagnostics(cancellationToken));
        }

        return diagnostics;
    }

    /// <summary>
    /// The <c>.editorconfig</c> files that apply to the folder: those in it and below, and those above it up to one
    /// marked <c>root = true</c>. Fixes format by them as the IDE and <c>dotnet format</c> would (tabs in a
    /// tab-indented repository), so the review judges the layout a user would get.
    /// </summary>
    private static IEnumerable<string> EditorConfigs(string root)
    {
        var found = System.IO.Directory.EnumerateFiles(root, ".editorconfig", System.IO.SearchOption.AllDirectories).ToList();
        for (var directory = System.IO.Directory.GetParent(root); directory is not null; directory = directory.Parent)
        {
            var path = System.IO.Path.Combine(directory.FullName, ".editorconfig");
            if (!System.IO.File.Exists(path))
            {
                continue;
            }

            found.Add(path);
            if (System.IO.File.ReadLines(path).Any(line => line.Replace(" ", "").Equals("root=true", StringComparison.OrdinalIgnoreCase)))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>The first action the fixer registers; a group of nested actions counts as its first member.</summary>
    private static async Task<CodeAction?> FirstActionAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        var first = actions.FirstOrDefault();
        while (first is { NestedActions.Length: > 0 })
        {
            first = first.NestedActions[0];
        }

        return first;
    }

    private static async Task<Solution> ReparsedAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var id in after.GetChanges(before).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList())
        {
            var text = await after.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            after = after.WithDocumentText(id, SourceText.From(text.ToString(), text.Encoding), PreservationMode.PreserveIdentity);
        }

        return after;
    }

    private static async Task<Solution?> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }

    /// <summary>Errors keyed without their position, which a fix may shift.</summary>
    private static Dictionary<string, int> CountErrors(IEnumerable<Diagnostic> diagnostics)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var key = ErrorKey(error);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static ImmutableArray<Diagnostic> NewErrors(Dictionary<string, int> before, IEnumerable<Diagnostic> after)
    {
        var remaining = new Dictionary<string, int>(before, StringComparer.Ordinal);
        var added = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var error in after.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var key = ErrorKey(error);
            if (remaining.GetValueOrDefault(key) > 0)
            {
                remaining[key]--;
            }
            else
            {
                added.Add(error);
            }
        }

        return added.ToImmutable();
    }

    private static string ErrorKey(Diagnostic error) =>
        $"{error.Id}|{error.Location.SourceTree?.FilePath}|{error.GetMessage(CultureInfo.InvariantCulture)}";

    private static async Task<string> DiffAsync(Corpus corpus, Solution before, Solution after, CancellationToken cancellationToken)
    {
        var diffs = new List<string>();
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var oldDocument = before.GetDocument(id)!;
                var newDocument = after.GetDocument(id)!;
                var oldText = await oldDocument.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var newText = await newDocument.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var changes = await newDocument.GetTextChangesAsync(oldDocument, cancellationToken).ConfigureAwait(false);
                diffs.Add(LineDiff.Unified(corpus.RelativePath(newDocument.FilePath), oldText, newText, changes));
            }
        }

        return string.Join(Environment.NewLine, diffs);
    }
}
