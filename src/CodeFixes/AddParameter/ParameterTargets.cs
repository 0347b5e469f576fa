using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Which function an add-parameter fix changes: the method or local function around some code, or known by symbol,
/// and whether its signature may change at all.
/// </summary>
internal static class ParameterTargets
{
    /// <summary>
    /// The function declaration (method or local function) that would receive the parameter for code at
    /// <paramref name="site"/>, or null when none can: the code sits in a static lambda, a field initializer, an
    /// override, an interface implementation, a virtual, abstract, extern or partial method, an entry point, or a
    /// function that already has a token.
    /// </summary>
    public static SyntaxNode? FindTarget(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var node = site.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    if (lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        return null;
                    }

                    continue;
                case LocalFunctionStatementSyntax localFunction:
                    return CanChange(model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol, model, cancellationToken) ? localFunction : null;
                case MethodDeclarationSyntax method:
                    return method.Body is not null || method.ExpressionBody is not null
                        ? CanChange(model.GetDeclaredSymbol(method, cancellationToken), model, cancellationToken) ? method : null
                        : null;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The declaration of <paramref name="method"/> (a method with a body, or a local function) in the tree of
    /// <paramref name="model"/> when it can receive the parameter, else null. Used when the function is known by symbol,
    /// as the worker a thread runs.
    /// </summary>
    public static SyntaxNode? TargetFor(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var hasBody = declaration switch
        {
            MethodDeclarationSyntax m => m.Body is not null || m.ExpressionBody is not null,
            LocalFunctionStatementSyntax l => l.Body is not null || l.ExpressionBody is not null,
            _ => false,
        };

        return hasBody && CanChange(method, model, cancellationToken) ? declaration : null;
    }

    private static bool CanChange(IMethodSymbol? method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method is null
            || method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsExtern
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || method.IsPartialDefinition
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
            || method.DeclaringSyntaxReferences.Length != 1
            || SymbolEqualityComparer.Default.Equals(method, model.Compilation.GetEntryPoint(cancellationToken)))
        {
            return false;
        }

        // An event handler is called by whoever raises the event, which will never pass a token.
        if (IsEventHandlerShaped(method))
        {
            return false;
        }

        // A method with attributes is often invoked by a framework ([Fact], [Benchmark], [OnDeserialized], …) that
        // would break on an extra parameter even though the code still compiles.
        if (method.GetAttributes().Any(a => !IsNeutral(a.AttributeClass)))
        {
            return false;
        }

        var types = WellKnownTypes.For(model.Compilation);
        if (types.CancellationToken is null || method.Parameters.Any(p => types.IsCancellationType(p.Type)))
        {
            return false;
        }

        if (method.MethodKind == MethodKind.Ordinary && method.ExplicitInterfaceImplementations.Length > 0)
        {
            return false;
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>(object sender, SomethingEventArgs e)</c>: the shape of an event handler.</summary>
    private static bool IsEventHandlerShaped(IMethodSymbol method)
    {
        if (method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object)
        {
            return false;
        }

        for (var type = method.Parameters[1].Type; type is not null; type = type.BaseType)
        {
            if (type.Name == "EventArgs" && type.ContainingNamespace?.Name == "System")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Attributes that say nothing about who calls the method.</summary>
    private static bool IsNeutral(INamedTypeSymbol? attribute) => attribute?.Name is
        "ObsoleteAttribute" or "MethodImplAttribute" or "DebuggerStepThroughAttribute" or "DebuggerHiddenAttribute"
        or "DebuggerNonUserCodeAttribute" or "SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute"
        or "ExcludeFromCodeCoverageAttribute" or "ConditionalAttribute" or "AsyncStateMachineAttribute"
        or "IteratorStateMachineAttribute" or "CompilerGeneratedAttribute" or "NullableContextAttribute";
}
