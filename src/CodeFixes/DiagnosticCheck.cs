using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The companion of <see cref="CompileCheck"/> for fixes that bring a token into scope: a fix that makes one of our
/// rules report more often, in the documents it changed, than before (a loop of the owner that now has a token at
/// hand and ignores it, a start that now gets a token its work ignores) is not offered.
/// </summary>
internal static class DiagnosticCheck
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ThreadTerminationAnalyzer(),
        new LoopCancellationAnalyzer(),
        new UnreachedCancellationAnalyzer());

    public static async Task<bool> IntroducesDiagnosticsAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                var old = await CountByIdAsync(before.GetDocument(documentId)!, cancellationToken).ConfigureAwait(false);
                var changed = await CountByIdAsync(after.GetDocument(documentId)!, cancellationToken).ConfigureAwait(false);
                if (changed.Any(pair => pair.Value > (old.TryGetValue(pair.Key, out var count) ? count : 0)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<Dictionary<string, int>> CountByIdAsync(Document document, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var options = new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await model!.Compilation.WithAnalyzers(Analyzers, options)
            .GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
        return diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
    }
}
