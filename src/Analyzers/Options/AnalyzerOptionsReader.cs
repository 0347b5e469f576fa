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
    private readonly System.Func<SyntaxTree, RuleOptions> _read;

    /// <summary>The tree asked about last and its options: the driver calls back node after node of one tree.</summary>
    private TreeOptions? _last;

    public AnalyzerOptionsReader(AnalyzerOptions options)
    {
        _provider = options.AnalyzerConfigOptionsProvider;
        _read = tree => RuleOptions.From(_provider.GetOptions(tree));
    }

    /// <summary>
    /// The options of <paramref name="tree"/>. Most callbacks ask before they know whether the node matters, so this
    /// is the cost of every callback: no allocation, and no dictionary lookup for the tree asked about last.
    /// </summary>
    public RuleOptions For(SyntaxTree? tree)
    {
        if (tree is null)
        {
            return RuleOptions.Defaults;
        }

        var last = System.Threading.Volatile.Read(ref _last);
        if (last is not null && last.Tree == tree)
        {
            return last.Options;
        }

        var options = _byTree.GetOrAdd(tree, _read);
        System.Threading.Volatile.Write(ref _last, new TreeOptions(tree, options));
        return options;
    }

    /// <summary>
    /// The options of the tree <paramref name="operation"/> is in, read off its semantic model: asking a syntax node
    /// for its tree walks up to the root the first time, and every callback of ours asks about a node not asked before.
    /// </summary>
    public RuleOptions For(IOperation operation) => For(operation.SemanticModel?.SyntaxTree ?? operation.Syntax.SyntaxTree);

    private sealed class TreeOptions
    {
        public TreeOptions(SyntaxTree tree, RuleOptions options)
        {
            Tree = tree;
            Options = options;
        }

        public SyntaxTree Tree { get; }

        public RuleOptions Options { get; }
    }

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
