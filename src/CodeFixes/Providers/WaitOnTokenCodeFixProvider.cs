using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// TSA2007: makes the wait wake when the token is cancelled — one action per token in scope, nearest first,
/// equivalence key <c>TSA2007:{index}</c>. What is written depends on the wait (see <see cref="WaitRewrite"/>):
/// <c>WaitOne</c> and <c>WaitAny</c> also wait on the token's handle ("Wait on the token too"), <c>Monitor.Wait</c>
/// is pulsed from the token's <c>Register</c> callback ("Wake the wait on cancellation"), a <c>SpinUntil</c> condition
/// checks the token ("Check the token in the condition"). <c>WaitAll</c> gets no fix, nor does anything whose result
/// adds a compile error.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WaitOnTokenCodeFixProvider)), Shared]
public sealed class WaitOnTokenCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKeyPrefix = DiagnosticIds.WaitIgnoresCancellation + ":";

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WaitIgnoresCancellation);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        foreach (var site in await WaitSite.FindAsync(context, DiagnosticIds.WaitIgnoresCancellation).ConfigureAwait(false))
        {
            var tokens = site.Tokens;
            if (WaitRewrite.For(site.Operation, site.Invocation, site.Model, site.Member, site.Types, context.CancellationToken) is not { } rewrite)
            {
                continue;
            }

            // Checked once, with the first token: the others are written the same way.
            var changed = await rewrite.ApplyAsync(document, tokens[0], context.CancellationToken).ConfigureAwait(false);
            if (await CompileCheck.IntroducesErrorsAsync(document.Project.Solution, changed.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            for (var index = 0; index < tokens.Length; index++)
            {
                var token = tokens[index];
                context.RegisterCodeFix(
                    CodeAction.Create(rewrite.Title(token), cancellationToken => rewrite.ApplyAsync(document, token, cancellationToken), EquivalenceKeyPrefix + index),
                    site.Diagnostic);
            }
        }
    }

    /// <summary>
    /// For "Use cooperative cancellation" (TSA1001/TSA1002), which makes a worker's waits observe the token it adds:
    /// this fix's own rewrite of <paramref name="invocation"/> with <paramref name="token"/>, or null where this fix
    /// would offer nothing (the result is not checked to compile here; the caller checks the whole fix).
    /// </summary>
    internal static async Task<Document?> WaitOnTokenTooAsync(Document document, InvocationExpressionSyntax invocation, TokenInScope token, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation wait)
        {
            return null;
        }

        var types = WellKnownTypes.For(model.Compilation);
        var member = Functions.ContainingMember(model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken));
        return WaitRewrite.For(wait, invocation, model, member, types, cancellationToken) is { } rewrite
            ? await rewrite.ApplyAsync(document, token, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
