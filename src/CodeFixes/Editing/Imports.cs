using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
        var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        withImports = await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (await UsingCountAsync(withImports, cancellationToken).ConfigureAwait(false) != await UsingCountAsync(document, cancellationToken).ConfigureAwait(false))
        {
            return withImports;
        }

        // The marks go too, or the code action's own clean-up would run the import adder again.
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var marked = root!.GetAnnotatedNodesAndTokens(Simplifier.AddImportsAnnotation).Where(n => n.IsNode).Select(n => n.AsNode()!);
        document = document.WithSyntaxRoot(root.ReplaceNodes(marked, (_, node) => node.WithoutAnnotations(Simplifier.AddImportsAnnotation)));
        return await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
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
