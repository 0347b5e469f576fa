using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Fix All for fixes whose edits interact (one parameter per function, one token source per thread): gathers every
/// diagnostic in scope and hands them to one function that applies them together, instead of merging independent
/// per-diagnostic edits as <see cref="WellKnownFixAllProviders.BatchFixer"/> does.
/// </summary>
internal sealed class GatheringFixAllProvider : FixAllProvider
{
    private readonly string _title;
    private readonly Func<Solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> _applyAll;

    public GatheringFixAllProvider(
        string title,
        Func<Solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> applyAll)
    {
        _title = title;
        _applyAll = applyAll;
    }

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = new List<(Document, Diagnostic)>();
        foreach (var document in Documents(fixAllContext))
        {
            foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
            {
                diagnostics.Add((document, diagnostic));
            }
        }

        var solution = fixAllContext.Solution;
        return CodeAction.Create(
            _title,
            cancellationToken => _applyAll(solution, diagnostics, cancellationToken),
            fixAllContext.CodeActionEquivalenceKey);
    }

    private static IEnumerable<Document> Documents(FixAllContext context) => context.Scope switch
    {
        FixAllScope.Document => context.Document is null ? Enumerable.Empty<Document>() : new[] { context.Document },
        FixAllScope.Project => context.Project.Documents,
        FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
        _ => Enumerable.Empty<Document>(),
    };
}
