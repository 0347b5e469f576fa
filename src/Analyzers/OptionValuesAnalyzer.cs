using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.Options;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// TSA0002: an option of ours whose value does not parse (<c>token_sources = everything</c>), which the rules would
/// otherwise replace by its default without a word. Reported once per file and key, where the file's code starts.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class OptionValuesAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UnknownOptionValue);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxTreeAction(AnalyzeTree);
    }

    private static void AnalyzeTree(SyntaxTreeAnalysisContext context)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Tree);
        Location? location = null;
        foreach (var (key, value, option) in OptionCatalogue.InvalidValues(options))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnknownOptionValue,
                location ??= StartOf(context.Tree, context.CancellationToken),
                key,
                value,
                option.AcceptedValues,
                option.DefaultValue));
        }
    }

    /// <summary>Just before the first token, after any leading comments and directives, so that <c>#pragma warning disable TSA0002</c> at the top covers it.</summary>
    private static Location StartOf(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
        => Location.Create(tree, new TextSpan(tree.GetRoot(cancellationToken).GetFirstToken(includeZeroWidth: true).SpanStart, 0));
}
