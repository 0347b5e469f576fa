using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// One problem, one warning: suppresses a diagnostic of the compiler or of another analyzer (<see cref="Overlaps"/>) on
/// a call that a rule of ours reports too. It asks the analyzers' own question (their <c>DiagnosticFor</c>), so it
/// suppresses only where our rule really reports that call, and only while our rule shows there (not <c>none</c> or
/// <c>silent</c>) and <c>dotnet_code_quality.suppress_overlapping_diagnostics</c> is not <c>false</c>.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class OverlapSuppressor : DiagnosticSuppressor
{
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
        Overlaps.All.Select(overlap => overlap.Suppression).ToImmutableArray();

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var types = WellKnownTypes.For(context.Compilation);
        var reasons = new ThreadTerminationAnalyzer.Reasons(types);
        var options = new AnalyzerOptionsReader(context.Options);
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var treeOptions = options.For(tree);
            var model = context.GetSemanticModel(tree);
            if (CallAt(model, diagnostic.Location.SourceSpan, context.CancellationToken) is not { } call
                || OurDiagnostic(call, model, types, reasons, treeOptions) is not { } ours
                || !treeOptions.SuppressesOverlaps(ours.Id)
                || !RuleSeverity.IsVisible(ours.Descriptor, context.Compilation, tree, context.Options, context.CancellationToken))
            {
                continue;
            }

            foreach (var overlap in Overlaps.All)
            {
                if (overlap.PeerId == diagnostic.Id && overlap.Rule.Id == ours.Id)
                {
                    context.ReportSuppression(Suppression.Create(overlap.Suppression, diagnostic));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The call a peer diagnostic is reported on, when its span is exactly that of the call (<c>t.Abort()</c>,
    /// <c>.Abort()</c> after <c>?</c>), of the called expression (<c>Task.Run</c>) or of a method-group reference
    /// (<c>t.Abort</c>); a diagnostic on anything inside the call's arguments is not about the call.
    /// </summary>
    internal static IOperation? CallAt(SemanticModel model, TextSpan span, System.Threading.CancellationToken cancellationToken)
    {
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        if (span.IsEmpty || !root.FullSpan.Contains(span))
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node.Span != span)
        {
            return null;
        }

        if (node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node)
        {
            node = invocation;
        }

        return model.GetOperation(node, cancellationToken) is { Kind: OperationKind.Invocation or OperationKind.MethodReference } operation
            ? operation
            : null;
    }

    /// <summary>What our analyzers report on <paramref name="call"/>, asked the way each of them asks it.</summary>
    private static Diagnostic? OurDiagnostic(IOperation call, SemanticModel model, WellKnownTypes types, ThreadTerminationAnalyzer.Reasons reasons, RuleOptions options)
    {
        var member = Functions.ContainingMember(model.GetEnclosingSymbol(call.Syntax.SpanStart));
        if (types.Thread is { } thread && ThreadTerminationAnalyzer.DiagnosticFor(call, member, thread, reasons, options) is { } termination)
        {
            return termination;
        }

        if (call is not IInvocationOperation invocation || types.CancellationToken is null)
        {
            return null;
        }

        if (types.Task is not null && StartedWorkAnalyzer.DiagnosticFor(invocation, member, types, options) is { } started)
        {
            return started;
        }

        return types.Thread is not null ? SleepAnalyzer.DiagnosticFor(invocation, member, types, options) : null;
    }
}
