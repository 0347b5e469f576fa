using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The last line of defence behind every fix: a fix whose result has more compiler errors than the original, in the
/// documents it changed, is not offered. Binding is limited to the changed members, so the check stays cheap. A fix
/// that only deletes code can pass <c>countWarnings</c>: then a new compiler warning (code after it that becomes
/// unreachable, CS0162) counts too, since projects build with warnings as errors.
/// </summary>
internal static class CompileCheck
{
    public static async Task<bool> IntroducesErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken, bool countWarnings = false)
    {
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                var oldDocument = before.GetDocument(documentId)!;
                var newDocument = after.GetDocument(documentId)!;
                var threshold = countWarnings ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
                if (await CountAsync(newDocument, threshold, cancellationToken).ConfigureAwait(false)
                    > await CountAsync(oldDocument, threshold, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<int> CountAsync(Document document, DiagnosticSeverity threshold, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model!.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity >= threshold);
    }
}
