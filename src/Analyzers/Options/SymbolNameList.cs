using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>
/// A <c>|</c>-separated list of symbol names, written as for the .NET code-quality rules' <c>excluded_symbol_names</c>:
/// <list type="bullet">
/// <item><c>Run</c> — any method, property, type or namespace of that name (or of that fully qualified name);</item>
/// <item><c>M:NS.Worker.Run</c>, <c>M:NS.Worker.Run(System.Int32)</c>, <c>T:NS.Worker</c>, <c>N:NS.Legacy</c> (also
/// <c>P:</c>, <c>F:</c>, <c>E:</c>) — a documentation ID; a method or property without a parameter list matches every
/// overload, a namespace matches the namespaces inside it too;</item>
/// <item>a trailing <c>*</c> — a prefix: <c>Legacy*</c>, <c>T:NS.Generated*</c>.</item>
/// </list>
/// A diagnostic is excluded when its containing member, a type around it or a namespace around that matches.
/// </summary>
internal sealed class SymbolNameList
{
    public static readonly SymbolNameList Empty = new(ImmutableArray<Entry>.Empty);

    private readonly ImmutableArray<Entry> _entries;

    private SymbolNameList(ImmutableArray<Entry> entries)
    {
        _entries = entries;
    }

    public bool IsEmpty => _entries.IsEmpty;

    public static SymbolNameList Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Empty;
        }

        var entries = ImmutableArray.CreateBuilder<Entry>();
        foreach (var part in value!.Split('|'))
        {
            var text = part.Trim();
            char? kind = null;
            if (text.Length > 2 && text[1] == ':' && "MTNPFE".IndexOf(char.ToUpperInvariant(text[0])) >= 0)
            {
                kind = char.ToUpperInvariant(text[0]);
                text = text.Substring(2).Trim();
            }

            var wildcard = text.EndsWith("*", StringComparison.Ordinal);
            if (wildcard)
            {
                text = text.Substring(0, text.Length - 1);
            }

            if (text.Length > 0 || (wildcard && kind is not null))
            {
                entries.Add(new Entry(kind, text, wildcard));
            }
        }

        return entries.Count == 0 ? Empty : new SymbolNameList(entries.ToImmutable());
    }

    /// <summary>Does the member that holds a diagnostic (a method, accessor, field, lambda …), a type around it or a namespace around them match?</summary>
    public bool Matches(ISymbol? member)
    {
        if (_entries.IsEmpty || member is null)
        {
            return false;
        }

        foreach (var candidate in Candidates(member))
        {
            foreach (var entry in _entries)
            {
                if (entry.Matches(candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<ISymbol> Candidates(ISymbol member)
    {
        var current = Functions.ContainingMember(member);
        if (current is IMethodSymbol { AssociatedSymbol: { } associated })
        {
            yield return associated;
        }

        for (; current is not null; current = current.ContainingSymbol)
        {
            if (current is INamespaceSymbol { IsGlobalNamespace: true } or IAssemblySymbol or IModuleSymbol)
            {
                yield break;
            }

            yield return current;
        }
    }

    private readonly struct Entry
    {
        public Entry(char? kind, string text, bool wildcard)
        {
            Kind = kind;
            Text = text;
            Wildcard = wildcard;
        }

        public char? Kind { get; }

        public string Text { get; }

        public bool Wildcard { get; }

        public bool Matches(ISymbol symbol)
        {
            if (Kind is not { } kind)
            {
                return Matches(symbol.Name) || Matches(QualifiedName(symbol));
            }

            if (!IsKind(symbol, kind) || symbol.GetDocumentationCommentId() is not { Length: > 2 } id)
            {
                return false;
            }

            var name = id.Substring(2);
            if (Matches(name))
            {
                return true;
            }

            // M:NS.Type.Run matches every overload; N:NS matches the namespaces inside NS.
            var parameters = name.IndexOf('(');
            return (kind is 'M' or 'P' && !Wildcard && parameters > 0 && Text.IndexOf('(') < 0 && string.Equals(name.Substring(0, parameters), Text, StringComparison.Ordinal))
                || (kind == 'N' && !Wildcard && name.StartsWith(Text + ".", StringComparison.Ordinal));
        }

        private bool Matches(string name) => Wildcard
            ? name.StartsWith(Text, StringComparison.Ordinal)
            : string.Equals(name, Text, StringComparison.Ordinal);

        private static bool IsKind(ISymbol symbol, char kind) => kind switch
        {
            'M' => symbol.Kind == SymbolKind.Method,
            'T' => symbol.Kind == SymbolKind.NamedType,
            'N' => symbol.Kind == SymbolKind.Namespace,
            'P' => symbol.Kind == SymbolKind.Property,
            'F' => symbol.Kind == SymbolKind.Field,
            _ => symbol.Kind == SymbolKind.Event,
        };

        /// <summary><c>NS.Outer.Inner.Run</c>: namespaces and types joined by dots, no generic arity or parameters.</summary>
        private static string QualifiedName(ISymbol symbol)
        {
            var parts = new List<string>();
            for (var current = symbol; current is not null and not INamespaceSymbol { IsGlobalNamespace: true } and not IAssemblySymbol and not IModuleSymbol; current = current.ContainingSymbol)
            {
                parts.Add(current.Name);
            }

            parts.Reverse();
            return string.Join(".", parts);
        }
    }
}
