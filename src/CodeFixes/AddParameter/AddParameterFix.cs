using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using ThreadSafetyAnalyzers.Options;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Runs <see cref="AddCancellationParameter"/> for a set of diagnostics: one parameter per function however many
/// diagnostics it has, functions one after another (each sees the others' edits), and a compile check per function.
/// Used by the single fix (one diagnostic) and by Fix All (document, project, solution) alike.
/// </summary>
internal sealed class AddParameterFix
{
    private const string TargetAnnotationKind = "ThreadSafetyAnalyzers.AddParameter.Target";
    private const string SiteAnnotationKind = "ThreadSafetyAnalyzers.AddParameter.Site";

    /// <summary>The title every add-parameter fix shares (followed by the function's name on a single fix).</summary>
    public const string Title = "Add a CancellationToken parameter";

    private readonly Func<SyntaxNode, SemanticModel, CancellationToken, SyntaxNode?> _findSite;
    private readonly Func<SyntaxNode, SemanticModel, CancellationToken, IEnumerable<SyntaxNode>> _siblingSites;
    private readonly Func<SyntaxNode, SemanticModel, int, CancellationToken, AddCancellationParameter.RewriteSite?> _rewriteFor;
    private readonly int _attempts;
    private readonly bool _checkDiagnostics;

    /// <param name="findSite">From the node a diagnostic points at to the code to rewrite (a loop, a call).</param>
    /// <param name="siblingSites">Every other site in a target function that the same fix must rewrite once the parameter exists (it would otherwise be reported anew).</param>
    /// <param name="rewriteFor">The rewrite for a site; attempt 0 is preferred, later attempts are fallbacks tried when an earlier one does not compile.</param>
    /// <param name="attempts">How many rewrites <paramref name="rewriteFor"/> offers.</param>
    /// <param name="checkDiagnostics">Also refuse a result in which one of our rules reports more (<see cref="DiagnosticCheck"/>).</param>
    public AddParameterFix(
        Func<SyntaxNode, SemanticModel, CancellationToken, SyntaxNode?> findSite,
        Func<SyntaxNode, SemanticModel, CancellationToken, IEnumerable<SyntaxNode>> siblingSites,
        Func<SyntaxNode, SemanticModel, int, CancellationToken, AddCancellationParameter.RewriteSite?> rewriteFor,
        int attempts,
        bool checkDiagnostics = false)
    {
        _findSite = findSite;
        _siblingSites = siblingSites;
        _rewriteFor = rewriteFor;
        _attempts = attempts;
        _checkDiagnostics = checkDiagnostics;
    }

    /// <summary>
    /// Offers "Add a CancellationToken parameter to 'Name'" for the context's diagnostic when the fix can change the
    /// function, some caller then passes it a token (or it may have callers elsewhere), and the result compiles;
    /// offers nothing otherwise.
    /// </summary>
    public async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
    {
        var diagnostic = context.Diagnostics[0];
        var target = await FindTargetAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return;
        }

        var solution = context.Document.Project.Solution;
        var (fixedSolution, passingCallers) = await ApplyCoreAsync(solution, new[] { (context.Document, diagnostic) }, context.CancellationToken).ConfigureAwait(false);
        if (fixedSolution == solution)
        {
            return;
        }

        var title = await AddCancellationParameter.TitleAsync(context.Document, target, passingCallers, context.CancellationToken).ConfigureAwait(false);
        context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), equivalenceKey), diagnostic);
    }

    /// <summary>The function a diagnostic's fix would change, or null when no fix can be offered.</summary>
    public async Task<SyntaxNode?> FindTargetAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var site = _findSite(root!.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model!, cancellationToken);
        return site is null ? null : ParameterTargets.FindTarget(site, model!, cancellationToken);
    }

    /// <summary>The fixed solution, or <paramref name="solution"/> itself when no function could be changed.</summary>
    public async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        => (await ApplyCoreAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false)).Solution;

    /// <summary>As <see cref="ApplyAsync"/>, with how many callers outside the changed functions now pass a token.</summary>
    private async Task<(Solution Solution, int PassingCallers)> ApplyCoreAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        var original = solution;
        var groups = new List<(DocumentId Document, string Key, SyntaxNode Target, List<SyntaxNode> Sites)>();
        foreach (var byDocument in diagnostics.GroupBy(d => d.Document.Id))
        {
            var document = solution.GetDocument(byDocument.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (_, diagnostic) in byDocument)
            {
                var site = _findSite(root!.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model!, cancellationToken);
                var target = site is null ? null : ParameterTargets.FindTarget(site, model!, cancellationToken);
                if (site is null || target is null)
                {
                    continue;
                }

                var key = target.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (groups.Any(group => group.Document == byDocument.Key && group.Key == key))
                {
                    continue;
                }

                groups.Add((byDocument.Key, key, target, _siblingSites(target, model!, cancellationToken).Append(site).Distinct().ToList()));
            }
        }

        if (groups.Count == 1)
        {
            // One function (the light bulb's case): no other function's edits come first, so its nodes are used as they
            // are. Marking them would change the document and cost a compilation of its own, without the semantic model
            // the IDE already has; the marks change neither the text nor what it means.
            var (document, _, target, sites) = groups[0];
            var root = await solution.GetDocument(document)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var (changed, passing) = await ApplyOneAsync(solution, document, target, InDocumentOrder(root!, sites), cancellationToken).ConfigureAwait(false);
            return changed != solution ? (changed, passing) : (original, 0);
        }

        // Mark every target function and site first, so that they can be found again after earlier functions' edits.
        foreach (var byDocument in groups.GroupBy(group => group.Document))
        {
            var root = await solution.GetDocument(byDocument.Key)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var (_, key, target, sites) in byDocument)
            {
                Mark(marks, target, new SyntaxAnnotation(TargetAnnotationKind, key));
                foreach (var site in sites)
                {
                    Mark(marks, site, new SyntaxAnnotation(SiteAnnotationKind, key));
                }
            }

            var marked = root!.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
            solution = solution.WithDocumentSyntaxRoot(byDocument.Key, marked);
        }

        var applied = false;
        var passingCallers = 0;
        foreach (var (documentId, key, _, _) in groups)
        {
            var root = await solution.GetDocument(documentId)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var target = root!.GetAnnotatedNodes(TargetAnnotationKind).FirstOrDefault(n => HasKey(n, TargetAnnotationKind, key));
            var sites = root.GetAnnotatedNodes(SiteAnnotationKind).Where(n => HasKey(n, SiteAnnotationKind, key)).ToList();
            if (target is null || sites.Count == 0)
            {
                continue;
            }

            var (changed, passing) = await ApplyOneAsync(solution, documentId, target, sites, cancellationToken).ConfigureAwait(false);
            applied |= changed != solution;
            passingCallers += passing;
            solution = changed;
        }

        return applied ? (solution, passingCallers) : (original, 0);
    }

    /// <summary>The sites in the order a walk of the tree meets them (parents first), as marked sites are found again.</summary>
    private static List<SyntaxNode> InDocumentOrder(SyntaxNode root, List<SyntaxNode> sites)
    {
        var wanted = new HashSet<SyntaxNode>(sites);
        return root.DescendantNodesAndSelf(node => sites.Any(site => node.FullSpan.Contains(site.FullSpan))).Where(wanted.Contains).ToList();
    }

    private async Task<(Solution Solution, int PassingCallers)> ApplyOneAsync(Solution solution, DocumentId documentId, SyntaxNode target, List<SyntaxNode> sites, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId)!;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        // What the diagnostic check would find in the result, where the analyzers' own predicates tell it first.
        var options = RuleOptions.Of(document.Project.AnalyzerOptions, target.SyntaxTree);
        if (_checkDiagnostics
            && (DiagnosticCheck.LeavesASleepBehind(target, model!, options, cancellationToken)
                || DiagnosticCheck.LeavesAnIgnoredTokenBehind(target, sites, model!, options, cancellationToken)))
        {
            return (solution, 0);
        }

        for (var attempt = 0; attempt < _attempts; attempt++)
        {
            var edits = new List<AddCancellationParameter.SiteEdit>();
            foreach (var site in sites)
            {
                var rewrite = _rewriteFor(site, model!, attempt, cancellationToken);
                if (rewrite is not null)
                {
                    edits.Add(new AddCancellationParameter.SiteEdit(site, rewrite));
                }
            }

            if (edits.Count != sites.Count)
            {
                continue;
            }

            // A parameter that no caller passes a token to, on a function whose callers are all in view (private,
            // internal, local, or in a sample, test app or test project), changes a signature and stops nothing:
            // reviewers of real code judged every one of them pointless, so such a function is left as it is. A public
            // one of a library may be called from outside; its title says so.
            var changed = await AddCancellationParameter.ApplyAsync(document, target, edits, cancellationToken).ConfigureAwait(false);
            if (changed is not { } result
                || !(result.PassingCallers > 0 || !AddCancellationParameter.AllCallersInView(model!.GetDeclaredSymbol(target, cancellationToken) as IMethodSymbol, model!.Compilation))
                || await CompileCheck.IntroducesErrorsAsync(solution, result.Solution, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // The fallbacks are for rewrites that do not compile; one that compiles and makes a rule report more is not
            // tried again in another form (the light bulb would pay for a second diagnostic check to offer nothing).
            return _checkDiagnostics && await DiagnosticCheck.IntroducesDiagnosticsAsync(solution, result.Solution, cancellationToken).ConfigureAwait(false)
                ? (solution, 0)
                : result;
        }

        return (solution, 0);
    }

    private static bool HasKey(SyntaxNode node, string kind, string key) => node.GetAnnotations(kind).Any(a => a.Data == key);

    private static void Mark(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation annotation)
    {
        if (!marks.TryGetValue(node, out var list))
        {
            marks[node] = list = new List<SyntaxAnnotation>();
        }

        list.Add(annotation);
    }

    /// <summary>Fix All for an add-parameter fix: gathers the diagnostics in scope and applies them together.</summary>
    public FixAllProvider FixAllProvider()
        => new GatheringFixAllProvider(Title, (solution, diagnostics, cancellationToken) => ApplyAsync(solution, diagnostics, cancellationToken));
}
