using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA1004: "Ask first, then kill after a timeout" — <c>p.Kill();</c> becomes
/// <c>p.StandardInput.Close(); if (!p.WaitForExit(timeout)) { p.Kill(); }</c>. Offered only where the process's
/// standard input is redirected (<c>RedirectStandardInput = true</c> in the same function or type: otherwise
/// <c>StandardInput</c> throws) and the code writes to it, the sign that the child reads it and so sees its end
/// (a child that never reads its input would only be killed five seconds later); not in an async function, where the
/// synchronous wait would block a pool thread; and for a kill that is a statement (or a whole expression body) on a
/// local, parameter or field, so the receiver can be named three times without being evaluated anew. Where the input is
/// not read but the code uses the process's window, the window is asked instead:
/// <c>if (!p.CloseMainWindow() || !p.WaitForExit(timeout)) { p.Kill(); }</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AskProcessToExitCodeFixProvider)), Shared]
public sealed class AskProcessToExitCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = DiagnosticIds.AskProcessToExit;

    private const string Title = "Ask first, then kill after a timeout";

    private const string WindowTitle = "Ask its window to close first, then kill after a timeout";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AskProcessToExit);

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

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } kill
                || kill.Span != diagnostic.Location.SourceSpan
                || Slot(kill, model, context.CancellationToken) is not { } slot
                || IsInAsyncFunction(kill))
            {
                continue;
            }

            var byInput = ChildReadsStandardInput(kill, model, context.CancellationToken);
            if (!byInput && !ShowsAWindow(kill, model, context.CancellationToken))
            {
                continue;
            }

            var timeout = RuleOptions.Of(document.Project.AnalyzerOptions, kill.SyntaxTree).ExitTimeoutMilliseconds;
            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            slot.Replace(editor, byInput ? AskThenKill(kill, timeout) : CloseWindowThenKill(kill, timeout));
            var fixedDocument = document.WithSyntaxRoot(editor.GetChangedRoot());
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, fixedDocument.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create(byInput ? Title : WindowTitle, _ => Task.FromResult(fixedDocument), EquivalenceKey), diagnostic);
        }
    }

    /// <summary>The statement <c>p.Kill();</c>, or an expression body that is only the kill; its receiver a plain local, parameter or field.</summary>
    private static StatementSlot? Slot(InvocationExpressionSyntax kill, SemanticModel model, CancellationToken cancellationToken)
    {
        if (kill.Expression is not MemberAccessExpressionSyntax { Expression: var receiver }
            || model.GetOperation(kill, cancellationToken) is not IInvocationOperation invocation
            || CallSites.Receiver(invocation.Instance) is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation })
            || receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax }))
        {
            return null;
        }

        var slot = StatementSlot.Around(kill, model, cancellationToken);
        return slot switch
        {
            { Anchor: ExpressionStatementSyntax statement } when statement.Expression == kill => slot,
            { IsExpressionBody: true, ReturnsValue: false } when slot.Anchor == kill => slot,
            _ => null,
        };
    }

    /// <summary>
    /// Is <c>RedirectStandardInput = true</c> set, and is the input written to, in the function that kills or anywhere
    /// in its type (all its partial declarations)? Only then does <c>StandardInput</c> not throw, and only then does
    /// closing it ask the child anything.
    /// </summary>
    private static bool ChildReadsStandardInput(SyntaxNode kill, SemanticModel model, CancellationToken cancellationToken)
    {
        var function = kill.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax);
        if (function is not null && RedirectsIn(function) && WritesStandardInputIn(function))
        {
            return true;
        }

        if (kill.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type
            || model.GetDeclaredSymbol(type, cancellationToken) is not { } symbol)
        {
            var root = kill.SyntaxTree.GetRoot(cancellationToken);
            return function is null && RedirectsIn(root) && WritesStandardInputIn(root);
        }

        var declarations = symbol.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax(cancellationToken)).ToList();
        return declarations.Any(RedirectsIn) && declarations.Any(WritesStandardInputIn);
    }

    /// <summary>
    /// Does the function that kills, or its type, use the process's window (<c>MainWindowHandle</c>,
    /// <c>MainWindowTitle</c>, <c>WaitForInputIdle</c>)? The child is then a windowed application, which
    /// <c>CloseMainWindow</c> asks to close as its user would (mRemoteNG embeds such a tool in a tab).
    /// </summary>
    private static bool ShowsAWindow(SyntaxNode kill, SemanticModel model, CancellationToken cancellationToken)
    {
        var function = kill.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not BaseTypeDeclarationSyntax);
        if (function is not null && UsesWindowIn(function))
        {
            return true;
        }

        return kill.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type
            && model.GetDeclaredSymbol(type, cancellationToken) is { } symbol
            && symbol.DeclaringSyntaxReferences.Any(reference => UsesWindowIn(reference.GetSyntax(cancellationToken)));
    }

    private static bool UsesWindowIn(SyntaxNode scope)
        => scope.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(access =>
            access.Name.Identifier.ValueText is "MainWindowHandle" or "MainWindowTitle" or "WaitForInputIdle"
            && !IsForwarded(access));

    /// <summary>
    /// A member that only hands the window on (<c>public void WaitForInputIdle() =&gt; _process.WaitForInputIdle();</c>):
    /// a wrapper that can run any program (gitextensions runs git through one) offers it, which says nothing about
    /// the program it runs.
    /// </summary>
    private static bool IsForwarded(MemberAccessExpressionSyntax access)
    {
        SyntaxNode use = access.Parent is InvocationExpressionSyntax call && call.Expression == access ? call : access;
        return use.Parent switch
        {
            ArrowExpressionClauseSyntax => true,
            ExpressionStatementSyntax or ReturnStatementSyntax => use.Parent.Parent is BlockSyntax { Statements.Count: 1, Parent: MemberDeclarationSyntax or AccessorDeclarationSyntax },
            _ => false,
        };
    }

    /// <summary>The nearest enclosing function (lambda, local function, method, accessor) is <c>async</c>.</summary>
    private static bool IsInAsyncFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case AccessorDeclarationSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>x.StandardInput</c> used other than to close it: written to, flushed, its stream taken, or kept in a variable
    /// or passed on.
    /// </summary>
    private static bool WritesStandardInputIn(SyntaxNode scope)
        => scope.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(access =>
            access.Name.Identifier.ValueText == "StandardInput"
            && !(access.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } outer && outer.Expression == access));

    private static bool RedirectsIn(SyntaxNode scope)
        => scope.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
            assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression)
            && assignment.Left switch
            {
                IdentifierNameSyntax name => name.Identifier.ValueText == "RedirectStandardInput",
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "RedirectStandardInput",
                _ => false,
            });

    /// <summary><c>p.StandardInput.Close();</c> and <c>if (!p.WaitForExit(timeout)) { p.Kill(…); }</c>, the kill as it was written.</summary>
    private static IReadOnlyList<StatementSyntax> AskThenKill(InvocationExpressionSyntax kill, int timeout)
    {
        var receiver = ((MemberAccessExpressionSyntax)kill.Expression).Expression.WithoutTrivia();
        var close = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            Member(Member(receiver, "StandardInput"), "Close")));
        var wait = WaitForExit(receiver, timeout);
        var guarded = SyntaxFactory.IfStatement(
            SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, wait),
            SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(kill.WithoutTrivia())))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return new StatementSyntax[] { close, guarded };
    }

    /// <summary><c>if (!p.CloseMainWindow() || !p.WaitForExit(timeout)) { p.Kill(…); }</c>: a process with no window to close is killed at once, as before.</summary>
    private static IReadOnlyList<StatementSyntax> CloseWindowThenKill(InvocationExpressionSyntax kill, int timeout)
    {
        var receiver = ((MemberAccessExpressionSyntax)kill.Expression).Expression.WithoutTrivia();
        var close = SyntaxFactory.InvocationExpression(Member(receiver, "CloseMainWindow"));
        var wait = WaitForExit(receiver, timeout);
        var guarded = SyntaxFactory.IfStatement(
            SyntaxFactory.BinaryExpression(
                SyntaxKind.LogicalOrExpression,
                SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, close),
                SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, wait)),
            SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(kill.WithoutTrivia())))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return new StatementSyntax[] { guarded };
    }

    /// <summary><c>p.WaitForExit(timeout)</c>, the timeout written out.</summary>
    private static InvocationExpressionSyntax WaitForExit(ExpressionSyntax receiver, int timeout)
        => SyntaxFactory.InvocationExpression(
            Member(receiver, "WaitForExit"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(timeout.ToString(CultureInfo.InvariantCulture), timeout))))));

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax receiver, string name)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(name));
}
