using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>The usings a fix's new names need, and nothing else.</summary>
internal static class Imports
{
    /// <summary>
    /// Adds the usings that the names marked with <see cref="Simplifier.AddImportsAnnotation"/> need, then shortens
    /// the names marked with <see cref="Simplifier.Annotation"/>. Where that leaves no new using (the names come from
    /// global usings written <c>global using global::System.Threading;</c>, which the import adder does not see, so the
    /// simplifier takes its using away again), the names are only shortened: the round trip would leave a blank line
    /// above the first namespace.
    /// </summary>
    public static async Task<Document> AddAndSimplifyAsync(Document document, CancellationToken cancellationToken)
    {
        var original = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (!IsMarked(original!))
        {
            // Every new name was written as it reads (TokenTypeName): the import adder and the simplifier would walk and
            // bind a long document to change nothing.
            return document;
        }

        var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var addedNothing = (await withImports.GetTextAsync(cancellationToken).ConfigureAwait(false)).ContentEquals(await document.GetTextAsync(cancellationToken).ConfigureAwait(false));
        withImports = await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (addedNothing)
        {
            // The usings were all there: the names are shortened already, on the compilation the import adder has bound,
            // and only the marks go (the reduction does not read them). Taking them off first and reducing again would
            // give the same text at the cost of another compilation of a document that may be long.
            return WithoutImportMarks(withImports, await withImports.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false));
        }

        if (await UsingCountAsync(withImports, cancellationToken).ConfigureAwait(false) != await UsingCountAsync(document, cancellationToken).ConfigureAwait(false))
        {
            return withImports;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(WithoutImportMarks(document, root), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>CancellationToken</c> as a type name to write at <paramref name="position"/>: the plain name where it means
    /// the token there (nothing else of that name is in scope: no member, parameter, local or other type) and no using
    /// alias around it might name it instead, which is what the import adder and the simplifier would make of it;
    /// else the qualified name, marked for both. (A global alias of the token in another file is not looked for: the
    /// plain name still means the token.)
    /// </summary>
    public static TypeSyntax TokenTypeName(SemanticModel model, int position, CancellationToken cancellationToken)
        => WritesPlainTokenName(model, position, cancellationToken)
            ? SyntaxFactory.IdentifierName(TokenName)
            : SyntaxFactory.ParseTypeName(QualifiedTokenName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary><c>CancellationToken.None</c> to write at <paramref name="position"/>, named as <see cref="TokenTypeName"/> says.</summary>
    public static ExpressionSyntax NoToken(SemanticModel model, int position, CancellationToken cancellationToken)
        => WritesPlainTokenName(model, position, cancellationToken)
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(TokenName), SyntaxFactory.IdentifierName("None"))
            : SyntaxFactory.ParseExpression(QualifiedTokenName + ".None").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private const string TokenName = "CancellationToken";
    private const string QualifiedTokenName = "global::System.Threading.CancellationToken";

    private static bool WritesPlainTokenName(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        for (var node = model.SyntaxTree.GetRoot(cancellationToken).FindToken(position).Parent; node is not null; node = node.Parent)
        {
            var usings = node switch
            {
                BaseNamespaceDeclarationSyntax space => space.Usings,
                CompilationUnitSyntax unit => unit.Usings,
                _ => default,
            };
            foreach (var directive in usings)
            {
                if (directive.Alias is not null)
                {
                    return false;
                }
            }
        }

        var found = model.LookupSymbols(position, name: TokenName);
        return found.Length == 1 && WellKnownTypes.For(model.Compilation).CancellationToken is { } token && SymbolEqualityComparer.Default.Equals(found[0], token);
    }

    private static bool IsMarked(SyntaxNode root)
        => root.ContainsAnnotations
            && (root.GetAnnotatedNodesAndTokens(Simplifier.Annotation).Any() || root.GetAnnotatedNodesAndTokens(Simplifier.AddImportsAnnotation).Any());

    /// <summary>The marks go, or the code action's own clean-up would run the import adder again.</summary>
    private static Document WithoutImportMarks(Document document, SyntaxNode? root)
    {
        var marked = root!.GetAnnotatedNodesAndTokens(Simplifier.AddImportsAnnotation).Where(n => n.IsNode).Select(n => n.AsNode()!);
        return document.WithSyntaxRoot(root.ReplaceNodes(marked, (_, node) => node.WithoutAnnotations(Simplifier.AddImportsAnnotation)));
    }

    private static async Task<int> UsingCountAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var node in root!.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax)
            {
                count++;
            }
        }

        return count;
    }
}
