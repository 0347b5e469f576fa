using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// "Add a CancellationToken parameter": gives the function that owns some code a
/// <c>CancellationToken cancellationToken = default</c> parameter, lets the caller of this class rewrite that code
/// to use it, and updates every caller in the solution (callers with a token in scope pass it, others rely on the
/// default; method groups become lambdas). Shared by every fix that plumbs a token in.
/// Where <c>dotnet_code_quality.add_cancellation_parameter.api_surface</c> keeps a method's signature as it is (a
/// public method when the option says <c>internal</c>, say), the method keeps its signature and forwards to a new
/// overload that takes a required token and gets the body; only callers that have a token switch to it.
/// </summary>
internal static class AddCancellationParameter
{
    public const string DefaultName = "cancellationToken";

    /// <summary>Rewrites one piece of code (already carrying the other edits inside it) to use the new parameter.</summary>
    public delegate SyntaxNode RewriteSite(SyntaxNode current, string parameterName);

    /// <summary>One piece of code in the target function and how to rewrite it.</summary>
    public readonly struct SiteEdit
    {
        public SiteEdit(SyntaxNode node, RewriteSite rewrite)
        {
            Node = node;
            Rewrite = rewrite;
        }

        public SyntaxNode Node { get; }

        public RewriteSite Rewrite { get; }
    }

    /// <summary>
    /// Adds the parameter to <paramref name="target"/>, rewrites each of <paramref name="sites"/> as it says, and
    /// updates callers. Returns null when a caller cannot be updated (an event subscription, a method group it cannot
    /// turn into a lambda, an unknown kind of reference); else the solution and how many references outside the
    /// function now pass it a token (none means the parameter only helps once somebody passes one).
    /// </summary>
    /// <param name="tokenAt">
    /// Optional: the token a reference (a method group or call of the target, in <paramref name="document"/> or another
    /// document) must pass, overriding the nearest token in scope; null for a reference means the usual choice.
    /// </param>
    public static async Task<(Solution Solution, int PassingCallers)?> ApplyAsync(
        Document document,
        SyntaxNode target,
        IReadOnlyList<SiteEdit> sites,
        CancellationToken cancellationToken,
        Func<SyntaxNode, string?>? tokenAt = null)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(target, cancellationToken) is not IMethodSymbol method)
        {
            return null;
        }

        var parameterName = UniqueNames.UniqueName(DefaultName, target);
        var overload = AddsOverload(document, target, method);
        if (overload && !ForwardingOverload.CanForward(target, method))
        {
            return null;
        }

        var insertAt = overload ? ForwardingOverload.RequiredInsertionIndex(method) : InsertionIndex(method);
        var solution = document.Project.Solution;

        // Every edit, grouped by document: node -> (original, node with inner edits applied) -> replacement.
        var edits = new Dictionary<DocumentId, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>>();
        void AddEdit(DocumentId id, SyntaxNode node, Func<SyntaxNode, SyntaxNode> edit)
        {
            if (!edits.TryGetValue(id, out var perDocument))
            {
                edits[id] = perDocument = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            }

            perDocument[node] = perDocument.TryGetValue(node, out var earlier) ? n => edit(earlier(n)) : edit;
        }

        var parameterList = target is MethodDeclarationSyntax m ? m.ParameterList : ((LocalFunctionStatementSyntax)target).ParameterList;
        var enumeratorCancellation = IsAsyncIterator(method, WellKnownTypes.For(model.Compilation));
        var inside = InsidePosition(target);
        var tokenType = Imports.TokenTypeName(model, inside, cancellationToken);
        AddEdit(document.Id, parameterList, current => AddParameter((ParameterListSyntax)current, insertAt, parameterName, tokenType, optional: !overload, enumeratorCancellation));
        if (overload)
        {
            var forwarder = ForwardingOverload.Forwarder((MethodDeclarationSyntax)target, method, insertAt, Imports.NoToken(model, inside, cancellationToken));
            var index = ((TypeDeclarationSyntax)target.Parent!).Members.IndexOf((MemberDeclarationSyntax)target);
            AddEdit(document.Id, target.Parent!, current => ForwardingOverload.InsertForwarder((TypeDeclarationSyntax)current, index, forwarder, target, method, insertAt, parameterName));
        }
        else if (target is MethodDeclarationSyntax)
        {
            AddEdit(document.Id, target, current => current.WithLeadingTrivia(ParameterDocs.WithParameter(current.GetLeadingTrivia(), method, insertAt, parameterName)));
        }

        foreach (var site in sites)
        {
            var rewrite = site.Rewrite;
            AddEdit(document.Id, site.Node, current => rewrite(current, parameterName));
        }

        var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
        var passingCallers = 0;
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.IsImplicit || location.Document.Project.Language != LanguageNames.CSharp)
            {
                return null;
            }

            var callerModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var callerRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var name = callerRoot!.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            var sources = RuleOptions.Of(location.Document.Project.AnalyzerOptions, callerRoot.SyntaxTree).TokenSourcesFor(RuleOptions.AddParameterFix);
            var update = CallerUpdates.CallerUpdate(name, callerModel!, method, insertAt, parameterName, target, tokenAt, overload, sources, out var passed, cancellationToken);
            if (update is null)
            {
                return null;
            }

            if (passed is not null && !(location.Document.Id == document.Id && target.Span.Contains(name.Span)))
            {
                passingCallers++;
            }

            if (update.Value.Node is not null)
            {
                AddEdit(location.Document.Id, update.Value.Node, update.Value.Edit!);
            }
        }

        foreach (var perDocument in edits)
        {
            var editedDocument = solution.GetDocument(perDocument.Key)!;
            var root = await editedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var newRoot = root!.ReplaceNodes(perDocument.Value.Keys, (original, rewritten) => perDocument.Value[original](rewritten));
            var newDocument = editedDocument.WithSyntaxRoot(newRoot);
            newDocument = await Imports.AddAndSimplifyAsync(newDocument, cancellationToken).ConfigureAwait(false);
            solution = newDocument.Project.Solution;
        }

        return (solution, passingCallers);
    }

    /// <summary>
    /// Last, but before the parameters that must stay last: a <c>params</c> array and caller-information parameters.
    /// (Trailing <c>out</c>/<c>ref</c> parameters stay before it: an optional parameter cannot precede a required one.)
    /// </summary>
    private static int InsertionIndex(IMethodSymbol method)
    {
        var index = method.Parameters.Length;
        while (index > 0 && MustStayLast(method.Parameters[index - 1]))
        {
            index--;
        }

        return index;
    }

    private static bool MustStayLast(IParameterSymbol parameter)
        => parameter.IsParams
            || parameter.GetAttributes().Any(a => a.AttributeClass is { Name: "CallerMemberNameAttribute" or "CallerFilePathAttribute" or "CallerLineNumberAttribute" or "CallerArgumentExpressionAttribute" });

    /// <summary>
    /// An <c>async</c> iterator of <c>IAsyncEnumerable&lt;T&gt;</c>: its token parameter needs
    /// <c>[EnumeratorCancellation]</c>, or the token given to <c>WithCancellation</c> never reaches it (CS8425).
    /// </summary>
    private static bool IsAsyncIterator(IMethodSymbol method, WellKnownTypes types)
        => method.IsAsync && types.AsyncEnumerableOfT is { } asyncEnumerable && SymbolEqualityComparer.Default.Equals(method.ReturnType.OriginalDefinition, asyncEnumerable);

    /// <summary>
    /// A position inside the function, where its parameters and type parameters are in scope as well as everything
    /// around it: a name that means the token there means it in the new parameter's type and in the forwarder too.
    /// </summary>
    private static int InsidePosition(SyntaxNode target)
    {
        var (body, expressionBody) = target is MethodDeclarationSyntax method
            ? (method.Body, method.ExpressionBody)
            : (((LocalFunctionStatementSyntax)target).Body, ((LocalFunctionStatementSyntax)target).ExpressionBody);
        return body?.OpenBraceToken.Span.End ?? expressionBody?.Expression.SpanStart ?? target.Span.End;
    }

    private static ParameterListSyntax AddParameter(ParameterListSyntax list, int index, string name, TypeSyntax type, bool optional, bool enumeratorCancellation)
    {
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(type.WithTrailingTrivia(SyntaxFactory.Space));
        if (enumeratorCancellation)
        {
            var attribute = SyntaxFactory.Attribute((NameSyntax)SyntaxFactory.ParseName("global::System.Runtime.CompilerServices.EnumeratorCancellation")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
            parameter = parameter.WithAttributeLists(SyntaxFactory.SingletonList(
                SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute)).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        if (optional)
        {
            parameter = parameter.WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression))
                .WithEqualsToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        return list.WithParameters(SeparatedLists.InsertSeparated(list.Parameters, index, parameter));
    }

    /// <summary>
    /// The action's title: the parameter, or the overload that <c>api_surface</c> asks for instead, and a warning when
    /// no caller passes a token yet (the work then stops only once somebody does).
    /// </summary>
    public static async Task<string> TitleAsync(Document document, SyntaxNode target, int passingCallers, CancellationToken cancellationToken)
    {
        var name = target is MethodDeclarationSyntax declaration ? declaration.Identifier.Text : ((LocalFunctionStatementSyntax)target).Identifier.Text;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var title = model?.GetDeclaredSymbol(target, cancellationToken) is IMethodSymbol method && AddsOverload(document, target, method)
            ? "Add an overload of '" + name + "' that takes a CancellationToken"
            : "Add a CancellationToken parameter to '" + name + "'";
        return passingCallers == 0 ? title + " (no caller passes a token yet)" : title;
    }

    /// <summary>
    /// Does <c>api_surface</c> keep <paramref name="method"/>'s signature: is the method visible further than the
    /// option lets the fix change (public or protected in a public type for <c>internal</c>; anything not private for
    /// <c>private</c>)? Local functions are never part of an API.
    /// </summary>
    private static bool AddsOverload(Document document, SyntaxNode target, IMethodSymbol method)
        => method.MethodKind != MethodKind.LocalFunction && IsBeyondApiSurface(document, target.SyntaxTree, method);

    /// <summary>
    /// Is <paramref name="member"/> visible further than <c>api_surface</c> lets a fix change its signature (public or
    /// protected in a public type, for <c>internal</c>, the default of a library)? The add-parameter fixes add an
    /// overload then; making a field <c>volatile</c> changes its signature too (a required modifier), so that fix
    /// declines.
    /// </summary>
    public static bool IsBeyondApiSurface(Document document, SyntaxTree tree, ISymbol member)
    {
        var library = document.Project.CompilationOptions?.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule or OutputKind.WindowsRuntimeMetadata;
        var allowed = RuleOptions.Of(document.Project.AnalyzerOptions, tree).ApiSurfaceFor(library) switch
        {
            ApiSurface.Private => Reach.Private,
            ApiSurface.Internal => Reach.Assembly,
            _ => Reach.Everywhere,
        };
        return ReachOf(member) > allowed;
    }

    /// <summary>
    /// Are all of <paramref name="method"/>'s callers in the solution: a local function, a method that is not visible
    /// outside the assembly, or any method of an executable (a sample, a test app), of a test assembly or of a test
    /// class, which no consumer of a package calls? Unknown methods count as not.
    /// </summary>
    public static bool AllCallersInView(IMethodSymbol? method, Compilation compilation)
        => method is not null
            && (method.MethodKind == MethodKind.LocalFunction
                || ReachOf(method) != Reach.Everywhere
                || compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication
                || Functions.IsTestAssembly(compilation)
                || Functions.IsTestClass(method.ContainingType));

    private enum Reach
    {
        Private,
        Assembly,
        Everywhere,
    }

    /// <summary>How far a method is visible: the narrowest accessibility of the method and the types around it.</summary>
    private static Reach ReachOf(ISymbol member)
    {
        var reach = Reach.Everywhere;
        for (ISymbol? symbol = member; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingType)
        {
            switch (symbol.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return Reach.Private;
                case Accessibility.Internal:
                case Accessibility.ProtectedAndInternal:
                    reach = Reach.Assembly;
                    break;
            }
        }

        return reach;
    }
}
