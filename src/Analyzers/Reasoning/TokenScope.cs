using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>How a token in scope is written when a fix uses it.</summary>
internal enum TokenKind
{
    /// <summary>A <c>CancellationToken</c> parameter or local: <c>name</c>.</summary>
    Token,

    /// <summary>A <c>CancellationToken?</c> parameter: <c>name.GetValueOrDefault()</c>.</summary>
    NullableToken,

    /// <summary>A <c>CancellationTokenSource</c> local: <c>name.Token</c>.</summary>
    Source,
}

/// <summary>A parameter or local that gives access to a cancellation token at some point of the code.</summary>
internal readonly struct TokenInScope
{
    public TokenInScope(ISymbol symbol, TokenKind kind)
    {
        Symbol = symbol;
        Kind = kind;
    }

    public ISymbol Symbol { get; }

    public TokenKind Kind { get; }

    public string Name => Symbol.Name;

    /// <summary>The expression that yields the <c>CancellationToken</c>, as a fix writes it.</summary>
    public string TokenExpression => TokenExpressionOf(Name, Kind);

    /// <summary>The expression that is true once cancellation is requested.</summary>
    public string IsCancellationRequestedExpression => IsCancellationRequestedExpressionOf(Name, Kind);

    /// <summary>How a fix writes the token of a variable named <paramref name="name"/>, including one it is about to declare.</summary>
    public static string TokenExpressionOf(string name, TokenKind kind) => kind switch
    {
        TokenKind.NullableToken => name + ".GetValueOrDefault()",
        TokenKind.Source => name + ".Token",
        _ => name,
    };

    /// <summary>How a fix asks a variable named <paramref name="name"/> whether cancellation is requested.</summary>
    public static string IsCancellationRequestedExpressionOf(string name, TokenKind kind) => kind switch
    {
        TokenKind.Source => name + ".IsCancellationRequested",
        _ => TokenExpressionOf(name, kind) + ".IsCancellationRequested",
    };
}

/// <summary>
/// Which tokens are in scope at a point: <c>CancellationToken</c> (or <c>CancellationToken?</c>) parameters of the
/// enclosing function and of every function around it whose locals it can capture (a <c>static</c> lambda or local
/// function blocks the capture), and <c>CancellationToken</c> or <c>CancellationTokenSource</c> locals declared before
/// the point. Fields and properties are not in scope. Nearest first.
/// </summary>
internal static class TokenScope
{
    /// <param name="point">The operation the question is asked for.</param>
    /// <param name="containingSymbol">The member whose body holds <paramref name="point"/> (for a lambda: the member around it).</param>
    public static ImmutableArray<TokenInScope> At(IOperation point, ISymbol? containingSymbol, WellKnownTypes types)
    {
        if (types.CancellationToken is null)
        {
            return ImmutableArray<TokenInScope>.Empty;
        }

        var position = point.Syntax.SpanStart;
        var tokens = ImmutableArray.CreateBuilder<TokenInScope>();
        for (var current = point.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    AddParameters(tokens, lambda.Symbol, types);
                    if (lambda.Symbol.IsStatic)
                    {
                        return tokens.ToImmutable();
                    }

                    break;
                case ILocalFunctionOperation localFunction:
                    AddParameters(tokens, localFunction.Symbol, types);
                    if (localFunction.Symbol.IsStatic)
                    {
                        return tokens.ToImmutable();
                    }

                    break;
                case IBlockOperation block:
                    AddLocals(tokens, block.Locals, position, types);
                    break;
                case ILoopOperation loop:
                    AddLocals(tokens, loop.Locals, position, types);
                    break;
                case IUsingOperation usingOperation:
                    AddLocals(tokens, usingOperation.Locals, position, types);
                    break;
                case ICatchClauseOperation catchClause:
                    AddLocals(tokens, catchClause.Locals, position, types);
                    break;
                case ISwitchCaseOperation switchCase:
                    AddLocals(tokens, switchCase.Locals, position, types);
                    break;
            }
        }

        if (containingSymbol is IMethodSymbol method)
        {
            AddParameters(tokens, method, types);
        }

        return tokens.ToImmutable();
    }

    /// <summary>
    /// Can code at <paramref name="position"/> name the token: no lambda parameter or local of the same name hides it
    /// (<c>token => …</c> inside a method with a <c>token</c> parameter)?
    /// </summary>
    public static bool IsNameable(TokenInScope token, SemanticModel? model, int position)
    {
        if (model is null)
        {
            return false;
        }

        foreach (var symbol in model.LookupSymbols(position, name: token.Name))
        {
            if (SymbolEqualityComparer.Default.Equals(symbol, token.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddParameters(ImmutableArray<TokenInScope>.Builder tokens, IMethodSymbol function, WellKnownTypes types)
    {
        foreach (var parameter in function.Parameters)
        {
            if (parameter.RefKind == RefKind.Out)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(parameter.Type, types.CancellationToken))
            {
                tokens.Add(new TokenInScope(parameter, TokenKind.Token));
            }
            else if (types.IsNullableToken(parameter.Type))
            {
                tokens.Add(new TokenInScope(parameter, TokenKind.NullableToken));
            }
        }
    }

    private static void AddLocals(ImmutableArray<TokenInScope>.Builder tokens, ImmutableArray<ILocalSymbol> locals, int position, WellKnownTypes types)
    {
        // Later declarations are nearer to the point.
        for (var i = locals.Length - 1; i >= 0; i--)
        {
            var local = locals[i];
            if (local.IsImplicitlyDeclared || local.Locations.Length == 0 || local.Locations[0].SourceSpan.Start >= position)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationToken))
            {
                tokens.Add(new TokenInScope(local, TokenKind.Token));
            }
            else if (SymbolEqualityComparer.Default.Equals(local.Type, types.CancellationTokenSource))
            {
                tokens.Add(new TokenInScope(local, TokenKind.Source));
            }
        }
    }
}
