using Microsoft.CodeAnalysis.CSharp;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>How code and messages write a symbol's name.</summary>
internal static class Identifiers
{
    /// <summary>
    /// The name as C# source must spell it: a keyword used as a name keeps its <c>@</c> (<c>@event</c>, <c>@checked</c>).
    /// A symbol's <c>Name</c> drops it, so a fix that wrote <c>Name</c> would write <c>event.IsCancellationRequested</c>.
    /// </summary>
    public static string Written(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
