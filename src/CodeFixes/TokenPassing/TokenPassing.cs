using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// Rewrites a call that starts work so that it passes a token: <c>Task.Run(f)</c> → <c>Task.Run(f, token)</c>,
/// <c>StartNew(f, options)</c> → <c>StartNew(f, token, options, TaskScheduler.Current)</c>,
/// <c>Parallel.For(a, b, body)</c> → <c>Parallel.For(a, b, new ParallelOptions { CancellationToken = token }, body)</c>,
/// an existing <c>new ParallelOptions { … }</c> gets <c>CancellationToken = token</c>,
/// <c>Parallel.ForEachAsync(source, body)</c> → <c>Parallel.ForEachAsync(source, token, body)</c>.
/// Planned from the bound call, applied to its syntax (which may already carry other edits).
/// </summary>
internal sealed class TokenPassing
{
    private readonly StartKind _kind;
    private readonly int _optionsArgument;
    private readonly bool _hasCreationOptions;

    private TokenPassing(StartKind kind, int optionsArgument, bool hasCreationOptions)
    {
        _kind = kind;
        _optionsArgument = optionsArgument;
        _hasCreationOptions = hasCreationOptions;
    }

    /// <summary>A plan for <paramref name="work"/>, or null when its arguments are written in a way this does not rewrite safely.</summary>
    public static TokenPassing? Plan(StartedWork work)
    {
        if (work.Call.Syntax is not InvocationExpressionSyntax syntax)
        {
            return null;
        }

        var arguments = syntax.ArgumentList.Arguments;
        var anyNamed = arguments.Any(a => a.NameColon is not null);
        var optionsArgument = -1;
        var hasCreationOptions = false;
        foreach (var argument in work.Arguments)
        {
            if (argument.IsImplicit || argument.Syntax is not ArgumentSyntax argumentSyntax)
            {
                continue;
            }

            if (argument.Parameter?.Name == "creationOptions")
            {
                hasCreationOptions = true;
            }

            if (work.OptionsCreation is not null && argument.Value.Syntax == work.OptionsCreation.Syntax)
            {
                optionsArgument = arguments.IndexOf(argumentSyntax);
            }
        }

        var isParallel = work.Kind is StartKind.ParallelFor or StartKind.ParallelForEach or StartKind.ParallelInvoke;
        if (isParallel && anyNamed && optionsArgument < 0)
        {
            return null;
        }

        return new TokenPassing(work.Kind, optionsArgument, hasCreationOptions);
    }

    /// <summary>A <c>Parallel</c> loop, which stops scheduling iterations once the token is cancelled.</summary>
    public bool IsParallel => _kind is StartKind.ParallelFor or StartKind.ParallelForEach or StartKind.ParallelInvoke or StartKind.ParallelForEachAsync;

    public InvocationExpressionSyntax Apply(InvocationExpressionSyntax call, string tokenExpression)
    {
        var list = call.ArgumentList;
        var arguments = list.Arguments;
        var named = arguments.Any(a => a.NameColon is not null);
        var token = SyntaxFactory.ParseExpression(tokenExpression);
        switch (_kind)
        {
            case StartKind.TaskRun:
                return call.WithArgumentList(list.WithArguments(Append(arguments, token, named ? "cancellationToken" : null)));
            case StartKind.ParallelForEachAsync:
                return call.WithArgumentList(list.WithArguments(named
                    ? Append(arguments, token, "cancellationToken")
                    : SeparatedLists.InsertSeparated(arguments, 1, SyntaxFactory.Argument(token))));
            case StartKind.StartNew:
                return call.WithArgumentList(list.WithArguments(StartNewArguments(arguments, token, named)));
            default:
                return call.WithArgumentList(list.WithArguments(ParallelArguments(arguments, token)));
        }
    }

    private SeparatedSyntaxList<ArgumentSyntax> StartNewArguments(SeparatedSyntaxList<ArgumentSyntax> arguments, ExpressionSyntax token, bool named)
    {
        // StartNew has no overload with a token and creation options but without a scheduler; without one it runs on
        // TaskScheduler.Current, so that is what the fix spells out to keep the meaning.
        var scheduler = SyntaxFactory.ParseExpression("global::System.Threading.Tasks.TaskScheduler.Current").WithAdditionalAnnotations(Simplifier.Annotation);
        if (named)
        {
            arguments = Append(arguments, token, "cancellationToken");
            return _hasCreationOptions ? Append(arguments, scheduler, "scheduler") : arguments;
        }

        if (!_hasCreationOptions)
        {
            return Append(arguments, token, null);
        }

        // Positional: the creation options are the last argument; the token goes right before them.
        arguments = SeparatedLists.InsertSeparated(arguments, arguments.Count - 1, SyntaxFactory.Argument(token));
        return Append(arguments, scheduler, null);
    }

    private SeparatedSyntaxList<ArgumentSyntax> ParallelArguments(SeparatedSyntaxList<ArgumentSyntax> arguments, ExpressionSyntax token)
    {
        var assignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("CancellationToken"),
            token);
        if (_optionsArgument >= 0)
        {
            var argument = arguments[_optionsArgument];
            if (argument.Expression is BaseObjectCreationExpressionSyntax creation)
            {
                return arguments.Replace(argument, argument.WithExpression(WithTokenAssignment(creation, assignment)));
            }

            return arguments;
        }

        var options = SyntaxFactory.ParseExpression("new global::System.Threading.Tasks.ParallelOptions { CancellationToken = " + token + " }");
        options = options.ReplaceNode(((ObjectCreationExpressionSyntax)options).Type, ((ObjectCreationExpressionSyntax)options).Type.WithAdditionalAnnotations(Simplifier.Annotation));
        var index = _kind switch
        {
            StartKind.ParallelFor => 2,
            StartKind.ParallelForEach => 1,
            _ => 0,
        };
        return SeparatedLists.InsertSeparated(arguments, index, SyntaxFactory.Argument(options));
    }

    private static ExpressionSyntax WithTokenAssignment(BaseObjectCreationExpressionSyntax creation, AssignmentExpressionSyntax assignment)
    {
        if (creation.Initializer is null)
        {
            var initializer = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)))
                .WithLeadingTrivia(SyntaxFactory.Space);
            var trailing = creation.GetTrailingTrivia();
            return creation.WithoutTrailingTrivia().WithInitializer(initializer).WithTrailingTrivia(trailing);
        }

        var expressions = creation.Initializer.Expressions;
        return creation.WithInitializer(creation.Initializer.WithExpressions(
            SeparatedLists.InsertSeparated(expressions, expressions.Count, (ExpressionSyntax)assignment)));
    }

    private static SeparatedSyntaxList<ArgumentSyntax> Append(SeparatedSyntaxList<ArgumentSyntax> arguments, ExpressionSyntax value, string? name)
    {
        var argument = SyntaxFactory.Argument(value);
        if (name is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(name));
        }

        return SeparatedLists.InsertSeparated(arguments, arguments.Count, argument);
    }
}
