using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2008 "Pass the token into the work": the long loop of the started work checks the token the start call was given.
/// <list type="bullet">
/// <item>A loop in the started lambda itself checks the captured token (<c>Task.Run(() => { while (!token.IsCancellationRequested) … }, token)</c>).</item>
/// <item>A loop in the method the work calls (a method group, or a lambda that only calls it) gets a
/// <c>CancellationToken</c> parameter of that method, checked in the loop, as TSA2002's fix does; the start passes its
/// token (<c>Task.Run(() => Poll(token), token)</c>) and every other caller passes the token it has, or nothing.</item>
/// </list>
/// Nothing is offered where the long part is not a loop (a single blocking wait), where the method's signature cannot
/// change or its body is in another file, or where the result would not compile or would make a rule of ours report
/// more. TSA2003's fix calls <see cref="IntoWorkAsync"/> so that it never leaves a TSA2008 behind.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassTokenIntoWorkCodeFixProvider)), Shared]
public sealed class PassTokenIntoWorkCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.StartedWorkIgnoresToken + ".IntoWork";

    private const string Title = "Pass the token into the work";
    private const string InlineLoopKind = "ThreadSafetyAnalyzers.IntoWork.Loop";

    private static readonly AddParameterFix WorkerFix = new(FindWorkerLoop, LongLoopsIn, LoopChecks.RewriteForParameter, attempts: 2, checkDiagnostics: true);

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.StartedWorkIgnoresToken);

    public sealed override FixAllProvider GetFixAllProvider() => new GatheringFixAllProvider(Title, ApplyAllAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var solution = context.Document.Project.Solution;
        var fixedSolution = await ApplyAllAsync(solution, new[] { (context.Document, diagnostic) }, context.CancellationToken).ConfigureAwait(false);
        if (fixedSolution == solution)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var options = RuleOptions.Of(context.Document.Project.AnalyzerOptions, root!.SyntaxTree);
        var token = Locate(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model!, options, context.CancellationToken)?.Token;
        var title = token is null ? Title : "Pass '" + token + "' into the work";
        context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedSolution), EquivalenceKey), diagnostic);
    }

    /// <summary>
    /// The fix for the start call <paramref name="call"/> of <paramref name="document"/> (TSA2003's fix has just given
    /// it a token): the solution with the token passed into the work, the solution unchanged when the work already
    /// observes it, or null when the work would ignore the token and this fix cannot change that.
    /// </summary>
    internal static async Task<Solution?> IntoWorkAsync(Document document, SyntaxNode call, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var types = WellKnownTypes.For(model!.Compilation);
        var options = RuleOptions.Of(document.Project.AnalyzerOptions, call.SyntaxTree);
        if (StartOf(call, model, types, cancellationToken) is not { } work || IgnoredPart(work, model, options, types, cancellationToken, out _) is null)
        {
            return document.Project.Solution;
        }

        var location = Location.Create(call.SyntaxTree, call.Span);
        var diagnostic = Diagnostic.Create(Descriptors.StartedWorkIgnoresToken, location, work.ApiName, string.Empty);
        var solution = document.Project.Solution;
        var fixedSolution = await ApplyAllAsync(solution, new[] { (document, diagnostic) }, cancellationToken).ConfigureAwait(false);
        return fixedSolution == solution ? null : fixedSolution;
    }

    /// <summary>
    /// Loops in started lambdas are marked first, then the worker methods get their parameters (edits that move code
    /// around), then the marked loops get their checks; a document whose loop checks would not compile keeps its loops.
    /// </summary>
    private static async Task<Solution> ApplyAllAsync(Solution solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        var original = solution;
        var toWorkers = new List<(Document Document, Diagnostic Diagnostic)>();
        var marked = new List<DocumentId>();
        foreach (var byDocument in diagnostics.GroupBy(d => d.Document.Id))
        {
            var document = solution.GetDocument(byDocument.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var options = RuleOptions.Of(document.Project.AnalyzerOptions, root!.SyntaxTree);
            var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var (_, diagnostic) in byDocument)
            {
                var start = Locate(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model!, options, cancellationToken);
                if (start is { Worker: null, Form: { } form } && !marks.ContainsKey(start.Loop))
                {
                    marks[start.Loop] = new SyntaxAnnotation(InlineLoopKind, (int)form + ":" + start.Token);
                }
                else if (start is { Worker: not null })
                {
                    toWorkers.Add((document, diagnostic));
                }
            }

            if (marks.Count > 0)
            {
                solution = solution.WithDocumentSyntaxRoot(byDocument.Key, root!.ReplaceNodes(marks.Keys, (o, rewritten) => rewritten.WithAdditionalAnnotations(marks[o])));
                marked.Add(byDocument.Key);
            }
        }

        if (toWorkers.Count > 0)
        {
            solution = await WorkerFix.ApplyAsync(solution, toWorkers, cancellationToken).ConfigureAwait(false);
        }

        var changed = toWorkers.Count > 0 && solution != original;
        foreach (var documentId in marked)
        {
            var before = solution;
            var root = await solution.GetDocument(documentId)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var loops = root!.GetAnnotatedNodes(InlineLoopKind).OfType<StatementSyntax>().ToList();
            var withChecks = root.ReplaceNodes(loops, (o, rewritten) => CheckInline(o, (StatementSyntax)rewritten));
            var after = solution.WithDocumentSyntaxRoot(documentId, withChecks);
            if (!await CompileCheck.IntroducesErrorsAsync(before, after, cancellationToken).ConfigureAwait(false)
                && !await DiagnosticCheck.IntroducesDiagnosticsAsync(before, after, cancellationToken).ConfigureAwait(false))
            {
                solution = after;
                changed = true;
            }
        }

        return changed ? solution : original;
    }

    private static StatementSyntax CheckInline(SyntaxNode original, StatementSyntax loop)
    {
        var data = original.GetAnnotations(InlineLoopKind).First().Data!;
        var separator = data.IndexOf(':');
        var form = (LoopCheckForm)int.Parse(data.Substring(0, separator), System.Globalization.CultureInfo.InvariantCulture);
        var token = data.Substring(separator + 1);
        return LoopChecks.Apply(loop, form, token, token + ".IsCancellationRequested");
    }

    /// <summary>
    /// The long loop of a worker method, for the add-parameter machinery; null for anything else. The diagnostic was
    /// judged with the real options already; the ones that could differ here (TSA2001's and TSA2006's, asked of the
    /// started lambda's own body) do not apply to a worker method.
    /// </summary>
    private static SyntaxNode? FindWorkerLoop(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        => Locate(node, model, RuleOptions.Defaults, cancellationToken) is { Worker: { } worker } start
            && ParameterTargets.FindTarget(start.Loop, model, cancellationToken) is { } target
            && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(target, cancellationToken), worker.OriginalDefinition)
                ? start.Loop
                : null;

    /// <summary>Every loop of the worker that runs long and observes nothing: with a token in scope, TSA2001 would report each.</summary>
    private static IEnumerable<SyntaxNode> LongLoopsIn(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
        => LoopChecks.UnobservedLoopsOf(target, model, LoopFacts.RunsLong, cancellationToken);

    private static StartedWork? StartOf(SyntaxNode node, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        var expression = node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
        return expression is null ? null : model.GetOperation(expression, cancellationToken) switch
        {
            IInvocationOperation call => StartedWork.Match(call, types),
            IObjectCreationOperation creation => StartedWork.MatchCreation(creation, types),
            _ => null,
        };
    }

    /// <summary>The long part of work that ignores its token: TSA2008's own verdict, or null.</summary>
    private static IOperation? IgnoredPart(StartedWork work, SemanticModel model, RuleOptions options, WellKnownTypes types, CancellationToken cancellationToken, out IMethodSymbol? worker)
    {
        worker = null;
        var member = Functions.ContainingMember(model.GetEnclosingSymbol(work.Call.Syntax.SpanStart, cancellationToken));
        return UnreachedCancellationAnalyzer.IsCandidate(work, types) is not null
            ? UnreachedCancellationAnalyzer.IgnoredPart(work, member, types, options, new UncancellableWaits.WakerCalls(), method => WorkerBodies.AsTheAnalyzerReadsIt(method, work.Call, model.Compilation, cancellationToken), out worker)
            : null;
    }

    /// <summary>The start call at a diagnostic, with its token's text and the loop to check; null where no fix applies.</summary>
    private static Start? Locate(SyntaxNode node, SemanticModel model, RuleOptions options, CancellationToken cancellationToken)
    {
        var types = WellKnownTypes.For(model.Compilation);
        if (StartOf(node, model, types, cancellationToken) is not { } work
            || work.PassedToken(types) is not { Syntax: ExpressionSyntax token }
            || IgnoredPart(work, model, options, types, cancellationToken, out var worker) is not ILoopOperation { Syntax: StatementSyntax loop })
        {
            return null;
        }

        var tokenText = token.WithoutTrivia().ToString();
        if (loop.SyntaxTree != node.SyntaxTree)
        {
            // A worker in another file of a partial type: the add-parameter machinery rewrites one document's loops.
            return null;
        }

        if (worker is not null)
        {
            return new Start(tokenText, loop, worker, null);
        }

        // The loop sits in the started lambda: the token must mean the same there (not a static lambda, not shadowed).
        if (work.StartedDelegates()[0].Target is not IAnonymousFunctionOperation { Symbol.IsStatic: false } lambda
            || !MeansTheSameAt(token, loop, model, cancellationToken))
        {
            return null;
        }

        var asynchronous = Functions.IsAsynchronous(lambda.Symbol, types);
        return new Start(tokenText, loop, null, LoopChecks.PreferredForm(asynchronous));
    }

    /// <summary>A token written as a name (or a member of one) that binds to the same symbol inside the loop.</summary>
    private static bool MeansTheSameAt(ExpressionSyntax token, SyntaxNode loop, SemanticModel model, CancellationToken cancellationToken)
    {
        var leftmost = token;
        while (leftmost is MemberAccessExpressionSyntax access)
        {
            leftmost = access.Expression;
        }

        if (leftmost is ThisExpressionSyntax)
        {
            return true;
        }

        if (leftmost is not IdentifierNameSyntax name || model.GetSymbolInfo(name, cancellationToken).Symbol is not { } symbol)
        {
            return false;
        }

        var found = model.LookupSymbols(loop.SpanStart, name: name.Identifier.ValueText);
        return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], symbol);
    }

    private sealed class Start
    {
        public Start(string token, StatementSyntax loop, IMethodSymbol? worker, LoopCheckForm? form)
        {
            Token = token;
            Loop = loop;
            Worker = worker;
            Form = form;
        }

        public string Token { get; }

        public StatementSyntax Loop { get; }

        public IMethodSymbol? Worker { get; }

        /// <summary>The check a loop in the started lambda gets; null for a worker method's loop.</summary>
        public LoopCheckForm? Form { get; }
    }
}
