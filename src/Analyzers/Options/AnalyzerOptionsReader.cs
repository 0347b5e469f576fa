using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>
/// Reads the options of each syntax tree once per compilation: made in <c>RegisterCompilationStartAction</c>, asked
/// from the per-node callbacks, which then cost a dictionary lookup rather than a string parse.
/// </summary>
internal sealed class AnalyzerOptionsReader
{
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<SyntaxTree, RuleOptions> _byTree = new();

    public AnalyzerOptionsReader(AnalyzerOptions options)
    {
        _provider = options.AnalyzerConfigOptionsProvider;
    }

    public RuleOptions For(SyntaxTree? tree)
        => tree is null ? RuleOptions.Defaults : _byTree.GetOrAdd(tree, t => RuleOptions.From(_provider.GetOptions(t)));

    /// <summary>
    /// The check every analyzer of ours makes once per diagnostic, just before reporting it: is the rule switched off
    /// by <c>excluded_symbol_names</c> for the member that holds the code?
    /// </summary>
    public bool IsExcluded(string ruleId, Location location, ISymbol? member) => For(location.SourceTree).IsExcluded(ruleId, member);
}
