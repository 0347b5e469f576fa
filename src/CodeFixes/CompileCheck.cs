using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The last line of defence behind every fix: a fix whose result has more compiler errors than the original, in the
/// documents it changed, is not offered. Binding is limited to the changed members, so the check stays cheap.
/// </summary>
internal static class CompileCheck
{
    public static async Task<bool> IntroducesErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                var oldDocument = before.GetDocument(documentId)!;
                var newDocument = after.GetDocument(documentId)!;
                if (await ErrorCountAsync(newDocument, cancellationToken).ConfigureAwait(false)
                    > await ErrorCountAsync(oldDocument, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<int> ErrorCountAsync(Document document, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model!.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}
