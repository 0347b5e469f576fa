using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The token source "Use cooperative cancellation" adds for one thread: its name and where its token comes from, and
/// every piece of code the fix writes with it.
/// </summary>
internal sealed class ThreadTokenSource
{
    /// <summary>
    /// How long the stopping code waits for the thread where it did not wait before (<c>Abort()</c> and
    /// <c>Interrupt()</c> return at once): long enough for a worker that observes the token, short enough that a stop
    /// never hangs on one that is stuck elsewhere.
    /// </summary>
    public const int StopWaitMilliseconds = 1000;

    /// <summary>What the fix title says the bounded wait is.</summary>
    public const string StopWaitDescription = "1 s";

    private const string SourceType = "global::System.Threading.CancellationTokenSource";

    private readonly StoppableThread _thread;
    private readonly string _source;
    private readonly string? _tokenLocal;
    private readonly bool _sourceMayBeNull;

    public ThreadTokenSource(StoppableThread thread, CancellationToken cancellationToken)
    {
        _thread = thread;
        if (thread.Symbol is IFieldSymbol field)
        {
            var typeDeclarations = field.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken));
            _source = UniqueNames.UniqueName(field.Name + "Cts", typeDeclarations, field.ContainingType.MemberNames);
            _sourceMayBeNull = ((FieldDeclarationSyntax)thread.Declaration).Declaration.Type is NullableTypeSyntax;
        }
        else
        {
            _source = UniqueNames.UniqueName(thread.Symbol.Name + "Cts", UniqueNames.NameScope(thread.Declaration));
        }

        if (thread.Place == CreationPlace.FieldAssignment && (thread.Worker.Method is not null || thread.Worker.Loops.Length > 0 || thread.Worker.Waits.Length > 0))
        {
            _tokenLocal = UniqueNames.UniqueName(BaseName(thread.Symbol.Name) + "Token", UniqueNames.NameScope(thread.CreationSlot!.Anchor), _source);
        }
    }

    /// <summary>The name a lambda worker reads the token through: the token local, or else the source.</summary>
    public string TokenName => _tokenLocal ?? _source;

    public string TokenExpression => _tokenLocal is null
        ? TokenInScope.TokenExpressionOf(_source, TokenKind.Source)
        : TokenInScope.TokenExpressionOf(_tokenLocal, TokenKind.Token);

    public string IsCancellationRequestedExpression => _tokenLocal is null
        ? TokenInScope.IsCancellationRequestedExpressionOf(_source, TokenKind.Source)
        : TokenInScope.IsCancellationRequestedExpressionOf(_tokenLocal, TokenKind.Token);

    /// <summary>
    /// <c>cts.Cancel();</c> and, unless the thread is joined later anyway, <c>t.Join(1000);</c>: the stop call did not
    /// wait, so the stopping code waits a bounded time.
    /// </summary>
    public IReadOnlyList<StatementSyntax> StopStatements(StopCall stop)
    {
        var isField = _thread.Symbol is IFieldSymbol;
        var source = (isField && stop.Receiver.StartsWith("this.", System.StringComparison.Ordinal) ? "this." : string.Empty) + _source;
        var cancel = Statement(source + (isField && (stop.Conditional || _sourceMayBeNull) ? "?." : ".") + "Cancel();");
        return stop.JoinFollows
            ? new[] { cancel }
            : new[] { cancel, Statement(stop.Receiver + (stop.Conditional ? "?." : ".") + "Join(" + StopWaitMilliseconds + ");") };
    }

    /// <summary><c>var workerCts = new CancellationTokenSource();</c>, typed like the thread's own declaration.</summary>
    public StatementSyntax SourceLocal(LocalDeclarationStatementSyntax threadDeclaration)
        => Statement((threadDeclaration.Declaration.Type.IsVar ? "var" : SourceType) + " " + _source + " = new " + SourceType + "();");

    /// <summary><c>private CancellationTokenSource? _workerCts;</c>, static, readonly and nullable like the thread's field.</summary>
    public MemberDeclarationSyntax SourceField(FieldDeclarationSyntax threadField, bool initialized)
    {
        var modifiers = "private"
            + (threadField.Modifiers.Any(SyntaxKind.StaticKeyword) ? " static" : string.Empty)
            + (threadField.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? " readonly" : string.Empty);
        var text = modifiers + " " + SourceType + (_sourceMayBeNull ? "?" : string.Empty) + " " + _source
            + (initialized ? " = new " + SourceType + "()" : string.Empty) + ";";
        return WithSimplifiableTypes(SyntaxFactory.ParseMemberDeclaration(text)!)
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(LoopChecks.EndOfLine(threadField))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>_workerCts = new CancellationTokenSource();</c> and, when something uses it, <c>var workerToken = _workerCts.Token;</c>.</summary>
    public IReadOnlyList<StatementSyntax> SourceCreation()
    {
        var source = (_thread.CreationThroughThis ? "this." : string.Empty) + _source;
        var create = Statement(source + " = new " + SourceType + "();");
        return _tokenLocal is null
            ? new[] { create }
            : new[] { create, Statement("var " + _tokenLocal + " = " + TokenInScope.TokenExpressionOf(source, TokenKind.Source) + ";") };
    }

    private static StatementSyntax Statement(string text) => WithSimplifiableTypes(SyntaxFactory.ParseStatement(text));

    /// <summary>Marks each <c>global::…</c> name for the simplifier, which shortens it and adds the using directive.</summary>
    private static T WithSimplifiableTypes<T>(T node)
        where T : SyntaxNode
        => node.ReplaceNodes(
            node.DescendantNodes().OfType<QualifiedNameSyntax>().Where(n => n.Parent is not QualifiedNameSyntax && n.ToString().StartsWith("global::", System.StringComparison.Ordinal)),
            (_, current) => current.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));

    /// <summary><c>_worker</c>, <c>s_worker</c>, <c>m_worker</c> and <c>Worker</c> all give <c>worker</c>.</summary>
    private static string BaseName(string fieldName)
    {
        var name = fieldName;
        foreach (var prefix in new[] { "s_", "m_", "t_", "_" })
        {
            if (name.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        return name.Length == 0 ? "thread" : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
