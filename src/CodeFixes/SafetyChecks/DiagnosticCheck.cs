using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

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
                var oldSpans = pairs.Select(pair => pair.Item1).ToList();
                var newSpans = pairs.Select(pair => pair.Item2).ToList();

                // The analyzers that judge one member at a time first, then those that read whole types (dear in a long
                // class), and of those only the ones that may report in the spans: a fix that makes a cheap rule report
                // more is turned down without the dear ones. In each group the changed side first, the group's analyzers
                // at once: where none reports there, nothing can report more and the original is not analyzed. Then
                // the original, one analyzer at a time and only those that reported, until one reports more. Skipping
                // an analyzer that cannot report on a side gives the count it would have found there: none.
                foreach (var group in new[] { Analyzers.Where(analyzer => !ReadsWholeTypes(analyzer)), Analyzers.Where(ReadsWholeTypes) })
                {
                    var analyzers = await MayReportAsync(group, newDocument, newSpans, cancellationToken).ConfigureAwait(false);
                    if (analyzers.Any(analyzer => analyzer is UnreachedCancellationAnalyzer)
                        && await IgnoredTokensAsync(newDocument, newSpans, cancellationToken).ConfigureAwait(false) is { } changedStarts)
                    {
                        if (changedStarts > 0 && changedStarts > await IgnoredTokensAsync(oldDocument, oldSpans, cancellationToken).ConfigureAwait(false))
                        {
                            return true;
                        }

                        analyzers = analyzers.RemoveAll(analyzer => analyzer is UnreachedCancellationAnalyzer);
                    }

                    if (analyzers.IsEmpty)
                    {
                        continue;
                    }

                    var changed = await DiagnosticsAsync(newDocument, newSpans, analyzers, cancellationToken).ConfigureAwait(false);
                    if (changed.Count == 0)
                    {
                        continue;
                    }

                    foreach (var analyzer in analyzers.Where(analyzer => changed.Any(diagnostic => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == diagnostic.Id))))
                    {
                        var ids = analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).ToList();
                        var old = (await MayReportAsync(new[] { analyzer }, oldDocument, oldSpans, cancellationToken).ConfigureAwait(false)).IsEmpty
                            ? new List<Diagnostic>()
                            : await DiagnosticsAsync(oldDocument, oldSpans, ImmutableArray.Create(analyzer), cancellationToken).ConfigureAwait(false);
                        if (ids.Any(id => changed.Count(d => d.Id == id) > old.Count(d => d.Id == id)))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The check's verdict, asked before a fix that adds a <c>CancellationToken</c> parameter to <paramref name="function"/>
    /// is built: a sleep of the function's own body that TSA2006 does not report today and reports once a token can be
    /// named there (<see cref="SleepAnalyzer.IsReportedOnceATokenParameterIsInScope"/>) makes the result report more, so
    /// the light bulb does not pay for the edit, the callers and both checks to offer nothing. Sleeps in nested lambdas
    /// and local functions are left to the full check.
    /// </summary>
    public static bool LeavesASleepBehind(SyntaxNode function, SemanticModel model, RuleOptions options, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(function, cancellationToken);
        var body = operation is ILocalFunctionOperation local ? local.Body : operation;
        if (body is null)
        {
            return false;
        }

        var types = WellKnownTypes.For(model.Compilation);
        var member = Functions.ContainingMember(model.GetDeclaredSymbol(function, cancellationToken));
        return OperationTrees.Find(body, enterNestedFunctions: false, operation =>
            operation is IInvocationOperation { TargetMethod.Name: "Sleep" } sleep
            && SleepAnalyzer.IsReportedOnceATokenParameterIsInScope(sleep, member, types, options)
            && SleepAnalyzer.DiagnosticFor(sleep, member, types, options) is null) is not null;
    }

    /// <summary>
    /// The check's verdict on TSA2008, asked before a fix that adds a <c>CancellationToken</c> parameter to
    /// <paramref name="function"/> and passes it to the start calls among <paramref name="sites"/> is built: a start whose
    /// worker (a method outside the function, which the fix leaves as it is) ignores every token would get a TSA2008 for
    /// the token it is given (<see cref="UnreachedCancellationAnalyzer.IgnoredPart"/>). Work in the started lambda itself
    /// is left to the full check: with the token in scope, another rule may report it instead.
    /// </summary>
    public static bool LeavesAnIgnoredTokenBehind(SyntaxNode function, IEnumerable<SyntaxNode> sites, SemanticModel model, RuleOptions options, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        foreach (var site in sites)
        {
            if (site.ContainsDiagnostics
                || model.GetOperation(site, cancellationToken) is not IInvocationOperation call
                || StartedWork.Match(call, types) is not { StartsATask: true, TokenUse: TokenUse.Missing } work
                || work.HasErrors()
                || StartedWork.IsInExpressionTree(call, types))
            {
                continue;
            }

            var member = Functions.ContainingMember(model.GetEnclosingSymbol(site.SpanStart, cancellationToken));
            if (UnreachedCancellationAnalyzer.IgnoredPart(
                    work, member, types, options, new UncancellableWaits.WakerCalls(), method => WorkerBodies.AsTheAnalyzerReadsIt(method, call, model.Compilation, cancellationToken), out var worker) is not null
                && worker is not null
                && !worker.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree == function.SyntaxTree && function.Span.Contains(reference.Span)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The analyzers whose symbol-start actions gather a whole type before they report: asked for one member, they
    /// still bind every member of its type.
    /// </summary>
    private static bool ReadsWholeTypes(DiagnosticAnalyzer analyzer) => analyzer is StopFlagAnalyzer or UnreachedCancellationAnalyzer;

    /// <summary>
    /// Those of <paramref name="analyzers"/> that can report in one of the spans, as the analyzers' own predicates
    /// tell from declarations alone; an analyzer without such a predicate is always kept, and so is every analyzer for
    /// the whole document (a null span).
    /// </summary>
    private static async Task<ImmutableArray<DiagnosticAnalyzer>> MayReportAsync(IEnumerable<DiagnosticAnalyzer> analyzers, Document document, List<TextSpan?> spans, CancellationToken cancellationToken)
    {
        var kept = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        SemanticModel? model = null;
        foreach (var analyzer in analyzers)
        {
            if (analyzer is StopFlagAnalyzer)
            {
                model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (!spans.Any(span => span is not { } inSpan || StopFlagAnalyzer.MayReportIn(model!, inSpan, cancellationToken)))
                {
                    continue;
                }
            }

            kept.Add(analyzer);
        }

        return kept.ToImmutable();
    }

    /// <summary>
    /// The TSA2008 reports in the spans, each start call judged by the analyzer's own predicate
    /// (<see cref="UnreachedCancellationAnalyzer.IgnoredTokensIn"/>) instead of analyzing the whole type (seconds in a long
    /// class); null where that is not the same count: the whole document, or a span with a field declaration, where
    /// TSA2010 may stand.
    /// </summary>
    private static async Task<int?> IgnoredTokensAsync(Document document, List<TextSpan?> spans, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (spans.Any(span => span is not { } inSpan
            || root!.DescendantNodes(inSpan, node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).Any(node => node is BaseFieldDeclarationSyntax)))
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var options = RuleOptions.Of(document.Project.AnalyzerOptions, root!.SyntaxTree);
        var count = 0;
        foreach (var span in spans)
        {
            count += UnreachedCancellationAnalyzer.IgnoredTokensIn(
                model!, span!.Value, options, (method, call) => WorkerBodies.AsTheAnalyzerReadsIt(method, call, model!.Compilation, cancellationToken), cancellationToken);
        }

        return count;
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
