using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// How an add-parameter fix updates each reference to the changed function: a call passes the token it has (or
/// relies on the default), a method group becomes a lambda, and references it cannot update turn the fix down.
/// </summary>
internal static class CallerUpdates
{
    /// <summary>What to do at one reference: an edit, nothing (nameof, cref), or null when the reference cannot be updated.</summary>
    /// <remarks>
    /// With a forwarding <paramref name="overload"/>, calls and method groups without a token stay as they are (they
    /// bind to the original signature); those with one pass it to the overload.
    /// </remarks>
    public static (SyntaxNode? Node, Func<SyntaxNode, SyntaxNode>? Edit)? CallerUpdate(
        SyntaxNode name, SemanticModel model, IMethodSymbol method, int insertAt, string parameterName, SyntaxNode target, Func<SyntaxNode, string?>? tokenAt, bool overload, TokenSources sources, out string? token, CancellationToken cancellationToken)
    {
        token = null;
        if (name.FirstAncestorOrSelf<CrefSyntax>() is not null || IsInNameOf(name))
        {
            return (null, null);
        }

        var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access
            : name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name ? (ExpressionSyntax)binding
            : name as ExpressionSyntax;
        if (expression is null)
        {
            return null;
        }

        var found = tokenAt?.Invoke(expression) ?? TokenAt(expression, model, target, parameterName, sources, cancellationToken);
        token = found;
        if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
        {
            // In x.Extension(a) the receiver is the first parameter but not an argument.
            var argumentIndex = model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ReducedFrom: not null } ? insertAt - 1 : insertAt;
            if (overload)
            {
                var anyNamed = invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null);
                return found is null
                    ? (null, null)
                    : (invocation.ArgumentList, current => PassToken((ArgumentListSyntax)current, argumentIndex, !anyNamed, found, parameterName));
            }

            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return null;
            }

            var needsPositional = operation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is { } p && p.Ordinal >= insertAt);
            if (!needsPositional && found is null)
            {
                return (null, null);
            }

            return (invocation.ArgumentList, current => PassToken((ArgumentListSyntax)current, argumentIndex, needsPositional, found, parameterName));
        }

        // A method group: it only converts to its delegate type while the signature is unchanged, so it becomes a lambda.
        // Next to a forwarding overload it still binds to the original, unless it must pass a token.
        if (overload && found is null)
        {
            return (null, null);
        }

        if (expression.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression or (int)SyntaxKind.SubtractAssignmentExpression })
        {
            return null;
        }

        if (model.GetTypeInfo(expression, cancellationToken).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke } delegateType
            || delegateType.Name.EndsWith("EventHandler", StringComparison.Ordinal)
            || invoke.Parameters.Any(p => p.RefKind != RefKind.None)
            || method.IsGenericMethod
            || !IsStableReceiver(expression))
        {
            return null;
        }

        return (expression, current => ToLambda((ExpressionSyntax)current, invoke, insertAt, found));
    }

    private static bool IsInNameOf(SyntaxNode node)
        => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static bool IsStableReceiver(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax or SimpleNameSyntax or PredefinedTypeSyntax } => true,
        _ => false,
    };

    /// <summary>The token a call site can pass: its nearest token in scope, or the new parameter inside the target itself.</summary>
    private static string? TokenAt(SyntaxNode site, SemanticModel model, SyntaxNode target, string parameterName, TokenSources sources, CancellationToken cancellationToken)
    {
        IOperation? operation = null;
        for (var node = site; node is not null && operation is null; node = node.Parent)
        {
            operation = model.GetOperation(node, cancellationToken);
        }

        if (operation is not null)
        {
            var types = WellKnownTypes.For(model.Compilation);
            if (TokenOfStartedWork(operation, types) is { } started)
            {
                return started;
            }

            var member = Functions.ContainingMember(model.GetEnclosingSymbol(site.SpanStart, cancellationToken));
            var tokens = TokenScope.At(operation, member, types, sources);
            if (tokens.Length > 0)
            {
                return tokens[0].TokenExpression;
            }
        }

        return target.SyntaxTree == site.SyntaxTree && target.Span.Contains(site.Span) && !CrossesStaticFunction(site, target)
            ? parameterName
            : null;
    }

    /// <summary>
    /// A reference that is the work a <c>Task.Run</c>/<c>StartNew</c>/<c>new Task</c> starts (<c>Task.Run(Poll, token)</c>,
    /// <c>Task.Run(() => Poll(), token)</c>) passes the token that call was given: that token is the one meant to stop
    /// this work, whatever else is nearer. Only a token written as a name or a chain of member accesses is repeated.
    /// </summary>
    private static string? TokenOfStartedWork(IOperation reference, WellKnownTypes types)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            var work = current switch
            {
                IInvocationOperation call => StartedWork.Match(call, types),
                IObjectCreationOperation creation => StartedWork.MatchCreation(creation, types),
                _ => null,
            };

            if (work is { TokenUse: TokenUse.Passed } started)
            {
                foreach (var startedDelegate in started.StartedDelegates())
                {
                    if (startedDelegate.Syntax.Span.Contains(reference.Syntax.Span)
                        && started.PassedToken(types) is { Syntax: ExpressionSyntax token }
                        && IsNameChain(token))
                    {
                        return token.WithoutTrivia().ToString();
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static bool IsNameChain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsNameChain(access.Expression),
        _ => false,
    };

    private static bool CrossesStaticFunction(SyntaxNode site, SyntaxNode target)
    {
        for (var node = site.Parent; node is not null && node != target; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword)
                || node is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return true;
            }
        }

        return false;
    }

    private static ArgumentListSyntax PassToken(ArgumentListSyntax list, int insertAt, bool positional, string? token, string parameterName)
    {
        var value = SyntaxFactory.ParseExpression(token ?? "default");
        if (positional)
        {
            return list.WithArguments(SeparatedLists.InsertSeparated(list.Arguments, insertAt, SyntaxFactory.Argument(value)));
        }

        var argument = SyntaxFactory.Argument(value);
        if (list.Arguments.Count != insertAt || list.Arguments.Any(a => a.NameColon is not null))
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(parameterName));
        }

        return list.WithArguments(SeparatedLists.InsertSeparated(list.Arguments, list.Arguments.Count, argument));
    }

    private static ExpressionSyntax ToLambda(ExpressionSyntax methodGroup, IMethodSymbol invoke, int insertAt, string? token)
    {
        var names = invoke.Parameters.Select(p => p.Name).ToList();
        var arguments = names.Select(n => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(n))).ToList();
        if (token is not null)
        {
            arguments.Insert(Math.Min(insertAt, arguments.Count), SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)));
        }

        var call = SyntaxFactory.InvocationExpression(methodGroup.WithoutTrivia(), SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
        var parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(names.Select(n => SyntaxFactory.Parameter(SyntaxFactory.Identifier(n)))));
        return SyntaxFactory.ParenthesizedLambdaExpression(parameters, call)
            .WithTriviaFrom(methodGroup)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
