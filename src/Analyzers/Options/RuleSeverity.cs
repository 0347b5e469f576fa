using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>
/// The severity a rule of ours has in one syntax tree, worked out the way the compiler does: the command line's
/// <c>/nowarn</c> first, then the rule's own <c>dotnet_diagnostic.ID.severity</c> (in <c>.editorconfig</c>, then in
/// global config files), the command line's or rule set's other settings, the category's
/// <c>dotnet_analyzer_diagnostic.category-X.severity</c>, <c>dotnet_analyzer_diagnostic.severity</c>, and last the
/// rule's default.
/// </summary>
internal static class RuleSeverity
{
    public const string CategoryKeyPrefix = "dotnet_analyzer_diagnostic.category-";
    public const string AllAnalyzersKey = "dotnet_analyzer_diagnostic.severity";

    /// <summary>Does <paramref name="rule"/> show in <paramref name="tree"/>: is it an error, a warning or a suggestion there (not silent, not none)?</summary>
    public static bool IsVisible(DiagnosticDescriptor rule, Compilation compilation, SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var report = Effective(rule, compilation, tree, options, cancellationToken);
        if (report == ReportDiagnostic.Default)
        {
            return rule.IsEnabledByDefault && rule.DefaultSeverity != DiagnosticSeverity.Hidden;
        }

        return report is ReportDiagnostic.Error or ReportDiagnostic.Warn or ReportDiagnostic.Info;
    }

    public static ReportDiagnostic Effective(DiagnosticDescriptor rule, Compilation compilation, SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var specific = compilation.Options.SpecificDiagnosticOptions;
        if (specific.TryGetValue(rule.Id, out var report) && report == ReportDiagnostic.Suppress)
        {
            return report;
        }

        var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
        if (treeOptions is not null
            && (treeOptions.TryGetDiagnosticValue(tree, rule.Id, cancellationToken, out report)
                || treeOptions.TryGetGlobalDiagnosticValue(rule.Id, cancellationToken, out report)))
        {
            return report;
        }

        if (specific.TryGetValue(rule.Id, out report))
        {
            return report;
        }

        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if ((config.TryGetValue(CategoryKeyPrefix + rule.Category + ".severity", out var value)
                || config.TryGetValue(AllAnalyzersKey, out value))
            && Parse(value) is { } configured)
        {
            return configured;
        }

        return ReportDiagnostic.Default;
    }

    /// <summary>The severity words of <c>.editorconfig</c>; null for anything else.</summary>
    public static ReportDiagnostic? Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "error" => ReportDiagnostic.Error,
        "warning" => ReportDiagnostic.Warn,
        "suggestion" => ReportDiagnostic.Info,
        "silent" or "refactoring" => ReportDiagnostic.Hidden,
        "none" => ReportDiagnostic.Suppress,
        "default" => ReportDiagnostic.Default,
        _ => null,
    };
}
