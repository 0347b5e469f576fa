using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The last line of defence behind every fix: a fix whose result has a compiler error the original did not have is
/// not offered. Errors are compared as sets of (ID, message, enclosing member), so an error that merely moves with its
/// code is not new, and one that replaces another is. The documents checked are the changed ones and, where a
/// method's signature changed, every document that calls a method of that name in that type: a caller the fix left
/// alone can become ambiguous with another overload (CS0121) while every changed document compiles. Where the change
/// stays inside member bodies, only those members are bound and compared (the light bulb must open fast in a long
/// file); elsewhere, whole documents. A fix that only
/// deletes code can pass <c>countWarnings</c>: then a new compiler warning (code after it that becomes unreachable,
/// CS0162) counts too, since projects build with warnings as errors.
/// </summary>
internal static class CompileCheck
{
    public static async Task<bool> IntroducesErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken, bool countWarnings = false)
    {
        var threshold = countWarnings ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
        var checkedDocuments = new HashSet<DocumentId>();
        var callersToCheck = new HashSet<DocumentId>();
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                checkedDocuments.Add(documentId);
                var oldDocument = before.GetDocument(documentId)!;
                var newDocument = after.GetDocument(documentId)!;
                var callers = await CallersOfChangedSignaturesAsync(oldDocument, newDocument, cancellationToken).ConfigureAwait(false);
                var spans = callers.Count == 0 ? await ChangedMembersAsync(oldDocument, newDocument, cancellationToken).ConfigureAwait(false) : null;
                if (await IntroducesAsync(oldDocument, newDocument, threshold, spans, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                callersToCheck.UnionWith(callers);
            }
        }

        foreach (var documentId in callersToCheck)
        {
            if (!checkedDocuments.Contains(documentId)
                && before.GetDocument(documentId) is { } oldDocument
                && after.GetDocument(documentId) is { } newDocument
                && await IntroducesAsync(oldDocument, newDocument, threshold, spans: null, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="spans">The changed members, before and after the change; null to compare whole documents.</param>
    private static async Task<bool> IntroducesAsync(Document oldDocument, Document newDocument, DiagnosticSeverity threshold, (TextSpan Old, TextSpan New)? spans, CancellationToken cancellationToken)
    {
        var remaining = await ErrorsAsync(oldDocument, threshold, spans?.Old, cancellationToken).ConfigureAwait(false);
        foreach (var error in await ErrorsAsync(newDocument, threshold, spans?.New, cancellationToken).ConfigureAwait(false))
        {
            if (!remaining.Remove(error))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The document's errors (or warnings too) as (ID, message, enclosing member), one entry per occurrence.</summary>
    private static async Task<List<(string Id, string Message, string Member)>> ErrorsAsync(Document document, DiagnosticSeverity threshold, TextSpan? span, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<(string, string, string)>();
        foreach (var diagnostic in model!.GetDiagnostics(span, cancellationToken))
        {
            if (diagnostic.Severity < threshold)
            {
                continue;
            }

            var member = model.GetEnclosingSymbol(diagnostic.Location.SourceSpan.Start, cancellationToken);
            errors.Add((diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), member is null ? "" : member.ContainingType?.Name + "." + member.Name));
        }

        return errors;
    }

    /// <summary>
    /// The documents (of the original solution) that reference a method of a type and name whose set of signatures
    /// the change altered in this document: a parameter added, an overload added.
    /// </summary>
    private static async Task<ICollection<DocumentId>> CallersOfChangedSignaturesAsync(Document oldDocument, Document newDocument, CancellationToken cancellationToken)
    {
        var oldRoot = await oldDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await newDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var oldSignatures = Signatures(oldRoot!);
        var changed = new HashSet<(string Type, string Name)>();
        foreach (var signature in Signatures(newRoot!))
        {
            if (!oldSignatures.Remove(signature))
            {
                changed.Add((signature.Type, signature.Name));
            }
        }

        foreach (var removed in oldSignatures)
        {
            changed.Add((removed.Type, removed.Name));
        }

        if (changed.Count == 0)
        {
            return Array.Empty<DocumentId>();
        }

        var model = await oldDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var callers = new HashSet<DocumentId>();
        foreach (var type in oldRoot!.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            if (model!.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol)
            {
                continue;
            }

            foreach (var (typeName, name) in changed)
            {
                if (typeName != type.Identifier.ValueText)
                {
                    continue;
                }

                foreach (var method in typeSymbol.GetMembers(name).OfType<IMethodSymbol>())
                {
                    var references = await SymbolFinder.FindReferencesAsync(method, oldDocument.Project.Solution, cancellationToken).ConfigureAwait(false);
                    foreach (var location in references.SelectMany(r => r.Locations))
                    {
                        callers.Add(location.Document.Id);
                    }
                }
            }
        }

        return callers;
    }

    /// <summary>
    /// The span of the members the change touched, before and after it (from the first changed member to the last), or
    /// null when a change lies outside every member body (a new using, a new field or type: errors may move anywhere,
    /// so the whole document is compared). Binding only those members keeps the check cheap in a long file.
    /// </summary>
    private static async Task<(TextSpan Old, TextSpan New)?> ChangedMembersAsync(Document oldDocument, Document newDocument, CancellationToken cancellationToken)
    {
        var changes = (await newDocument.GetTextChangesAsync(oldDocument, cancellationToken).ConfigureAwait(false)).ToList();
        if (changes.Count == 0)
        {
            return null;
        }

        var oldRoot = await oldDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        int start = int.MaxValue, end = 0;
        foreach (var change in changes)
        {
            if (MemberAround(oldRoot!, change.Span) is not { } member)
            {
                return null;
            }

            start = Math.Min(start, member.FullSpan.Start);
            end = Math.Max(end, member.FullSpan.End);
        }

        var delta = changes.Sum(change => change.NewText!.Length - change.Span.Length);
        return (TextSpan.FromBounds(start, end), TextSpan.FromBounds(start, end + delta));
    }

    /// <summary>The member (method, accessor's property, constructor, field…) whose declaration holds the whole span, not a type or namespace.</summary>
    private static MemberDeclarationSyntax? MemberAround(SyntaxNode root, TextSpan span)
    {
        for (var node = root.FindToken(span.Start).Parent; node is not null; node = node.Parent)
        {
            if (node is MemberDeclarationSyntax member and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not GlobalStatementSyntax)
            {
                return member.Span.Contains(span) ? member : null;
            }
        }

        return null;
    }

    /// <summary>Every method declared in the tree as (type, name, parameter list as written), one entry per declaration.</summary>
    private static List<(string Type, string Name, string Parameters)> Signatures(SyntaxNode root)
    {
        var signatures = new List<(string, string, string)>();
        foreach (var method in root.DescendantNodes(n => n is not BaseMethodDeclarationSyntax and not StatementSyntax and not ExpressionSyntax).OfType<MethodDeclarationSyntax>())
        {
            if (method.Parent is TypeDeclarationSyntax type)
            {
                signatures.Add((type.Identifier.ValueText, method.Identifier.ValueText, string.Join(",", method.ParameterList.Parameters.Select(p => p.Type?.ToString() + (p.Default is null ? "" : "=")))));
            }
        }

        return signatures;
    }
}
