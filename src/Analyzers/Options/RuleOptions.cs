using System;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>
/// The <c>.editorconfig</c> (and global config) options of one syntax tree, parsed once. Every option is looked up
/// per rule first (<c>dotnet_code_quality.TSA2001.token_sources</c>), then per category
/// (<c>dotnet_code_quality.Cancellation.token_sources</c>), then in general (<c>dotnet_code_quality.token_sources</c>),
/// the way the .NET code-quality rules read theirs. A value that does not parse falls back to the default, and TSA0002
/// (<see cref="OptionCatalogue"/>, which lists every option and the rules that read it) says so.
/// </summary>
internal sealed class RuleOptions
{
    public const string Prefix = "dotnet_code_quality.";

    /// <summary>The key the add-parameter fix's options live under: <c>dotnet_code_quality.add_cancellation_parameter.*</c>.</summary>
    public const string AddParameterFix = "add_cancellation_parameter";

    public const string LoopKindsName = "loop_kinds";
    public const string TokenSourcesName = "token_sources";
    public const string ApiSurfaceName = "api_surface";
    public const string MinSleepName = "min_sleep_ms";
    public const string ExitTimeoutName = "exit_timeout_ms";

    /// <summary>TSA1004's fix waits this long for the process to exit before it kills it, unless <c>exit_timeout_ms</c> says otherwise.</summary>
    public const int DefaultExitTimeoutMilliseconds = 5000;

    public const string MinWaitName = "min_wait_ms";
    public const string ExcludedSymbolNamesName = "excluded_symbol_names";
    public const string SuppressOverlapsName = "suppress_overlapping_diagnostics";

    public static readonly RuleOptions Defaults = new(null);

    private readonly AnalyzerConfigOptions? _options;
    private ConcurrentDictionary<string, SymbolNameList>? _exclusions;
    private ConcurrentDictionary<string, TokenSources>? _tokenSources;

    /// <summary>
    /// The options that are one value for the whole tree, parsed on first use: most trees are asked for their options
    /// only by a loop or a call that turns out not to matter, and each analyzer reads each tree it visits.
    /// </summary>
    private Scalars? _scalars;

    private RuleOptions(AnalyzerConfigOptions? options) => _options = options;

    private Scalars Values => _scalars ?? System.Threading.Interlocked.CompareExchange(ref _scalars, new Scalars(this), null) ?? _scalars;

    /// <summary>TSA2001: which long-running loops count.</summary>
    public LoopKinds LoopKinds => Values.LoopKinds;

    /// <summary>
    /// The add-parameter fix: where it may change a signature rather than add an overload; null when unset (or not
    /// understood), and the fix then chooses by the kind of project (<see cref="ApiSurfaceFor"/>).
    /// </summary>
    public ApiSurface? ConfiguredApiSurface => Values.ConfiguredApiSurface;

    /// <summary>
    /// The surface the fix keeps to: the configured one, else <c>internal</c> in a library (a public signature there is
    /// somebody else's binary contract) and <c>all</c> in an application, whose public methods nobody outside calls.
    /// </summary>
    public ApiSurface ApiSurfaceFor(bool library) => ConfiguredApiSurface ?? (library ? ApiSurface.Internal : ApiSurface.All);

    /// <summary>TSA2006: constant sleeps shorter than this many milliseconds are not reported.</summary>
    public int MinSleepMilliseconds => Values.MinSleepMilliseconds;

    /// <summary>TSA1004's fix: the timeout it writes into <c>WaitForExit(...)</c>.</summary>
    public int ExitTimeoutMilliseconds => Values.ExitTimeoutMilliseconds;

    /// <summary>TSA2007: waits with a constant timeout shorter than this many milliseconds are not reported.</summary>
    public int MinWaitMilliseconds => Values.MinWaitMilliseconds;

    public static RuleOptions From(AnalyzerConfigOptions options) => new(options);

    /// <summary>The options of <paramref name="tree"/>, parsed afresh; analyzers use <see cref="AnalyzerOptionsReader"/>, which caches them.</summary>
    public static RuleOptions Of(AnalyzerOptions? options, SyntaxTree? tree)
        => options is null || tree is null ? Defaults : new RuleOptions(options.AnalyzerConfigOptionsProvider.GetOptions(tree));

    /// <summary>Where the rule <paramref name="ruleId"/> looks for a token in scope.</summary>
    public TokenSources TokenSourcesFor(string ruleId)
        => _options is null
            ? Options.TokenSources.Default
            : (_tokenSources ?? System.Threading.Interlocked.CompareExchange(ref _tokenSources, new(StringComparer.Ordinal), null) ?? _tokenSources)
                .GetOrAdd(ruleId, id => ParseFlags(Read(id, TokenSourcesName), Options.TokenSources.Default, TokenSourceOf));

    /// <summary>
    /// May <see cref="OverlapSuppressor"/> suppress the compiler's or another analyzer's diagnostic on a call that
    /// <paramref name="ruleId"/> reports (<c>suppress_overlapping_diagnostics</c>, <c>true</c> unless set to <c>false</c>)?
    /// </summary>
    public bool SuppressesOverlaps(string ruleId)
        => _options is null || ParseBoolean(Read(ruleId, SuppressOverlapsName)) != false;

    /// <summary>Is <paramref name="ruleId"/> switched off for code in <paramref name="member"/> by <c>excluded_symbol_names</c>?</summary>
    public bool IsExcluded(string ruleId, ISymbol? member)
        => _options is not null
            && member is not null
            && (_exclusions ?? System.Threading.Interlocked.CompareExchange(ref _exclusions, new(StringComparer.Ordinal), null) ?? _exclusions)
                .GetOrAdd(ruleId, id => SymbolNameList.Parse(Read(id, ExcludedSymbolNamesName))).Matches(member);

    private string? Read(string ruleId, string name)
    {
        if (_options is null)
        {
            return null;
        }

        // The rule's own key, then its category's (as the .NET rules read dotnet_code_quality.<Category>.<option>),
        // then the general one. The fix's own scope (add_cancellation_parameter) has no category.
        if (_options.TryGetValue(Prefix + ruleId + "." + name, out var value)
            || (ruleId.StartsWith("TSA", StringComparison.Ordinal) && _options.TryGetValue(Prefix + DiagnosticCategories.Of(ruleId) + "." + name, out value))
            || _options.TryGetValue(Prefix + name, out value))
        {
            return value;
        }

        return null;
    }

    /// <summary>A word or a list such as <c>unbounded, waiting</c> (commas, bars or spaces between); any unknown word makes it the default.</summary>
    private static T ParseFlags<T>(string? value, T defaultValue, Func<string, int> flagOf)
        where T : struct, Enum
        => string.IsNullOrWhiteSpace(value) || ParseFlags(value!, flagOf) is not { } flags ? defaultValue : (T)(object)flags;

    /// <summary>The flags a list of words names, or null when a word is unknown or there is none.</summary>
    internal static int? ParseFlags(string value, Func<string, int> flagOf)
    {
        var flags = 0;
        foreach (var word in value.Split(new[] { ',', '|', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var flag = flagOf(word.Trim());
            if (flag == 0)
            {
                return null;
            }

            flags |= flag;
        }

        return flags == 0 ? null : flags;
    }

    internal static int LoopKindOf(string word) => word.ToLowerInvariant() switch
    {
        "unbounded" => (int)LoopKinds.Unbounded,
        "waiting" => (int)LoopKinds.Waiting,
        "all" => (int)LoopKinds.All,
        _ => 0,
    };

    /// <summary>Each source includes the ones before it: <c>parameters</c> ⊂ <c>locals</c> (the default) ⊂ <c>members</c>.</summary>
    internal static int TokenSourceOf(string word) => word.ToLowerInvariant() switch
    {
        "parameters" => (int)Options.TokenSources.Parameters,
        "locals" => (int)Options.TokenSources.Default,
        "members" or "all" => (int)Options.TokenSources.All,
        _ => 0,
    };

    internal static ApiSurface? ParseApiSurface(string value) => value.Trim().ToLowerInvariant() switch
    {
        "all" => ApiSurface.All,
        "internal" => ApiSurface.Internal,
        "private" => ApiSurface.Private,
        _ => null,
    };

    /// <summary>A whole number of milliseconds, 0 or more; null for anything else.</summary>
    internal static int? ParseMilliseconds(string? value)
        => int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) ? milliseconds : null;

    internal static bool? ParseBoolean(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    /// <summary>The tree-wide values, parsed together the first time one is asked for (defaults where nothing is configured).</summary>
    private sealed class Scalars
    {
        public Scalars(RuleOptions owner)
        {
            if (owner._options is not { } options)
            {
                LoopKinds = LoopKinds.All;
                ExitTimeoutMilliseconds = DefaultExitTimeoutMilliseconds;
                return;
            }

            LoopKinds = ParseFlags(owner.Read(DiagnosticIds.LoopDoesNotObserveToken, LoopKindsName), LoopKinds.All, LoopKindOf);

            // Only the fix's own key: the general dotnet_code_quality.api_surface already means something else to the
            // .NET code-quality rules (which symbols they analyze).
            ConfiguredApiSurface = options.TryGetValue(Prefix + AddParameterFix + "." + ApiSurfaceName, out var surface)
                ? ParseApiSurface(surface)
                : null;
            MinSleepMilliseconds = ParseMilliseconds(owner.Read(DiagnosticIds.SleepIgnoresCancellation, MinSleepName)) ?? 0;
            ExitTimeoutMilliseconds = ParseMilliseconds(owner.Read(DiagnosticIds.AskProcessToExit, ExitTimeoutName)) is > 0 and var timeout ? timeout : DefaultExitTimeoutMilliseconds;
            MinWaitMilliseconds = ParseMilliseconds(owner.Read(DiagnosticIds.WaitIgnoresCancellation, MinWaitName)) ?? 0;
        }

        public LoopKinds LoopKinds { get; }

        public ApiSurface? ConfiguredApiSurface { get; }

        public int MinSleepMilliseconds { get; }

        public int ExitTimeoutMilliseconds { get; }

        public int MinWaitMilliseconds { get; }
    }
}
