using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// What a type's declarations say about its fields, read from the syntax. Rules that start on every type of the
/// compilation ask here before <c>GetMembers()</c>, which builds every member symbol of the type and copies them into a
/// new array on every call; most types declare no field of the kind a rule looks for.
/// </summary>
internal static class DeclaredFields
{
    /// <summary>
    /// Could a declaration of <paramref name="type"/> (any part of a partial type) declare a field that
    /// <paramref name="mayBe"/> lets through? A declaration that is not a type's (the compilation unit behind top-level
    /// statements) counts as "maybe"; enums and delegates declare no fields a rule wants.
    /// </summary>
    public static bool MayDeclare(INamedTypeSymbol type, Func<FieldDeclarationSyntax, bool> mayBe)
    {
        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return false;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                return true;
            }

            foreach (var member in declaration.Members)
            {
                if (member is FieldDeclarationSyntax field && mayBe(field))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
