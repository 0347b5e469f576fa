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

    /// <summary>
    /// Does the project build the same sources for a runtime that can abort threads too: a <c>TargetFrameworks</c>
    /// entry for .NET Framework (<c>net48</c>, <c>net462</c>, …) or .NET Standard, which .NET Framework runs? The
    /// package's targets pass the list as <c>ThreadSafetyTargetFrameworks</c> (<c>CompilerVisibleProperty</c>), with
    /// commas: the analyzer config format ends a value at <c>;</c>. Without it nothing is known.
    /// </summary>
    public static bool AlsoBuildsForAbortingRuntime(AnalyzerOptions options)
        => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.ThreadSafetyTargetFrameworks", out var frameworks)
            && AnyAbortingRuntime(frameworks);

    /// <summary>.NET Framework monikers have no dot (<c>net48</c>, <c>net35</c>); .NET 5 and later have one (<c>net8.0</c>, <c>net10.0-windows</c>).</summary>
    internal static bool AnyAbortingRuntime(string frameworks)
    {
        foreach (var entry in frameworks.Split(',', ';'))
        {
            var moniker = entry.Trim().ToLowerInvariant();
            if (moniker.StartsWith("netstandard", System.StringComparison.Ordinal)
                || (moniker.Length > 3 && moniker.StartsWith("net", System.StringComparison.Ordinal) && char.IsDigit(moniker[3]) && moniker.IndexOf('.') < 0))
            {
                return true;
            }
        }

        return false;
    }
}
