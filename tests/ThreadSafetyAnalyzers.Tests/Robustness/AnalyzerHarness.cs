using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreadSafetyAnalyzers.Tests.Robustness;

/// <summary>Runs every analyzer the package exports over a compilation and collects what they report and what they throw.</summary>
public sealed class AnalyzerHarness
{
    private static readonly Lazy<Task<AnalyzerHarness>> Shared = new(CreateAsync);

    private readonly CSharpCompilation _empty;

    private AnalyzerHarness(CSharpCompilation empty) => _empty = empty;

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static Task<AnalyzerHarness> GetAsync() => Shared.Value;

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(
        text, new CSharpParseOptions(LanguageVersion.Latest), path);

    /// <summary>Our diagnostics, and every exception an analyzer threw (reported as AD0001 or through the callback).</summary>
    public async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Failures)> AnalyzeAsync(params SyntaxTree[] trees)
    {
        var failures = new ConcurrentBag<string>();
        var compilation = _empty.AddSyntaxTrees(trees);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Add(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(diagnostic.ToString());
        }

        return (diagnostics.Where(d => d.Id.StartsWith("TSA", StringComparison.Ordinal)).ToImmutableArray(), failures.ToImmutableArray());
    }

    private static async Task<AnalyzerHarness> CreateAsync()
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false);
        var empty = CSharpCompilation.Create(
            "Robustness",
            references: references,
            options: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return new AnalyzerHarness(empty);
    }
}
