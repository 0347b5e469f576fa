using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The companion of <see cref="CompileCheck"/> for fixes that bring a token into scope: a fix that makes any of our
/// rules report more often, in the documents it changed, than before (a loop of the owner that now has a token at
/// hand and ignores it, a start that now gets a token its work ignores) is not offered.
/// </summary>
internal static class DiagnosticCheck
{
    /// <summary>Every analyzer the package exports (not the suppressor, which reports nothing of ours), found in the analyzer assembly so that a new rule is checked too.</summary>
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(type => !type.IsAbstract
            && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
            && !typeof(DiagnosticSuppressor).IsAssignableFrom(type)
            && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
        .OrderBy(type => type.Name, System.StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)System.Activator.CreateInstance(type)!)
        .ToImmutableArray();

    public static async Task<bool> IntroducesDiagnosticsAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                // Only the changed members where the change stays inside member bodies (as the compile check binds them):
                // the light bulb must open fast in a long file.
                var oldDocument = before.GetDocument(documentId)!;
                var newDocument = after.GetDocument(documentId)!;
                var spans = await CompileCheck.SpansToCheckAsync(oldDocument, newDocument, new List<int>(), signaturesChanged: false, cancellationToken).ConfigureAwait(false);
                var pairs = spans?.Select(pair => ((TextSpan?)pair.Old, (TextSpan?)pair.New)).ToList() ?? new List<(TextSpan?, TextSpan?)> { (null, null) };

                // The changed side first, every analyzer at once (the analyzers that read a whole type share its binding):
                // where none of our rules reports there, nothing can report more and the original is not analyzed. Then
                // the original, one analyzer at a time and only those that reported, until one reports more.
                var changed = await DiagnosticsAsync(newDocument, pairs.Select(pair => pair.Item2), Analyzers, cancellationToken).ConfigureAwait(false);
                if (changed.Count == 0)
                {
                    continue;
                }

                foreach (var analyzer in Analyzers.Where(analyzer => changed.Any(diagnostic => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == diagnostic.Id))))
                {
                    var ids = analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).ToList();
                    var old = await DiagnosticsAsync(oldDocument, pairs.Select(pair => pair.Item1), ImmutableArray.Create(analyzer), cancellationToken).ConfigureAwait(false);
                    if (ids.Any(id => changed.Count(d => d.Id == id) > old.Count(d => d.Id == id)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>What <paramref name="analyzers"/> report in the spans of the document (null: the whole document).</summary>
    private static async Task<List<Diagnostic>> DiagnosticsAsync(Document document, IEnumerable<TextSpan?> spans, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var options = new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var analysis = model!.Compilation.WithAnalyzers(analyzers, options);
        var diagnostics = new List<Diagnostic>();
        foreach (var span in spans)
        {
            diagnostics.AddRange(await analysis.GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken).ConfigureAwait(false));
        }

        return diagnostics;
    }
}
