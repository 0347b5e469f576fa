using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2009: "Leave the loop on cancellation". A catch of <c>OperationCanceledException</c> gets a <c>throw;</c>,
/// <c>return;</c> or <c>break;</c> at its end; a catch of every exception gets, before it, a catch of
/// <c>OperationCanceledException</c> filtered on the token that does the same. See <see cref="Exits"/> for the choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwallowedCancellationCodeFixProvider)), Shared]
public sealed class SwallowedCancellationCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = DiagnosticIds.LoopSwallowsCancellation + ".LeaveLoop";

    private const string Title = "Leave the loop on cancellation";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LoopSwallowsCancellation);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var catchSyntax = root.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<CatchClauseSyntax>();
        if (catchSyntax is null
            || catchSyntax.SpanStart != context.Span.Start
            || model.GetOperation(catchSyntax, context.CancellationToken) is not ICatchClauseOperation operation)
        {
            return;
        }

        var types = WellKnownTypes.For(model.Compilation);
        if (SwallowedCancellation.Find(operation, types) is not { } swallowed || HasEarlyContinue(swallowed))
        {
            return;
        }

        var member = Functions.ContainingMember(model.GetEnclosingSymbol(catchSyntax.SpanStart, context.CancellationToken));
        foreach (var exit in Exits(swallowed, member, types))
        {
            var newCatches = Rewrite(catchSyntax, swallowed, exit, model);
            if (newCatches is null)
            {
                continue;
            }

            var tryStatement = (TryStatementSyntax)catchSyntax.Parent!;
            var fixedDocument = document.WithSyntaxRoot(root.ReplaceNode(tryStatement, tryStatement.WithCatches(newCatches.Value)));
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(fixedDocument), EquivalenceKey), context.Diagnostics);
            return;
        }
    }

    private enum Exit
    {
        Throw,
        Return,
        Break,
    }

    /// <summary>
    /// The statements that leave the loop without changing what else the code does, best first:
    /// <c>throw;</c> where the function signals cancellation by throwing (it returns a task, or calls
    /// <c>ThrowIfCancellationRequested</c>) and no catch inside a loop on the way out would swallow it again;
    /// <c>return;</c> in a function that returns nothing and ends with the loop (or the loops around it);
    /// <c>break;</c> when it leaves this loop (no <c>switch</c> in between) and no loop around it goes round again.
    /// Each is tried in turn; one whose result does not compile (a <c>return</c> in a <c>finally</c>) is skipped.
    /// </summary>
    private static IEnumerable<Exit> Exits(SwallowedCancellation swallowed, ISymbol? member, WellKnownTypes types)
    {
        var loop = swallowed.Loop;
        var function = Functions.Innermost(loop, member);
        var body = OperationTrees.FunctionBody(loop);
        if ((types.IsTaskLike(function?.ReturnType) || CallsThrowIfCancellationRequested(body, types)) && !IsCaughtAgainInALoop(swallowed.Try, types))
        {
            yield return Exit.Throw;
        }

        if (function is { ReturnsVoid: true, MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor) }
            && EndsWith(body, Outermost(loop)))
        {
            yield return Exit.Return;
        }

        if (!IsInSwitch(swallowed.Catch, loop)
            && (LoopFacts.Enclosing(loop) is not { } outer || SwallowedCancellation.StopsOnCancellation(outer, loop.Syntax.Span, types)))
        {
            yield return Exit.Break;
        }
    }

    /// <summary>The new catch clauses of the <c>try</c>, or null when the token cannot be named at the catch.</summary>
    private static SyntaxList<CatchClauseSyntax>? Rewrite(CatchClauseSyntax catchSyntax, SwallowedCancellation swallowed, Exit exit, SemanticModel model)
    {
        var tryStatement = (TryStatementSyntax)catchSyntax.Parent!;
        var index = tryStatement.Catches.IndexOf(catchSyntax);
        var endOfLine = LoopChecks.EndOfLine(catchSyntax);
        if (!swallowed.CatchesAll)
        {
            return tryStatement.Catches.Replace(catchSyntax, catchSyntax.WithBlock(AppendExit(catchSyntax.Block, exit, endOfLine)));
        }

        if (IsCancellationRequested(swallowed, model, catchSyntax.SpanStart) is not { } condition)
        {
            return null;
        }

        var cancellation = SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(SyntaxFactory.ParseTypeName("System.OperationCanceledException").WithAdditionalAnnotations(Simplifier.Annotation)),
                SyntaxFactory.CatchFilterClause(condition),
                SyntaxFactory.Block(ExitStatement(exit).WithTrailingTrivia(endOfLine)))
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return tryStatement.Catches.Insert(index, cancellation);
    }

    /// <summary>
    /// The catch block with the exit at its end; a trailing <c>continue;</c> is replaced. Comments in front of the
    /// closing brace move in front of the new statement, so they stay where they were, inside the block above it.
    /// </summary>
    private static BlockSyntax AppendExit(BlockSyntax block, Exit exit, SyntaxTrivia endOfLine)
    {
        var statement = ExitStatement(exit);
        if (block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] is ContinueStatementSyntax trailing)
        {
            return block.ReplaceNode(trailing, statement.WithTriviaFrom(trailing));
        }

        var closeBrace = block.CloseBraceToken;
        var comments = SyntaxFactory.TriviaList();
        var keep = SyntaxFactory.TriviaList();
        foreach (var trivia in closeBrace.LeadingTrivia)
        {
            if (trivia.IsKind(SyntaxKind.WhitespaceTrivia) || trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                if (comments.Count == 0)
                {
                    keep = keep.Add(trivia);
                }
                else
                {
                    comments = comments.Add(trivia);
                }
            }
            else
            {
                comments = comments.Add(trivia);
            }
        }

        statement = statement
            .WithLeadingTrivia(SyntaxFactory.TriviaList(SyntaxFactory.ElasticMarker).AddRange(comments))
            .WithTrailingTrivia(endOfLine);
        return block
            .WithStatements(block.Statements.Add(statement))
            .WithCloseBraceToken(closeBrace.WithLeadingTrivia(SyntaxFactory.ElasticMarker))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static StatementSyntax ExitStatement(Exit exit) => (exit switch
    {
        Exit.Throw => (StatementSyntax)SyntaxFactory.ThrowStatement(),
        Exit.Return => SyntaxFactory.ReturnStatement(),
        _ => SyntaxFactory.BreakStatement(),
    }).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>token.IsCancellationRequested</c>, written with the expression the code already uses for the token, if it means the same at the catch.</summary>
    private static ExpressionSyntax? IsCancellationRequested(SwallowedCancellation swallowed, SemanticModel model, int position)
    {
        if (swallowed.Token.Syntax is not ExpressionSyntax expression)
        {
            return null;
        }

        expression = expression.WithoutTrivia();
        var bound = model.GetSpeculativeSymbolInfo(position, expression, SpeculativeBindingOption.BindAsExpression).Symbol;
        if (!SymbolEqualityComparer.Default.Equals(bound, swallowed.TokenSymbol))
        {
            return null;
        }

        var types = WellKnownTypes.For(model.Compilation);
        if (swallowed.Token.Type is { } type && types.IsNullableToken(type))
        {
            expression = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, SyntaxFactory.IdentifierName("GetValueOrDefault")));
        }

        return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, SyntaxFactory.IdentifierName("IsCancellationRequested"));
    }

    /// <summary>A <c>continue</c> of the loop in the catch before its last statement: that path would still go round again.</summary>
    private static bool HasEarlyContinue(SwallowedCancellation swallowed)
    {
        var handler = swallowed.Catch.Handler;
        var last = handler.Operations.Length > 0 ? handler.Operations[handler.Operations.Length - 1] : null;
        return OperationTrees.Find(handler, enterNestedFunctions: false, operation =>
            operation is IBranchOperation { BranchKind: BranchKind.Continue } jump
            && SymbolEqualityComparer.Default.Equals(jump.Target, swallowed.Loop.ContinueLabel)
            && operation != last) is not null;
    }

    /// <summary>Would a <c>break</c> in the catch leave a <c>switch</c> rather than the loop?</summary>
    private static bool IsInSwitch(IOperation operation, ILoopOperation loop)
    {
        for (var current = operation.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is ISwitchOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the <c>try</c> inside another, itself inside a loop, whose catch could take the rethrown cancellation and go round again?</summary>
    private static bool IsCaughtAgainInALoop(ITryOperation tryOperation, WellKnownTypes types)
    {
        for (IOperation current = tryOperation; current.Parent is { } parent && !OperationTrees.IsNestedFunction(parent); current = parent)
        {
            if (parent is ITryOperation outer && outer.Body == current && LoopFacts.Enclosing(outer) is not null)
            {
                foreach (var clause in outer.Catches)
                {
                    if (SwallowedCancellation.CouldCatchCancellation(clause.ExceptionType, types))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static ILoopOperation Outermost(ILoopOperation loop)
    {
        while (LoopFacts.Enclosing(loop) is { } outer)
        {
            loop = outer;
        }

        return loop;
    }

    /// <summary>Is <paramref name="statement"/> the last statement of the function body?</summary>
    private static bool EndsWith(IOperation body, IOperation statement)
    {
        if (statement.Parent is not IBlockOperation block
            || block.Operations.Length == 0
            || block.Operations[block.Operations.Length - 1] != statement)
        {
            return false;
        }

        return block == body || block.Parent == body || block.Parent is IMethodBodyOperation;
    }

    private static bool CallsThrowIfCancellationRequested(IOperation body, WellKnownTypes types)
        => OperationTrees.Find(body, enterNestedFunctions: false, operation =>
            operation is IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested", Instance: { } instance }
            && types.IsCancellationType(instance.Type)) is not null;
}
