using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2010: cancel the source at the start of the type's own <c>Dispose</c>, <c>DisposeAsync</c>, <c>Stop</c>,
/// <c>StopAsync</c> or <c>Close</c> (parameterless, with a body; the first of these names that exists). No member is
/// added: a type without one of them gets no fix. A field that may be null is cancelled with <c>?.</c>. Cancelling a
/// disposed source throws, so the fix is not offered when the source is disposed anywhere but in that method; where
/// that method disposes it, the cancel is guarded by <c>IsCancellationRequested</c>, so a second call stays harmless.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancelSourceCodeFixProvider)), Shared]
public sealed class CancelSourceCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.SourceNeverCancelled + ".Cancel";

    /// <summary>The methods an owner stops in, in the order the fix prefers them.</summary>
    private static readonly string[] StopMethods = { "Dispose", "DisposeAsync", "Stop", "StopAsync", "Close" };

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SourceNeverCancelled);

    public sealed override FixAllProvider GetFixAllProvider()
        => new GatheringFixAllProvider("Cancel the token sources when their owners stop", ApplyAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var plan = await PlanAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return;
        }

        var solution = context.Document.Project.Solution;
        var fixedSolution = await ApplyAsync(solution, new[] { (context.Document, diagnostic) }, context.CancellationToken).ConfigureAwait(false);
        if (fixedSolution == solution)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create($"Cancel '{plan.Field.Name}' in '{plan.Method.Identifier.ValueText}'", _ => Task.FromResult(fixedSolution), EquivalenceKey),
            diagnostic);
    }

    private static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        // Every cancel a method gets, in the order of the fields' declarations.
        var byMethod = new Dictionary<MethodDeclarationSyntax, (DocumentId Document, List<Plan> Plans)>();
        foreach (var (document, diagnostic) in diagnostics)
        {
            if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }

            if (!byMethod.TryGetValue(plan.Method, out var entry))
            {
                byMethod[plan.Method] = entry = (plan.MethodDocument, new List<Plan>());
            }

            if (!entry.Plans.Any(p => SymbolEqualityComparer.Default.Equals(p.Field, plan.Field)))
            {
                entry.Plans.Add(plan);
            }
        }

        var original = solution;
        foreach (var group in byMethod.GroupBy(pair => pair.Value.Document))
        {
            var document = solution.GetDocument(group.Key)!;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var methods = group.ToDictionary(pair => (SyntaxNode)pair.Key, pair => pair.Value.Plans);
            var newRoot = root!.ReplaceNodes(methods.Keys, (old, current) => WithCancels((MethodDeclarationSyntax)current, methods[old].OrderBy(p => p.Order).ToList()));
            var changed = solution.WithDocumentSyntaxRoot(group.Key, newRoot);
            if (!await CompileCheck.IntroducesErrorsAsync(solution, changed, cancellationToken).ConfigureAwait(false))
            {
                solution = changed;
            }
        }

        return solution == original ? original : solution;
    }

    /// <summary>Where and how to cancel the field a diagnostic names, or null when no fix is offered.</summary>
    private static async Task<Plan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { } declarator
            || model?.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field)
        {
            return null;
        }

        var solution = document.Project.Solution;
        if (StopMethodOf(field, cancellationToken) is not { } method
            || solution.GetDocument(method.SyntaxTree) is not { } methodDocument)
        {
            return null;
        }

        // Cancel throws once the source is disposed: only a Dispose in the method that cancels is safe (after the cancel).
        var disposedHere = false;
        var references = await SymbolFinder.FindReferencesAsync(field, solution, cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            var referenceRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var name = referenceRoot!.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!IsDisposed(name))
            {
                continue;
            }

            if (location.Document.Id != methodDocument.Id || !method.Span.Contains(location.Location.SourceSpan) || IsInNestedFunction(name, method))
            {
                return null;
            }

            disposedHere = true;
        }

        var mayBeNull = !field.IsReadOnly || declarator.Initializer is null;
        return new Plan(field, method, methodDocument.Id, mayBeNull, disposedHere, declarator.SpanStart);
    }

    /// <summary>
    /// The first of <see cref="StopMethods"/> the field's type declares, parameterless, with a body, static exactly when
    /// the field is (one instance's Dispose must not cancel a source all instances share).
    /// </summary>
    private static MethodDeclarationSyntax? StopMethodOf(IFieldSymbol field, CancellationToken cancellationToken)
    {
        foreach (var name in StopMethods)
        {
            foreach (var member in field.ContainingType.GetMembers(name))
            {
                if (member is IMethodSymbol { Parameters.Length: 0, IsAbstract: false, IsExtern: false, MethodKind: MethodKind.Ordinary } method
                    && field.IsStatic == method.IsStatic
                    && method.DeclaringSyntaxReferences.Length == 1
                    && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration
                    && (declaration.Body is not null || declaration.ExpressionBody is not null))
                {
                    return declaration;
                }
            }
        }

        return null;
    }

    /// <summary><c>_cts.Dispose()</c> or <c>_cts?.Dispose()</c> (also through <c>this.</c>).</summary>
    private static bool IsDisposed(SyntaxNode name)
    {
        var expression = name.Parent is MemberAccessExpressionSyntax { Name: var member } access && member == name ? access : name;
        return expression.Parent switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose", Parent: InvocationExpressionSyntax } => true,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } } => true,
            _ => false,
        };
    }

    private static bool IsInNestedFunction(SyntaxNode node, SyntaxNode method)
        => node.Ancestors().TakeWhile(n => n != method).Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    private static MethodDeclarationSyntax WithCancels(MethodDeclarationSyntax method, IReadOnlyList<Plan> plans)
    {
        var endOfLine = LoopChecks.EndOfLine(method);
        var cancels = plans.Select(plan => CancelStatement(plan).WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(endOfLine)).ToList();
        if (method.Body is { } body)
        {
            // After the cancels an earlier fix put first, so one fix at a time and Fix All write the same order.
            var at = 0;
            while (at < body.Statements.Count && IsCancel(body.Statements[at]))
            {
                at++;
            }

            if (body.Statements.Count > 0 && StatementSlot.IsOnOneLine(body))
            {
                // `{ Work(); }` stays on its line: `{ _cts.Cancel(); Work(); }`.
                var inline = plans.Select(plan => CancelStatement(plan).WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space));
                return method.WithBody(body.WithStatements(body.Statements.InsertRange(at, inline)));
            }

            return method.WithBody(body.WithStatements(body.Statements.InsertRange(at, cancels)));
        }

        // An expression body becomes a block: the cancels, then the expression (returned unless the method returns nothing).
        var arrow = method.ExpressionBody!;
        var returnsNothing = method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
            || (method.Modifiers.Any(SyntaxKind.AsyncKeyword) && method.ReturnType is not GenericNameSyntax);
        StatementSyntax last = returnsNothing
            ? SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia())
            : SyntaxFactory.ReturnStatement(arrow.Expression.WithoutTrivia());
        var block = SyntaxFactory.Block(cancels.Append(last.WithAdditionalAnnotations(Formatter.Annotation)))
            .WithTrailingTrivia(method.SemicolonToken.TrailingTrivia)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return method
            .WithParameterList(method.ParameterList.WithTrailingTrivia(LoopChecks.EndOfLine(method)))
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(block);
    }

    private static bool IsCancel(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Cancel" } } } => true,
        ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Cancel" } } } } => true,
        IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements.Count: 1 } block } => IsCancel(block.Statements[0]),
        _ => false,
    };

    /// <summary><c>_cts.Cancel();</c>, <c>_cts?.Cancel();</c>, or guarded by <c>IsCancellationRequested</c> where the method also disposes it.</summary>
    private static StatementSyntax CancelStatement(Plan plan)
    {
        var text = SyntaxFacts.GetKeywordKind(plan.Field.Name) != SyntaxKind.None ? "@" + plan.Field.Name : plan.Field.Name;
        StatementSyntax statement;
        if (plan.DisposedHere)
        {
            var condition = plan.MayBeNull ? text + " is { IsCancellationRequested: false }" : "!" + text + ".IsCancellationRequested";
            statement = SyntaxFactory.IfStatement(
                SyntaxFactory.ParseExpression(condition),
                SyntaxFactory.Block(SyntaxFactory.ParseStatement(text + ".Cancel();")));
        }
        else
        {
            statement = SyntaxFactory.ParseStatement(text + (plan.MayBeNull ? "?." : ".") + "Cancel();");
        }

        return statement.WithAdditionalAnnotations(Formatter.Annotation);
    }

    private sealed class Plan
    {
        public Plan(IFieldSymbol field, MethodDeclarationSyntax method, DocumentId methodDocument, bool mayBeNull, bool disposedHere, int order)
        {
            Field = field;
            Method = method;
            MethodDocument = methodDocument;
            MayBeNull = mayBeNull;
            DisposedHere = disposedHere;
            Order = order;
        }

        public IFieldSymbol Field { get; }

        public MethodDeclarationSyntax Method { get; }

        public DocumentId MethodDocument { get; }

        public bool MayBeNull { get; }

        public bool DisposedHere { get; }

        public int Order { get; }
    }
}
