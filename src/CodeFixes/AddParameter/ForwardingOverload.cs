using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Where <c>api_surface</c> keeps a method's signature: the method becomes an overload that takes a required token and
/// keeps the body, and a forwarder with the original signature takes its place.
/// </summary>
internal static class ForwardingOverload
{
    /// <summary>A forwarding overload needs a method of a type (not a local function) that does not return by reference.</summary>
    public static bool CanForward(SyntaxNode target, IMethodSymbol method)
        => target is MethodDeclarationSyntax { Parent: TypeDeclarationSyntax } && !method.ReturnsByRef && !method.ReturnsByRefReadonly;

    /// <summary>In an overload the token is required, so it goes before the first optional or <c>params</c> parameter.</summary>
    public static int RequiredInsertionIndex(IMethodSymbol method)
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
    /// <param name="none">How <c>CancellationToken.None</c> is written (<see cref="Imports.NoToken"/>).</param>
    public static MethodDeclarationSyntax Forwarder(MethodDeclarationSyntax original, IMethodSymbol method, int insertAt, ExpressionSyntax none)
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
    public static TypeDeclarationSyntax InsertForwarder(TypeDeclarationSyntax type, int index, MethodDeclarationSyntax forwarder, SyntaxNode original, IMethodSymbol method, int insertAt, string parameterName)
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
}
