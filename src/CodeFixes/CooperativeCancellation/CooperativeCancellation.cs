using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// "Use cooperative cancellation" for one <see cref="StoppableThread"/>: a <c>CancellationTokenSource</c> beside the
/// thread, created where the thread is created; the worker takes its token (a lambda captures it, a method gets a
/// parameter) and its loops end quietly when it is cancelled; every <c>Abort</c>/<c>Interrupt</c> of the thread becomes
/// <c>Cancel()</c> followed by <c>Join()</c>, unless a later statement already joins.
/// </summary>
internal static class CooperativeCancellation
{
    public const string Title = "Use cooperative cancellation";

    private const string GroupAnnotationKind = "ThreadSafetyAnalyzers.CooperativeCancellation.Thread";

    /// <summary>The fix for the stop call a diagnostic reports, checked to compile and to add no diagnostic; null when not offered.</summary>
    public static async Task<(Solution Solution, string Title)?> FixOneAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var reported = root!.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var result = await ApplyAsync(document, reported, cancellationToken).ConfigureAwait(false);
        return result is { } fixedResult && await IsAcceptableAsync(document.Project.Solution, fixedResult.Solution, cancellationToken).ConfigureAwait(false)
            ? result
            : null;
    }

    /// <summary>Fix All: one fix per thread (however many stop calls it has), threads one after another, each checked on its own.</summary>
    public static async Task<Solution> FixAllAsync(Solution solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        var unmarked = solution;
        var groups = new List<(DocumentId Document, SyntaxAnnotation Thread)>();
        foreach (var byDocument in diagnostics.GroupBy(d => d.Document.Id))
        {
            var document = solution.GetDocument(byDocument.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var types = WellKnownTypes.For(model!.Compilation);
            var firstStopOfThread = new Dictionary<ISymbol, SyntaxNode>(SymbolEqualityComparer.Default);
            foreach (var (_, diagnostic) in byDocument)
            {
                var reported = root!.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (StoppableThread.StoppedBy(model, reported, types, cancellationToken) is { } thread && !firstStopOfThread.ContainsKey(thread))
                {
                    firstStopOfThread[thread] = reported;
                }
            }

            var marks = firstStopOfThread.Values.ToDictionary(node => node, _ => new SyntaxAnnotation(GroupAnnotationKind));
            groups.AddRange(marks.Values.Select(mark => (byDocument.Key, mark)));
            solution = solution.WithDocumentSyntaxRoot(byDocument.Key, root!.ReplaceNodes(marks.Keys, (original, current) => current.WithAdditionalAnnotations(marks[original])));
        }

        // A thread's token can be in scope of another thread's loop until that one is fixed too (TSA2001 would report it),
        // so threads the checks turned down are tried again while the others make progress.
        var applied = false;
        var pending = groups;
        while (pending.Count > 0)
        {
            var turnedDown = new List<(DocumentId Document, SyntaxAnnotation Thread)>();
            foreach (var (documentId, mark) in pending)
            {
                var document = solution.GetDocument(documentId)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root!.GetAnnotatedNodes(mark).FirstOrDefault() is not { } reported
                    || await ApplyAsync(document, reported, cancellationToken).ConfigureAwait(false) is not { } result)
                {
                    continue;
                }

                if (await IsAcceptableAsync(solution, result.Solution, cancellationToken).ConfigureAwait(false))
                {
                    solution = result.Solution;
                    applied = true;
                }
                else
                {
                    turnedDown.Add((documentId, mark));
                }
            }

            if (turnedDown.Count == pending.Count)
            {
                break;
            }

            pending = turnedDown;
        }

        return applied ? solution : unmarked;
    }

    private static async Task<bool> IsAcceptableAsync(Solution before, Solution after, CancellationToken cancellationToken)
        => !await CompileCheck.IntroducesErrorsAsync(before, after, cancellationToken).ConfigureAwait(false)
            && !await DiagnosticCheck.IntroducesDiagnosticsAsync(before, after, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The title says how the stopping code now waits — a bounded time where the stop call did not wait, as long as the
    /// existing <c>Join</c> where one follows — and names what the worker keeps from the old way of stopping, so the
    /// user reviews it.
    /// </summary>
    private static string TitleFor(StoppableThread thread)
    {
        var abortHandlers = thread.Worker.AbortHandlers;
        var title = Title + (thread.Stops.Any(stop => !stop.JoinFollows)
            ? ": cancel and wait up to " + ThreadTokenSource.StopWaitDescription
            : ": cancel and wait");
        return abortHandlers.Length switch
        {
            0 => title,
            1 => title + " (review the worker's " + abortHandlers[0] + ")",
            _ => title + " (review the worker's " + string.Join(", ", abortHandlers.Take(abortHandlers.Length - 1)) + " and " + abortHandlers[abortHandlers.Length - 1] + ")",
        };
    }

    /// <summary>
    /// Would the fix keep what the stop meant? Not where the worker blocks in something the token cannot end (the new
    /// join would wait for nothing), where the worker never reads the token (<c>Cancel()</c> would reach nothing), nor
    /// where an <c>Interrupt()</c> that nothing joins wakes a thread that carries on.
    /// </summary>
    private static bool KeepsMeaning(StoppableThread thread)
        => !thread.Worker.HasUnfixableWait
            && thread.Worker.ObservesTokenOnceFixed
            && !(thread.Worker.ContinuesAfterInterrupt && thread.Stops.Any(stop => stop.IsInterrupt && !stop.JoinFollows));

    /// <summary>
    /// Does a stop come after its function's own <c>Cancel()</c> of a token source that the worker already reads
    /// (MailKit's pipeline: <c>cancellation.Cancel(); resetEvent.Set(); thread.Abort();</c>, its loop on
    /// <c>cancellation</c>)? The worker has its stop signal already: a second source from the fix would only run beside
    /// the first, so nothing is offered; what is left to do is to drop the abort.
    /// </summary>
    private static bool StopsOnASourceAlready(StoppableThread thread, SemanticModel model, WellKnownTypes types, CancellationToken cancellationToken)
    {
        if (((SyntaxNode?)thread.Worker.Lambda ?? thread.Worker.Method) is not { } worker)
        {
            return false;
        }

        foreach (var stop in thread.Stops)
        {
            var at = stop.Slot.Anchor;
            if (at.FirstAncestorOrSelf<SyntaxNode>(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) is not { } function)
            {
                continue;
            }

            foreach (var invocation in function.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.SpanStart < at.SpanStart
                    && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cancel" or "CancelAsync" }
                    && model.GetOperation(invocation, cancellationToken) is IInvocationOperation { TargetMethod.ContainingType: var owner } call
                    && SymbolEqualityComparer.Default.Equals(owner, types.CancellationTokenSource)
                    && call.Instance is { } instance
                    && Variables.Of(instance) is { } source
                    && worker.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
                        name.Identifier.ValueText == source.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, source)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<(Solution Solution, string Title)?> ApplyAsync(Document document, SyntaxNode reported, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var types = WellKnownTypes.For(model!.Compilation);
        if (types.CancellationTokenSource is null
            || StoppableThread.Find(model, reported, types, cancellationToken) is not { } thread
            || !KeepsMeaning(thread)
            || StopsOnASourceAlready(thread, model, types, cancellationToken))
        {
            return null;
        }

        var source = new ThreadTokenSource(thread, cancellationToken);
        var marks = new Marks(thread);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        document = document.WithSyntaxRoot(marks.Apply(root!));
        if (thread.Worker.Method is not null && thread.Worker.ExistingToken is null)
        {
            if (await AddWorkerParameterAsync(document, marks, source, cancellationToken).ConfigureAwait(false) is not { } withParameter)
            {
                return null;
            }

            document = withParameter;
        }

        var fixedDocument = await WriteSourceAndStopsAsync(document, thread, marks, source, cancellationToken).ConfigureAwait(false);
        return fixedDocument is null ? null : (fixedDocument.Project.Solution, TitleFor(thread));
    }

    /// <summary>
    /// A method worker gets its parameter first, while the code still binds: its loops check the parameter, and the
    /// thread's start passes the thread's token (which the next step declares). Null when a caller cannot be updated.
    /// </summary>
    private static async Task<Document?> AddWorkerParameterAsync(Document document, Marks marks, ThreadTokenSource source, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root!.GetAnnotatedNodes(marks.Worker).FirstOrDefault() is not { } target)
        {
            return null;
        }

        var sites = marks.Loops
            .SelectMany(pair => root.GetAnnotatedNodes(pair.Value).Select(loop => new AddCancellationParameter.SiteEdit(loop, (current, name) => LoopChecks.Apply(
                (StatementSyntax)current,
                pair.Key,
                TokenInScope.TokenExpressionOf(name, TokenKind.Token),
                TokenInScope.IsCancellationRequestedExpressionOf(name, TokenKind.Token)))))
            .ToList();
        var changed = await AddCancellationParameter.ApplyAsync(
            document,
            target,
            sites,
            cancellationToken,
            reference => reference.AncestorsAndSelf().Any(n => n.HasAnnotation(marks.Creation)) ? source.TokenExpression : null).ConfigureAwait(false);
        return changed?.Solution.GetDocument(document.Id);
    }

    /// <summary>Declares and creates the token source, makes a lambda worker's loops check it, and turns every stop call into cancel and join.</summary>
    private static async Task<Document?> WriteSourceAndStopsAsync(Document document, StoppableThread thread, Marks marks, ThreadTokenSource source, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var stopAnchors = marks.Stops.Select(mark => root.GetAnnotatedNodes(mark).FirstOrDefault()).ToList();
        var declaration = root.GetAnnotatedNodes(marks.Declaration).FirstOrDefault();
        var creationAnchor = root.GetAnnotatedNodes(marks.CreationSlot).FirstOrDefault();
        if (declaration is null || stopAnchors.Any(anchor => anchor is null) || (thread.CreationSlot is not null && creationAnchor is null))
        {
            return null;
        }

        if (thread.Worker.Lambda is not null || thread.Worker.ExistingToken is not null)
        {
            var (token, isCancellationRequested) = thread.Worker.ExistingToken is { } parameter
                ? (TokenInScope.TokenExpressionOf(Identifiers.Written(parameter.Name), TokenKind.Token), TokenInScope.IsCancellationRequestedExpressionOf(Identifiers.Written(parameter.Name), TokenKind.Token))
                : (source.TokenExpression, source.IsCancellationRequestedExpression);
            foreach (var pair in marks.Loops)
            {
                foreach (var loop in root.GetAnnotatedNodes(pair.Value))
                {
                    editor.ReplaceNode(loop, (node, _) => LoopChecks.Apply((StatementSyntax)node, pair.Key, token, isCancellationRequested));
                }
            }
        }

        if (thread.Worker.ExistingToken is { } existing)
        {
            if (root.GetAnnotatedNodes(marks.ForwardedCall).FirstOrDefault() is not InvocationExpressionSyntax call)
            {
                return null;
            }

            // The token goes where the parameter is: last of the written arguments, or named when others are left out.
            var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(source.TokenExpression));
            if (existing.Ordinal != call.ArgumentList.Arguments.Count || call.ArgumentList.Arguments.Any(a => a.NameColon is not null))
            {
                argument = argument.WithNameColon(SyntaxFactory.NameColon(existing.Name));
            }

            editor.ReplaceNode(call, (node, _) => ((InvocationExpressionSyntax)node).AddArgumentListArguments(argument));
        }

        for (var i = 0; i < stopAnchors.Count; i++)
        {
            var stop = thread.Stops[i];
            stop.Slot.At(stopAnchors[i]!).Replace(editor, source.StopStatements(stop));
        }

        switch (thread.Place)
        {
            case CreationPlace.LocalInitializer:
                new StatementSlot(declaration, returnsValue: false).InsertBefore(editor, new[] { source.SourceLocal((LocalDeclarationStatementSyntax)declaration) });
                break;
            case CreationPlace.StaticFieldInitializer:
                editor.InsertBefore(declaration, source.SourceField((FieldDeclarationSyntax)declaration, initialized: true));
                break;
            case CreationPlace.FieldAssignment:
                editor.InsertAfter(declaration, source.SourceField((FieldDeclarationSyntax)declaration, initialized: false));
                thread.CreationSlot!.At(creationAnchor!).InsertBefore(editor, source.SourceCreation());
                break;
        }

        var fixedDocument = await WaitOnTokenAsync(editor.GetChangedDocument(), thread, marks, source, cancellationToken).ConfigureAwait(false);
        if (fixedDocument is null)
        {
            return null;
        }

        fixedDocument = await Imports.AddAndSimplifyAsync(fixedDocument, cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(fixedDocument, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes each of the worker's sleeps and waits wait on the thread's token, one after another on the code that
    /// already has the token and the loop checks, with TSA2006's and TSA2007's own rewrites; null when one cannot be.
    /// </summary>
    private static async Task<Document?> WaitOnTokenAsync(Document document, StoppableThread thread, Marks marks, ThreadTokenSource source, CancellationToken cancellationToken)
    {
        foreach (var mark in marks.Waits)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root!.GetAnnotatedNodes(mark).FirstOrDefault() is not { } wait
                || model!.GetOperation(wait is ExpressionStatementSyntax statement ? statement.Expression : wait, cancellationToken) is not { } operation)
            {
                return null;
            }

            // The token the fix wrote is named where the wait is: the source or token local a lambda worker captures, the
            // parameter of the method around the wait (the worker, or the overload that took over its body).
            var types = WellKnownTypes.For(model.Compilation);
            var tokenName = thread.Worker.Lambda is not null
                ? source.TokenName
                : wait.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) is { } function
                    && model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol method
                    && method.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, types.CancellationToken)) is { } parameter
                    ? parameter.Name
                    : null;
            var symbol = tokenName is null ? null : model.LookupSymbols(wait.SpanStart, name: tokenName).FirstOrDefault();
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IFieldSymbol field => field.Type,
                IParameterSymbol tokenParameter => tokenParameter.Type,
                _ => null,
            };
            TokenInScope token;
            if (type is not null && SymbolEqualityComparer.Default.Equals(type, types.CancellationToken))
            {
                token = new TokenInScope(symbol!, TokenKind.Token);
            }
            else if (type is not null && SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), types.CancellationTokenSource))
            {
                token = new TokenInScope(symbol!, TokenKind.Source);
            }
            else
            {
                return null;
            }

            var changed = wait switch
            {
                ExpressionStatementSyntax sleep => await CancellableWaitCodeFixProvider.WaitOnTokenAsync(document, sleep, token, cancellationToken).ConfigureAwait(false),
                InvocationExpressionSyntax call => await WaitOnTokenCodeFixProvider.WaitOnTokenTooAsync(document, call, token, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (changed is null)
            {
                return null;
            }

            document = changed;
        }

        return document;
    }

    /// <summary>Annotations on every node the edits touch, so each can be found again after the worker's parameter is added.</summary>
    private sealed class Marks
    {
        private readonly Dictionary<SyntaxNode, List<SyntaxAnnotation>> _byNode = new();

        public Marks(StoppableThread thread)
        {
            Add(thread.Declaration, Declaration);
            Add(thread.Creation, Creation);
            if (thread.CreationSlot is { } creationSlot)
            {
                Add(creationSlot.Anchor, CreationSlot);
            }

            if (thread.Worker.Method is { } method)
            {
                Add(method, Worker);
            }

            foreach (var (loop, form) in thread.Worker.Loops)
            {
                Add(loop, Loops[form]);
            }

            Waits = thread.Worker.Waits.Select(wait => Add(wait, new SyntaxAnnotation())).ToList();
            if (thread.Worker.ForwardingCall is { } call)
            {
                Add(call, ForwardedCall);
            }

            Stops = thread.Stops.Select(stop => Add(stop.Slot.Anchor, new SyntaxAnnotation())).ToList();
        }

        public SyntaxAnnotation Declaration { get; } = new();

        /// <summary>The <c>new Thread(…)</c>: references to the worker method inside it pass the thread's token.</summary>
        public SyntaxAnnotation Creation { get; } = new();

        public SyntaxAnnotation CreationSlot { get; } = new();

        public SyntaxAnnotation Worker { get; } = new();

        public Dictionary<LoopCheckForm, SyntaxAnnotation> Loops { get; } = new()
        {
            [LoopCheckForm.Quiet] = new SyntaxAnnotation(),
            [LoopCheckForm.Return] = new SyntaxAnnotation(),
        };

        /// <summary>One per sleep or wait of the worker to rewrite, in the order of <see cref="ThreadWorker.Waits"/>.</summary>
        public IReadOnlyList<SyntaxAnnotation> Waits { get; }

        /// <summary>The worker's call in <c>new Thread(() => Run())</c>, when it gets the token for an existing parameter.</summary>
        public SyntaxAnnotation ForwardedCall { get; } = new();

        /// <summary>One per stop call, in the order of <see cref="StoppableThread.Stops"/>.</summary>
        public IReadOnlyList<SyntaxAnnotation> Stops { get; }

        public SyntaxNode Apply(SyntaxNode root) => root.ReplaceNodes(_byNode.Keys, (original, current) => current.WithAdditionalAnnotations(_byNode[original]));

        private SyntaxAnnotation Add(SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!_byNode.TryGetValue(node, out var list))
            {
                _byNode[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
            return annotation;
        }
    }
}
