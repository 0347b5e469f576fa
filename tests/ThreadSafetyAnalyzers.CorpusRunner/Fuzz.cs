using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>One damaged copy of a file, as the IDE sees it while someone types or deletes.</summary>
internal sealed record FuzzVariant(string File, string Kind, int Number, string Edit, SourceText Text, int EditPosition);

internal sealed record FuzzCrash(FuzzVariant Variant, ImmutableArray<AnalyzerFailure> Failures, string? SavedTo);

internal sealed record FuzzReport(int Files, int Variants, ImmutableArray<FuzzCrash> Crashes);

/// <summary>
/// For each file: variants cut off at a random token and variants missing a random token, each analyzed alone
/// (syntax and semantic diagnostics of that tree) in the compilation of all the other files.
/// </summary>
internal static class Fuzz
{
    public static async Task<FuzzReport> RunAsync(
        Corpus corpus,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        Options options,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var compilation = corpus.CreateCompilation();
        var files = PickFiles(corpus.SourceTrees, options.FuzzFiles, random);
        var variants = 0;
        var crashes = ImmutableArray.CreateBuilder<FuzzCrash>();
        foreach (var tree in files)
        {
            var tokens = (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false))
                .DescendantTokens()
                .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
                .ToList();
            if (tokens.Count == 0)
            {
                continue;
            }

            foreach (var variant in MakeVariants(corpus.RelativePath(tree), tree.GetText(cancellationToken), tokens, options.Variants, random))
            {
                variants++;
                var failures = await AnalyzeAsync(compilation, tree, variant.Text, analyzers, corpus.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
                if (failures.Length > 0)
                {
                    crashes.Add(new(variant, failures, Save(options.CrashDirectory, variant, failures)));
                }
            }

            // One line rewritten in place on a terminal; a line per file in a log.
            var status = $"fuzz: {variants} variants, {crashes.Count} crashing";
            if (Console.IsErrorRedirected)
            {
                progress.WriteLine(status);
            }
            else
            {
                progress.Write("\r" + status);
            }
        }

        progress.WriteLine();
        return new(files.Count, variants, crashes.ToImmutable());
    }

    private static List<SyntaxTree> PickFiles(ImmutableArray<SyntaxTree> trees, int? count, Random random) =>
        count is { } n && n < trees.Length
            ? trees.OrderBy(_ => random.Next()).Take(n).OrderBy(t => t.FilePath, StringComparer.Ordinal).ToList()
            : [.. trees];

    private static IEnumerable<FuzzVariant> MakeVariants(string file, SourceText text, List<SyntaxToken> tokens, int perKind, Random random)
    {
        for (var number = 1; number <= perKind; number++)
        {
            var cutAt = tokens[random.Next(tokens.Count)];
            yield return new(
                file,
                "cut",
                number,
                $"cut before '{cutAt.Text}' at {Position(text, cutAt.SpanStart)}",
                text.WithChanges(new TextChange(TextSpan.FromBounds(cutAt.SpanStart, text.Length), "")),
                cutAt.SpanStart);

            var deleted = tokens[random.Next(tokens.Count)];
            yield return new(
                file,
                "delete",
                number,
                $"deleted '{deleted.Text}' at {Position(text, deleted.SpanStart)}",
                text.WithChanges(new TextChange(deleted.Span, "")),
                deleted.SpanStart);
        }
    }

    /// <summary>The variant replaces the original tree (incrementally reparsed, as in the IDE) and is analyzed alone.</summary>
    private static async Task<ImmutableArray<AnalyzerFailure>> AnalyzeAsync(
        Compilation compilation,
        SyntaxTree original,
        SourceText variantText,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerOptions options,
        CancellationToken cancellationToken)
    {
        var variantTree = original.WithChangedText(variantText);
        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var withAnalyzers = compilation.ReplaceSyntaxTree(original, variantTree)
            .WithAnalyzers(analyzers, Analysis.CreateOptions(options, failures, logExecutionTime: false));
        var diagnostics = new List<Diagnostic>();
        try
        {
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(variantTree, cancellationToken).ConfigureAwait(false));
            var model = withAnalyzers.Compilation.GetSemanticModel(variantTree);
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Enqueue(new("analyzer driver", e, null));
        }

        return Analysis.WithReportedExceptions(failures, diagnostics);
    }

    private static string Position(SourceText text, int position)
    {
        var line = text.Lines.GetLinePosition(position);
        return $"{line.Line + 1}:{line.Character + 1}";
    }

    private static string? Save(string? directory, FuzzVariant variant, ImmutableArray<AnalyzerFailure> failures)
    {
        if (directory is null)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{variant.File.Replace('/', '_')}.{variant.Kind}{variant.Number}.cs");
        File.WriteAllText(path, variant.Text.ToString());
        File.WriteAllText(
            Path.ChangeExtension(path, ".txt"),
            $"{variant.File}: {variant.Edit}{Environment.NewLine}{string.Join(Environment.NewLine, failures.Select(f => f.Describe()))}{Environment.NewLine}");
        return path;
    }

    /// <summary>The whole variant when short, otherwise the lines around the edit.</summary>
    public static string Excerpt(FuzzVariant variant)
    {
        const int WholeTextLimit = 2000;
        var text = variant.Text;
        if (text.Length <= WholeTextLimit)
        {
            return text.ToString();
        }

        var line = text.Lines.GetLineFromPosition(Math.Min(variant.EditPosition, text.Length)).LineNumber;
        var excerpt = new StringBuilder();
        for (var i = Math.Max(0, line - 5); i <= Math.Min(text.Lines.Count - 1, line + 5); i++)
        {
            excerpt.Append(i + 1).Append(": ").AppendLine(text.Lines[i].ToString());
        }

        return excerpt.ToString();
    }
}
