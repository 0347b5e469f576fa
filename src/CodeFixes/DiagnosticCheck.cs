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
                var old = new Dictionary<string, int>();
                var changed = new Dictionary<string, int>();
                foreach (var (oldSpan, newSpan) in spans?.Select(pair => ((TextSpan?)pair.Old, (TextSpan?)pair.New)) ?? new[] { ((TextSpan?)null, (TextSpan?)null) })
                {
                    await CountByIdAsync(oldDocument, oldSpan, old, cancellationToken).ConfigureAwait(false);
                    await CountByIdAsync(newDocument, newSpan, changed, cancellationToken).ConfigureAwait(false);
                }

                if (changed.Any(pair => pair.Value > (old.TryGetValue(pair.Key, out var count) ? count : 0)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task CountByIdAsync(Document document, TextSpan? span, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var options = new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await model!.Compilation.WithAnalyzers(Analyzers, options)
            .GetAnalyzerSemanticDiagnosticsAsync(model, span, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            counts[diagnostic.Id] = (counts.TryGetValue(diagnostic.Id, out var count) ? count : 0) + 1;
        }
    }
}
