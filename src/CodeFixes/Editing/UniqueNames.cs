using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>Names a fix writes (a parameter, a local) that clash with nothing in scope.</summary>
internal static class UniqueNames
{
    /// <summary>The member whose locals a new local must not clash with, lambdas and local functions included (the whole file for top-level statements).</summary>
    public static SyntaxNode NameScope(SyntaxNode node)
        => node.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax and not GlobalStatementSyntax) ?? node.SyntaxTree.GetRoot();

    public static string UniqueName(string name, SyntaxNode scope, params string[] alsoTaken) => UniqueName(name, new[] { scope }, alsoTaken);

    /// <summary>
    /// <paramref name="name"/>, or <paramref name="name"/> followed by the first number that makes it unique: no
    /// identifier in <paramref name="scopes"/> and none of <paramref name="alsoTaken"/> is spelled that way.
    /// </summary>
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
}
