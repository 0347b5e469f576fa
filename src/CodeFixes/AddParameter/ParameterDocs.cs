using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The <c>&lt;param&gt;</c> tag of a parameter a fix adds. Written only where the method's XML documentation already
/// documents a parameter: there, a parameter without its tag is CS1573 in a project that builds its documentation;
/// elsewhere a lone tag would make every other parameter a CS1573 instead.
/// </summary>
internal static class ParameterDocs
{
    /// <summary>What the tag says: the caller decides whether the work stops, so the tag says what the token does.</summary>
    public const string Description = "The token that stops the work.";

    /// <summary>
    /// <paramref name="leading"/> (a member's leading trivia) with a tag for <paramref name="name"/>, right after the
    /// tag of the parameter before it (or before the tag of the one after it); unchanged when no parameter is documented.
    /// </summary>
    public static SyntaxTriviaList WithParameter(SyntaxTriviaList leading, IMethodSymbol method, int insertAt, string name)
    {
        var comment = leading.Select(t => t.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().FirstOrDefault();
        if (comment is null)
        {
            return leading;
        }

        SyntaxNode? after = null;
        SyntaxNode? before = null;
        SyntaxNode? last = null;
        foreach (var node in comment.Content)
        {
            if (ParameterNameOf(node) is not { } documented)
            {
                continue;
            }

            last = node;
            if (insertAt > 0 && insertAt - 1 < method.Parameters.Length && documented == method.Parameters[insertAt - 1].Name)
            {
                after = node;
            }
            else if (insertAt < method.Parameters.Length && documented == method.Parameters[insertAt].Name)
            {
                before ??= node;
            }
        }

        if (last is null)
        {
            return leading;
        }

        var text = leading.ToFullString();
        var start = leading.Span.Start;
        var anchor = after ?? before ?? last;
        var anchorStart = anchor.SpanStart - start;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, anchorStart - 1)) + 1;
        var prefix = text.Substring(lineStart, anchorStart - lineStart);
        if (prefix.Trim() != "///")
        {
            // The tag shares its line with other text: no line of ours would look like its neighbours.
            return leading;
        }

        var newLine = text.Contains("\r\n") ? "\r\n" : "\n";
        var tag = prefix + "<param name=\"" + name + "\">" + Description + "</param>";
        string updated;
        if (anchor == before)
        {
            updated = text.Insert(lineStart, tag + newLine);
        }
        else
        {
            var lineEnd = text.IndexOf('\n', anchor.Span.End - start);
            if (lineEnd < 0)
            {
                return leading;
            }

            var insertion = lineEnd > 0 && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            updated = text.Insert(insertion, newLine + tag);
        }

        return SyntaxFactory.ParseLeadingTrivia(updated);
    }

    private static string? ParameterNameOf(XmlNodeSyntax node)
    {
        var (name, attributes) = node switch
        {
            XmlElementSyntax element => (element.StartTag.Name, element.StartTag.Attributes),
            XmlEmptyElementSyntax empty => (empty.Name, empty.Attributes),
            _ => (null, default),
        };
        return name is { Prefix: null, LocalName.ValueText: "param" }
            ? attributes.OfType<XmlNameAttributeSyntax>().FirstOrDefault()?.Identifier.Identifier.ValueText
            : null;
    }
}
