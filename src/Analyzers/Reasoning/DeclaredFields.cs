using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// What a type's declarations say about its fields, read from the syntax. Rules that start on every type of the
/// compilation ask here instead of calling <c>GetMembers()</c>, which builds every member symbol of the type, sorts
/// them and copies them into a new array on every call; most types declare no field of the kind a rule looks for.
/// </summary>
internal static class DeclaredFields
{
    /// <summary>
    /// The fields of <paramref name="type"/> (any part of a partial type) declared by a field declaration that
    /// <paramref name="mayBe"/> lets through, looked up by name, or null for none. Only a type declaration declares
    /// fields (top-level statements declare none); enums and delegates declare none a rule wants. A name declared
    /// twice (an error) gives each field of that name.
    /// </summary>
    public static List<IFieldSymbol>? Named(INamedTypeSymbol type, Func<FieldDeclarationSyntax, bool> mayBe)
    {
        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return null;
        }

        List<IFieldSymbol>? fields = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                if (member is not FieldDeclarationSyntax field || !mayBe(field))
                {
                    continue;
                }

                foreach (var variable in field.Declaration.Variables)
                {
                    foreach (var symbol in type.GetMembers(variable.Identifier.ValueText))
                    {
                        if (symbol is IFieldSymbol declared && (fields ??= new List<IFieldSymbol>()).IndexOf(declared) < 0)
                        {
                            fields.Add(declared);
                        }
                    }
                }
            }
        }

        return fields;
    }

    /// <summary>
    /// Could a field's type, written <paramref name="type"/>, be the type named <paramref name="name"/>: that name,
    /// qualified or not, or a simple name that an alias may stand for? A generic name cannot, and no alias can stand
    /// after a dot.
    /// </summary>
    public static bool MayName(TypeSyntax type, string name) => type switch
    {
        IdentifierNameSyntax => true,
        QualifiedNameSyntax qualified => qualified.Right is IdentifierNameSyntax right && right.Identifier.ValueText == name,
        AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name is IdentifierNameSyntax right && right.Identifier.ValueText == name,
        _ => false,
    };
}
