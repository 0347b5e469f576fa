using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
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
    /// The function declaration (method or local function) that would receive the parameter for code at
    /// <paramref name="site"/>, or null when none can: the code sits in a static lambda, a field initializer, an
    /// override, an interface implementation, a virtual, abstract, extern or partial method, an entry point, or a
    /// function that already has a token.
    /// </summary>
    public static SyntaxNode? FindTarget(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var node = site.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return null;
                    }

                    continue;
                case LocalFunctionStatementSyntax localFunction:
                    return CanChange(model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol, model, cancellationToken) ? localFunction : null;
                case MethodDeclarationSyntax method:
                    return method.Body is not null || method.ExpressionBody is not null
                        ? CanChange(model.GetDeclaredSymbol(method, cancellationToken), model, cancellationToken) ? method : null
                        : null;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The declaration of <paramref name="method"/> (a method with a body, or a local function) in the tree of
    /// <paramref name="model"/> when it can receive the parameter, else null. Used when the function is known by symbol,
    /// as the worker a thread runs.
    /// </summary>
    public static SyntaxNode? TargetFor(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var hasBody = declaration switch
        {
            MethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
            LocalFunctionStatementSyntax l => l.Body is not null || l.ExpressionBody is not null,
            _ => false,
        };

        return hasBody && CanChange(method, model, cancellationToken) ? declaration : null;
    }

    private static bool CanChange(IMethodSymbol? method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method is null
            || method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsExtern
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || method.IsPartialDefinition
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.DeclaringSyntaxReferences.Length != 1
            || SymbolEqualityComparer.Default.Equals(method, model.Compilation.GetEntryPoint(cancellationToken)))
        {
            return false;
        }

        // An event handler is called by whoever raises the event, which will never pass a token.
        if (IsEventHandlerShaped(method))
        {
            return false;
        }

        // A method with attributes is often invoked by a framework ([Fact], [Benchmark], [OnDeserialized], …) that
        // would break on an extra parameter even though the code still compiles.
        if (method.GetAttributes().Any(a => !IsNeutral(a.AttributeClass)))
        {
            return false;
        }

        var types = WellKnownTypes.For(model.Compilation);
        if (types.CancellationToken is null || method.Parameters.Any(p => types.IsCancellationType(p.Type)))
        {
            return false;
        }

        if (method.MethodKind == MethodKind.Ordinary && method.ExplicitInterfaceImplementations.Length > 0)
        {
            return false;
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>(object sender, SomethingEventArgs e)</c>: the shape of an event handler.</summary>
    private static bool IsEventHandlerShaped(IMethodSymbol method)
    {
        if (method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object)
        {
            return false;
        }

        for (var type = method.Parameters[1].Type; type is not null; type = type.BaseType)
        {
            if (type.Name == "EventArgs" && type.ContainingNamespace?.Name == "System")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Attributes that say nothing about who calls the method.</summary>
    private static bool IsNeutral(INamedTypeSymbol? attribute) => attribute?.Name is
        "ObsoleteAttribute" or "MethodImplAttribute" or "DebuggerStepThroughAttribute" or "DebuggerHiddenAttribute"
        or "DebuggerNonUserCodeAttribute" or "SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute"
        or "ExcludeFromCodeCoverageAttribute" or "ConditionalAttribute" or "AsyncStateMachineAttribute"
        or "IteratorStateMachineAttribute" or "CompilerGeneratedAttribute" or "NullableContextAttribute";

    /// <summary>
    /// Adds the parameter to <paramref name="target"/>, rewrites each site with <paramref name="rewrite"/>, and updates
    /// callers. Returns null when a caller cannot be updated (an event subscription, a method group it cannot turn into
    /// a lambda, an unknown kind of reference); else the solution and how many references outside the function now
    /// pass it a token (none means the parameter only helps once somebody passes one).
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

        var parameterName = UniqueName(DefaultName, target);
        var overload = AddsOverload(document, target, method);
        if (overload && !CanForward(target, method))
        {
            return null;
        }

        var insertAt = overload ? RequiredInsertionIndex(method) : InsertionIndex(method);
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
        AddEdit(document.Id, parameterList, current => AddParameter((ParameterListSyntax)current, insertAt, parameterName, optional: !overload, enumeratorCancellation));
        if (overload)
        {
            var forwarder = Forwarder((MethodDeclarationSyntax)target, method, insertAt);
            var index = ((TypeDeclarationSyntax)target.Parent!).Members.IndexOf((MemberDeclarationSyntax)target);
            AddEdit(document.Id, target.Parent!, current => InsertForwarder((TypeDeclarationSyntax)current, index, forwarder, target, method, insertAt, parameterName));
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
            var update = CallerUpdate(name, callerModel!, method, insertAt, parameterName, target, tokenAt, overload, sources, out var passed, cancellationToken);
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

    private static ParameterListSyntax AddParameter(ParameterListSyntax list, int index, string name, bool optional, bool enumeratorCancellation)
    {
        var type = SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
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

        return list.WithParameters(InsertSeparated(list.Parameters, index, parameter));
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
    {
        var library = document.Project.CompilationOptions?.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule or OutputKind.WindowsRuntimeMetadata;
        var allowed = RuleOptions.Of(document.Project.AnalyzerOptions, target.SyntaxTree).ApiSurfaceFor(library) switch
        {
            ApiSurface.Private => Reach.Private,
            ApiSurface.Internal => Reach.Assembly,
            _ => Reach.Everywhere,
        };
        return method.MethodKind != MethodKind.LocalFunction && ReachOf(method) > allowed;
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
    private static Reach ReachOf(IMethodSymbol method)
    {
        var reach = Reach.Everywhere;
        for (ISymbol? symbol = method; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingType)
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

    /// <summary>A forwarding overload needs a method of a type (not a local function) that does not return by reference.</summary>
    private static bool CanForward(SyntaxNode target, IMethodSymbol method)
        => target is MethodDeclarationSyntax { Parent: TypeDeclarationSyntax } && !method.ReturnsByRef && !method.ReturnsByRefReadonly;

    /// <summary>In an overload the token is required, so it goes before the first optional or <c>params</c> parameter.</summary>
    private static int RequiredInsertionIndex(IMethodSymbol method)
    {
        var index = 0;
        while (index < method.Parameters.Length && !method.Parameters[index].IsOptional && !method.Parameters[index].IsParams)
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// The original signature, attributes and documentation, forwarding to the overload:
    /// <c>public Task RunAsync(int x) => RunAsync(x, CancellationToken.None);</c> (no <c>async</c>: it only forwards).
    /// </summary>
    private static MethodDeclarationSyntax Forwarder(MethodDeclarationSyntax original, IMethodSymbol method, int insertAt)
    {
        var arguments = new List<ArgumentSyntax>();
        for (var i = 0; i < original.ParameterList.Parameters.Count && i < method.Parameters.Length; i++)
        {
            var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(original.ParameterList.Parameters[i].Identifier.WithoutTrivia()));
            var refKind = method.Parameters[i].RefKind switch
            {
                RefKind.None => SyntaxKind.None,
                RefKind.Ref => SyntaxKind.RefKeyword,
                RefKind.Out => SyntaxKind.OutKeyword,
                _ => SyntaxKind.InKeyword,
            };
            arguments.Add(refKind == SyntaxKind.None ? argument : argument.WithRefKindKeyword(SyntaxFactory.Token(refKind)));
        }

        var none = SyntaxFactory.ParseExpression("global::System.Threading.CancellationToken.None")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        arguments.Insert(insertAt, SyntaxFactory.Argument(none));

        SimpleNameSyntax callee = original.TypeParameterList is { } typeParameters
            ? SyntaxFactory.GenericName(original.Identifier.WithoutTrivia(), SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList<TypeSyntax>(
                typeParameters.Parameters.Select(p => SyntaxFactory.IdentifierName(p.Identifier.WithoutTrivia())))))
            : SyntaxFactory.IdentifierName(original.Identifier.WithoutTrivia());
        var call = SyntaxFactory.InvocationExpression(callee, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        var trailing = original.GetLastToken().TrailingTrivia;
        var modifiers = SyntaxFactory.TokenList(original.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.AsyncKeyword)));
        if (original.Modifiers.Count > 0 && original.Modifiers[0].IsKind(SyntaxKind.AsyncKeyword) && modifiers.Count > 0)
        {
            modifiers = modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(original.Modifiers[0].LeadingTrivia));
        }

        return original
            .WithModifiers(modifiers)
            .WithBody(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(call))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// Puts the forwarder where the method was; the method, now the overload, follows it after a blank line with its
    /// XML documentation (a public member without any is CS1591 where documentation is built), the token's tag added,
    /// but not the comments or directives above it.
    /// </summary>
    private static TypeDeclarationSyntax InsertForwarder(TypeDeclarationSyntax type, int index, MethodDeclarationSyntax forwarder, SyntaxNode original, IMethodSymbol method, int insertAt, string parameterName)
    {
        var leading = original.GetLeadingTrivia();
        var docs = leading.IndexOf(leading.FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)));
        var kept = docs < 0
            ? leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse()
            : ParameterDocs.WithParameter(SyntaxFactory.TriviaList(leading.Skip(docs > 0 && leading[docs - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? docs - 1 : docs)), method, insertAt, parameterName);
        var overload = type.Members[index];
        overload = overload.WithLeadingTrivia(SyntaxFactory.TriviaList(LoopChecks.EndOfLine(original)).AddRange(kept));
        return type.WithMembers(type.Members.Replace(type.Members[index], overload).Insert(index, forwarder));
    }

    /// <summary>Inserts <paramref name="node"/> so that the list keeps its layout: on one line, or one item per line.</summary>
    public static SeparatedSyntaxList<T> InsertSeparated<T>(SeparatedSyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        if (list.Count == 0)
        {
            return list.Add(node.WithoutLeadingTrivia());
        }

        var nodes = new List<T>(list);
        var separators = new List<SyntaxToken>(list.GetSeparators());
        var neighbour = index < nodes.Count ? nodes[index] : nodes[nodes.Count - 1];
        var separatorTrivia = separators.Count > 0
            ? separators[Math.Max(0, Math.Min(index, separators.Count) - 1)].TrailingTrivia
            : SyntaxFactory.TriviaList(SyntaxFactory.Space);
        if (index == 0)
        {
            // The old first item moves behind a separator; the new one takes its place and its leading layout.
            nodes[0] = nodes[0].WithLeadingTrivia(separators.Count > 0 ? nodes.Count > 1 ? nodes[1].GetLeadingTrivia() : default : default);
        }

        var inserted = node.WithLeadingTrivia(neighbour.GetLeadingTrivia());
        var last = nodes[nodes.Count - 1];
        if (index == nodes.Count && separators.Count < nodes.Count && last.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            // The list's closer stands on a line of its own. With one item per line, the comma ends the last item's
            // line (before its comment) and the new item takes a line of its own above the closer; with the items on
            // one line, the new one joins them there.
            var trailing = last.GetTrailingTrivia();
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            var lineBefore = separators.Count > 0 ? separators[separators.Count - 1].TrailingTrivia : last.GetFirstToken().GetPreviousToken().TrailingTrivia;
            if (lineBefore.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                separatorTrivia = trailing;
                inserted = inserted.WithTrailingTrivia(trailing.Last(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
            }
            else
            {
                separatorTrivia = SyntaxFactory.TriviaList(SyntaxFactory.Space);
                inserted = inserted.WithLeadingTrivia().WithTrailingTrivia(trailing);
            }
        }

        nodes.Insert(index, inserted);
        separators.Insert(Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(separatorTrivia));
        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    /// <summary>
    /// <paramref name="name"/>, or <paramref name="name"/> followed by the first number that makes it unique: no
    /// identifier in <paramref name="scopes"/> and none of <paramref name="alsoTaken"/> is spelled that way.
    /// </summary>
    /// <summary>The member whose locals a new local must not clash with, lambdas and local functions included (the whole file for top-level statements).</summary>
    public static SyntaxNode NameScope(SyntaxNode node)
        => node.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax and not GlobalStatementSyntax) ?? node.SyntaxTree.GetRoot();

    public static string UniqueName(string name, SyntaxNode scope, params string[] alsoTaken) => UniqueName(name, new[] { scope }, alsoTaken);

    public static string UniqueName(string name, IEnumerable<SyntaxNode> scopes, IEnumerable<string> alsoTaken)
    {
        var used = new HashSet<string>(alsoTaken, StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            used.UnionWith(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        }

        var unique = name;
        for (var i = 1; used.Contains(unique); i++)
        {
            unique = name + i;
        }

        return unique;
    }

    /// <summary>What to do at one reference: an edit, nothing (nameof, cref), or null when the reference cannot be updated.</summary>
    /// <remarks>
    /// With a forwarding <paramref name="overload"/>, calls and method groups without a token stay as they are (they
    /// bind to the original signature); those with one pass it to the overload.
    /// </remarks>
    private static (SyntaxNode? Node, Func<SyntaxNode, SyntaxNode>? Edit)? CallerUpdate(
        SyntaxNode name, SemanticModel model, IMethodSymbol method, int insertAt, string parameterName, SyntaxNode target, Func<SyntaxNode, string?>? tokenAt, bool overload, TokenSources sources, out string? token, CancellationToken cancellationToken)
    {
        token = null;
        if (name.FirstAncestorOrSelf<CrefSyntax>() is not null || IsInNameOf(name))
        {
            return (null, null);
        }

        var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access
            : name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name ? (ExpressionSyntax)binding
            : name as ExpressionSyntax;
        if (expression is null)
        {
            return null;
        }

        var found = tokenAt?.Invoke(expression) ?? TokenAt(expression, model, target, parameterName, sources, cancellationToken);
        token = found;
        if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
        {
            // In x.Extension(a) the receiver is the first parameter but not an argument.
            var argumentIndex = model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ReducedFrom: not null } ? insertAt - 1 : insertAt;
            if (overload)
            {
                var anyNamed = invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null);
                return found is null
                    ? (null, null)
                    : (invocation.ArgumentList, current => PassToken((ArgumentListSyntax)current, argumentIndex, !anyNamed, found, parameterName));
            }

            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return null;
            }

            var needsPositional = operation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is { } p && p.Ordinal >= insertAt);
            if (!needsPositional && found is null)
            {
                return (null, null);
            }

            return (invocation.ArgumentList, current => PassToken((ArgumentListSyntax)current, argumentIndex, needsPositional, found, parameterName));
        }

        // A method group: it only converts to its delegate type while the signature is unchanged, so it becomes a lambda.
        // Next to a forwarding overload it still binds to the original, unless it must pass a token.
        if (overload && found is null)
        {
            return (null, null);
        }

        if (expression.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression or (int)SyntaxKind.SubtractAssignmentExpression })
        {
            return null;
        }

        if (model.GetTypeInfo(expression, cancellationToken).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke } delegateType
            || delegateType.Name.EndsWith("EventHandler", StringComparison.Ordinal)
            || invoke.Parameters.Any(p => p.RefKind != RefKind.None)
            || method.IsGenericMethod
            || !IsStableReceiver(expression))
        {
            return null;
        }

        return (expression, current => ToLambda((ExpressionSyntax)current, invoke, insertAt, found));
    }

    private static bool IsInNameOf(SyntaxNode node)
        => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static bool IsStableReceiver(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax or SimpleNameSyntax or PredefinedTypeSyntax } => true,
        _ => false,
    };

    /// <summary>The token a call site can pass: its nearest token in scope, or the new parameter inside the target itself.</summary>
    private static string? TokenAt(SyntaxNode site, SemanticModel model, SyntaxNode target, string parameterName, TokenSources sources, CancellationToken cancellationToken)
    {
        IOperation? operation = null;
        for (var node = site; node is not null && operation is null; node = node.Parent)
        {
            operation = model.GetOperation(node, cancellationToken);
        }

        if (operation is not null)
        {
            var types = WellKnownTypes.For(model.Compilation);
            if (TokenOfStartedWork(operation, types) is { } started)
            {
                return started;
            }

            var member = Functions.ContainingMember(model.GetEnclosingSymbol(site.SpanStart, cancellationToken));
            var tokens = TokenScope.At(operation, member, types, sources);
            if (tokens.Length > 0)
            {
                return tokens[0].TokenExpression;
            }
        }

        return target.SyntaxTree == site.SyntaxTree && target.Span.Contains(site.Span) && !CrossesStaticFunction(site, target)
            ? parameterName
            : null;
    }

    /// <summary>
    /// A reference that is the work a <c>Task.Run</c>/<c>StartNew</c>/<c>new Task</c> starts (<c>Task.Run(Poll, token)</c>,
    /// <c>Task.Run(() => Poll(), token)</c>) passes the token that call was given: that token is the one meant to stop
    /// this work, whatever else is nearer. Only a token written as a name or a chain of member accesses is repeated.
    /// </summary>
    private static string? TokenOfStartedWork(IOperation reference, WellKnownTypes types)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            var work = current switch
            {
                IInvocationOperation call => StartedWork.Match(call, types),
                IObjectCreationOperation creation => StartedWork.MatchCreation(creation, types),
                _ => null,
            };

            if (work is { TokenUse: TokenUse.Passed } started)
            {
                foreach (var startedDelegate in started.StartedDelegates())
                {
                    if (startedDelegate.Syntax.Span.Contains(reference.Syntax.Span)
                        && started.PassedToken(types) is { Syntax: ExpressionSyntax token }
                        && IsNameChain(token))
                    {
                        return token.WithoutTrivia().ToString();
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static bool IsNameChain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsNameChain(access.Expression),
        _ => false,
    };

    private static bool CrossesStaticFunction(SyntaxNode site, SyntaxNode target)
    {
        for (var node = site.Parent; node is not null && node != target; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword)
                || node is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return true;
            }
        }

        return false;
    }

    private static ArgumentListSyntax PassToken(ArgumentListSyntax list, int insertAt, bool positional, string? token, string parameterName)
    {
        var value = SyntaxFactory.ParseExpression(token ?? "default");
        if (positional)
        {
            return list.WithArguments(InsertSeparated(list.Arguments, insertAt, SyntaxFactory.Argument(value)));
        }

        var argument = SyntaxFactory.Argument(value);
        if (list.Arguments.Count != insertAt || list.Arguments.Any(a => a.NameColon is not null))
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(parameterName));
        }

        return list.WithArguments(InsertSeparated(list.Arguments, list.Arguments.Count, argument));
    }

    private static ExpressionSyntax ToLambda(ExpressionSyntax methodGroup, IMethodSymbol invoke, int insertAt, string? token)
    {
        var names = invoke.Parameters.Select(p => p.Name).ToList();
        var arguments = names.Select(n => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(n))).ToList();
        if (token is not null)
        {
            arguments.Insert(Math.Min(insertAt, arguments.Count), SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)));
        }

        var call = SyntaxFactory.InvocationExpression(methodGroup.WithoutTrivia(), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(names.Select(n => SyntaxFactory.Parameter(SyntaxFactory.Identifier(n)))));
        return SyntaxFactory.ParenthesizedLambdaExpression(parameters, call)
            .WithTriviaFrom(methodGroup)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
