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

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2004: declare the stop flag <c>volatile</c>. The diagnostic's additional location is the field's declarator, which
/// may be in another file of a partial type. Not offered when any variable of the declaration is passed or aliased by
/// reference anywhere (<c>ref _stop</c>): a reference to a volatile field is not treated as volatile (CS0420); nor for a
/// field visible further than <c>api_surface</c> allows (public or protected in a public type of a library, by default):
/// <c>volatile</c> is part of the field's signature, and code compiled against the old field would no longer find it
/// (TShock's public <c>_isListening</c>, garnet's protected <c>disposed</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeFieldVolatileCodeFixProvider)), Shared]
public sealed class MakeFieldVolatileCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = DiagnosticIds.StopFlagNotSynchronized;

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.StopFlagNotSynchronized);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.FirstOrDefault() is not { SourceTree: { } tree } location
                || solution.GetDocument(tree) is not { } document)
            {
                continue;
            }

            var root = await tree.GetRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root.FindNode(location.SourceSpan).FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { Parent.Parent: FieldDeclarationSyntax field } declarator
                || !await CanBeVolatileAsync(document, field, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{declarator.Identifier.ValueText}' volatile",
                    cancellationToken => MakeVolatileAsync(document, field.Span, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<bool> CanBeVolatileAsync(Document document, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        if (field.Modifiers.Any(modifier => modifier.IsKind(SyntaxKind.VolatileKeyword) || modifier.IsKind(SyntaxKind.ReadOnlyKeyword) || modifier.IsKind(SyntaxKind.ConstKeyword)))
        {
            return false;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return false;
        }

        foreach (var variable in field.Declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable, cancellationToken) is not IFieldSymbol symbol
                || AddCancellationParameter.IsBeyondApiSurface(document, field.SyntaxTree, symbol)
                || await IsUsedByReferenceAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> IsUsedByReferenceAsync(IFieldSymbol field, Solution solution, CancellationToken cancellationToken)
    {
        foreach (var referenced in await SymbolFinder.FindReferencesAsync(field, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var reference in referenced.Locations)
            {
                var root = await reference.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                SyntaxNode node = root.FindNode(reference.Location.SourceSpan, getInnermostNodeForTie: true);
                while (node.Parent is MemberAccessExpressionSyntax access && access.Name == node
                    || node.Parent is ParenthesizedExpressionSyntax)
                {
                    node = node.Parent;
                }

                if (node.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }
                    or RefExpressionSyntax
                    or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<Document> MakeVolatileAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan fieldSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(fieldSpan) is not FieldDeclarationSyntax field
            || field.Modifiers.Any(SyntaxKind.VolatileKeyword))
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(field, AddVolatile(field)));
    }

    /// <summary>
    /// <c>volatile</c> goes last among the modifiers (<c>private static volatile bool</c>). With no modifiers it goes
    /// before the type and takes over the type's leading trivia, so comments and indentation stay where they were.
    /// </summary>
    private static FieldDeclarationSyntax AddVolatile(FieldDeclarationSyntax field)
    {
        if (field.Modifiers.Count > 0)
        {
            return field.WithModifiers(field.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.VolatileKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var type = field.Declaration.Type;
        var keyword = SyntaxFactory.Token(type.GetLeadingTrivia(), SyntaxKind.VolatileKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return field
            .WithDeclaration(field.Declaration.WithType(type.WithLeadingTrivia(SyntaxFactory.TriviaList())))
            .WithModifiers(SyntaxFactory.TokenList(keyword));
    }
}
