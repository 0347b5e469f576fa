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
/// stays inside members, only those members are bound and compared (the light bulb must open fast in a long
/// file); elsewhere, whole documents. Where it stays inside member bodies, only their binding and the syntax are
/// compared: no declaration changed. A fix that only
/// deletes code can pass <c>countWarnings</c>: then a new compiler warning (code after it that becomes unreachable,
/// CS0162) counts too, since projects build with warnings as errors.
/// </summary>
internal static class CompileCheck
{
    public static Task<bool> IntroducesErrorsAsync(Solution before, Solution after, CancellationToken cancellationToken, bool countWarnings = false)
        => IntroducesErrorsAsync(before, after, countWarnings, bodiesAlone: true, cancellationToken);

    /// <param name="bodiesAlone">
    /// Where every change of a document lies inside member bodies, compare only what binding those bodies reports
    /// (with the document's syntax errors): no declaration can have changed, and the declaration checks of a type
    /// bind every member's signature, the dearest part of a check in a long class. False for the tests that hold the
    /// shortcut to the full comparison.
    /// </param>
    internal static async Task<bool> IntroducesErrorsAsync(Solution before, Solution after, bool countWarnings, bool bodiesAlone, CancellationToken cancellationToken)
    {
        var threshold = countWarnings ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
        var changed = new HashSet<DocumentId>();
        var inBodies = new HashSet<DocumentId>();
        var signaturesChanged = new HashSet<DocumentId>();
        var callers = new Dictionary<DocumentId, List<int>>();
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                changed.Add(documentId);
                var oldDocument = before.GetDocument(documentId)!;
                var newDocument = after.GetDocument(documentId)!;
                if (bodiesAlone && await InBodiesOnlyAsync(oldDocument, newDocument, cancellationToken).ConfigureAwait(false))
                {
                    inBodies.Add(documentId);
                }
                else if (await AddCallersOfChangedSignaturesAsync(oldDocument, newDocument, callers, cancellationToken).ConfigureAwait(false))
                {
                    signaturesChanged.Add(documentId);
                }
            }
        }

        foreach (var documentId in changed.Concat(callers.Keys.Where(id => !changed.Contains(id))))
        {
            if (before.GetDocument(documentId) is not { } oldDocument || after.GetDocument(documentId) is not { } newDocument)
            {
                continue;
            }

            var positions = callers.TryGetValue(documentId, out var found) ? found : new List<int>();
            var spans = await SpansToCheckAsync(oldDocument, newDocument, positions, signaturesChanged.Contains(documentId), cancellationToken).ConfigureAwait(false);
            if (await IntroducesAsync(oldDocument, newDocument, threshold, spans, inBodies.Contains(documentId), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="spans">The members to compare, before and after the change; null to compare whole documents.</param>
    /// <remarks>The changed side is bound first: where it has no error (a fix that compiles), there is nothing to compare, and the original is not bound at all.</remarks>
    private static async Task<bool> IntroducesAsync(Document oldDocument, Document newDocument, DiagnosticSeverity threshold, List<(TextSpan Old, TextSpan New)>? spans, bool inBodies, CancellationToken cancellationToken)
    {
        var pairs = spans?.Select(pair => ((TextSpan?)pair.Old, (TextSpan?)pair.New)).ToList() ?? new List<(TextSpan?, TextSpan?)> { (null, null) };
        var found = new List<(string Id, string Message, string Member)>();
        foreach (var (_, newSpan) in pairs)
        {
            found.AddRange(await ErrorsAsync(newDocument, threshold, newSpan, inBodies, cancellationToken).ConfigureAwait(false));
        }

        if (found.Count == 0)
        {
            return false;
        }

        var remaining = new List<(string Id, string Message, string Member)>();
        foreach (var (oldSpan, _) in pairs)
        {
            remaining.AddRange(await ErrorsAsync(oldDocument, threshold, oldSpan, inBodies, cancellationToken).ConfigureAwait(false));
        }

        foreach (var error in found)
        {
            if (!remaining.Remove(error))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The document's errors (or warnings too) as (ID, message, enclosing member), one entry per occurrence; with
    /// <paramref name="inBodies"/>, those of parsing and of binding member bodies only.
    /// </summary>
    private static async Task<List<(string Id, string Message, string Member)>> ErrorsAsync(Document document, DiagnosticSeverity threshold, TextSpan? span, bool inBodies, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var errors = new List<(string, string, string)>();
        var diagnostics = inBodies
            ? model!.SyntaxTree.GetDiagnostics(cancellationToken).Where(d => span is not { } within || d.Location.SourceSpan.IntersectsWith(within)).Concat(model.GetMethodBodyDiagnostics(span, cancellationToken))
            : model!.GetDiagnostics(span, cancellationToken);
        foreach (var diagnostic in diagnostics)
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
    /// Adds the documents (of the original solution) that reference a method of a type and name whose set of
    /// signatures the change altered in this document (a parameter added, an overload added), with where they do;
    /// false when no signature changed.
    /// </summary>
    private static async Task<bool> AddCallersOfChangedSignaturesAsync(Document oldDocument, Document newDocument, Dictionary<DocumentId, List<int>> callers, CancellationToken cancellationToken)
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
            return false;
        }

        var model = await oldDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        foreach (var type in oldRoot!.DescendantNodes(n => n is not MemberDeclarationSyntax || n is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax).OfType<TypeDeclarationSyntax>())
        {
            if (!changed.Any(c => c.Type == type.Identifier.ValueText)
                || model!.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol)
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
                        if (!callers.TryGetValue(location.Document.Id, out var positions))
                        {
                            callers[location.Document.Id] = positions = new List<int>();
                        }

                        positions.Add(location.Location.SourceSpan.Start);
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Does every change lie inside the body (block or expression body) of a method, constructor, operator, accessor
    /// or expression-bodied property? A change in a field initializer, a signature, an attribute or between members
    /// does not, nor one that touches a body's edge from outside.
    /// </summary>
    private static async Task<bool> InBodiesOnlyAsync(Document oldDocument, Document newDocument, CancellationToken cancellationToken)
    {
        var oldRoot = await oldDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await newDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var changes = await newDocument.GetTextChangesAsync(oldDocument, cancellationToken).ConfigureAwait(false);
        var any = false;
        var shift = 0;
        foreach (var change in changes.OrderBy(c => c.Span.Start))
        {
            // Both sides: the text that replaced a piece of a body must be body too (not "} void Added() {").
            any = true;
            var replacement = new TextSpan(change.Span.Start + shift, change.NewText!.Length);
            shift += change.NewText.Length - change.Span.Length;
            if (BodyAround(oldRoot!, change.Span) is null || BodyAround(newRoot!, replacement) is null)
            {
                return false;
            }
        }

        return any;
    }

    /// <summary>
    /// The member body that holds the whole span, or null; the body of a local function or lambda counts as its
    /// member's. A block holds what lies between its braces; an expression body the trivia after its expression too
    /// (up to the member's semicolon).
    /// </summary>
    internal static SyntaxNode? BodyAround(SyntaxNode root, TextSpan span)
    {
        for (var node = root.FindToken(span.Start).Parent; node is not null; node = node.Parent)
        {
            if (node is BlockSyntax or ArrowExpressionClauseSyntax
                && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax)
            {
                var within = node is BlockSyntax ? node.Span : TextSpan.FromBounds(node.SpanStart, node.FullSpan.End);
                return within.Contains(span) ? node : null;
            }

            if (node is MemberDeclarationSyntax)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The members to compare, before and after the change: those the change touched and those holding a reference
    /// to a changed signature (<paramref name="references"/>, positions in the original text). Null when a change lies
    /// outside every member body (a new using, a new member: errors may move anywhere, so the whole document is
    /// compared). Where a signature changed, the headers of the document's types too (a method that implemented an
    /// interface no longer does: CS0535 stands on the type). Binding only those keeps the check cheap in a long file.
    /// </summary>
    public static async Task<List<(TextSpan Old, TextSpan New)>?> SpansToCheckAsync(Document oldDocument, Document newDocument, List<int> references, bool signaturesChanged, CancellationToken cancellationToken)
    {
        var changes = (await newDocument.GetTextChangesAsync(oldDocument, cancellationToken).ConfigureAwait(false)).OrderBy(c => c.Span.Start).ToList();
        var oldRoot = await oldDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<TextSpan>();
        foreach (var at in changes.Select(change => change.Span).Concat(references.Select(position => new TextSpan(position, 0))))
        {
            if (MemberAround(oldRoot!, at) is not { } member)
            {
                return null;
            }

            members.Add(member.FullSpan);
        }

        if (signaturesChanged)
        {
            foreach (var type in oldRoot!.DescendantNodes(n => n is not MemberDeclarationSyntax || n is BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax).OfType<TypeDeclarationSyntax>())
            {
                members.Add(TextSpan.FromBounds(type.FullSpan.Start, type.OpenBraceToken.FullSpan.End));
            }
        }

        var spans = new List<(TextSpan Old, TextSpan New)>();
        foreach (var span in Merged(members))
        {
            int startShift = 0, endShift = 0;
            foreach (var change in changes)
            {
                var delta = change.NewText!.Length - change.Span.Length;
                if ((change.Span.Start < span.Start && change.Span.End > span.Start) || (change.Span.Start < span.End && change.Span.End > span.End))
                {
                    return null;
                }

                startShift += change.Span.End <= span.Start ? delta : 0;
                endShift += change.Span.Start < span.End ? delta : 0;
            }

            spans.Add((span, TextSpan.FromBounds(span.Start + startShift, span.End + endShift)));
        }

        return spans;
    }

    private static IEnumerable<TextSpan> Merged(List<TextSpan> spans)
    {
        spans.Sort((x, y) => x.Start.CompareTo(y.Start));
        TextSpan? current = null;
        foreach (var span in spans)
        {
            if (current is { } open && span.Start <= open.End)
            {
                current = TextSpan.FromBounds(open.Start, Math.Max(open.End, span.End));
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = span;
        }

        if (current is { } last)
        {
            yield return last;
        }
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
