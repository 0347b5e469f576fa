using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>One option of ours: its name, the values it accepts, its default, and where its keys may stand.</summary>
internal sealed class OptionDefinition
{
    public OptionDefinition(string name, string acceptedValues, string defaultValue, bool readsGeneralKey, Func<string, bool> accepts)
    {
        Name = name;
        AcceptedValues = acceptedValues;
        DefaultValue = defaultValue;
        ReadsGeneralKey = readsGeneralKey;
        Accepts = accepts;
    }

    public string Name { get; }

    /// <summary>As the TSA0002 message lists them.</summary>
    public string AcceptedValues { get; }

    public string DefaultValue { get; }

    /// <summary>Is <c>dotnet_code_quality.NAME</c> ours too, or only the scoped keys (<c>dotnet_code_quality.SCOPE.NAME</c>)?</summary>
    public bool ReadsGeneralKey { get; }

    public Func<string, bool> Accepts { get; }
}

/// <summary>
/// The options whose values must parse, and the check behind TSA0002: every <c>dotnet_code_quality.NAME</c> and
/// <c>dotnet_code_quality.SCOPE.NAME</c> key of ours (SCOPE a rule ID, one of our categories, <c>Termination</c> or
/// <c>Cancellation</c>, or <c>add_cancellation_parameter</c>) whose value the reader would ignore.
/// <c>excluded_symbol_names</c> takes any text and is not checked.
/// </summary>
internal static class OptionCatalogue
{
    public static readonly ImmutableArray<OptionDefinition> All = ImmutableArray.Create(
        new OptionDefinition(RuleOptions.LoopKindsName, "unbounded, waiting, all", "all", true, value => RuleOptions.ParseFlags(value, RuleOptions.LoopKindOf) is not null),
        new OptionDefinition(RuleOptions.TokenSourcesName, "parameters, locals, members", "locals", true, value => RuleOptions.ParseFlags(value, RuleOptions.TokenSourceOf) is not null),
        new OptionDefinition(RuleOptions.MinSleepName, "a whole number of milliseconds", "0", true, value => RuleOptions.ParseMilliseconds(value) is not null),
        new OptionDefinition(RuleOptions.ExitTimeoutName, "a positive whole number of milliseconds", "5000", true, value => RuleOptions.ParseMilliseconds(value) is > 0),
        new OptionDefinition(RuleOptions.MinWaitName, "a whole number of milliseconds", "0", true, value => RuleOptions.ParseMilliseconds(value) is not null),
        new OptionDefinition(RuleOptions.SuppressOverlapsName, "true, false", "true", true, value => RuleOptions.ParseBoolean(value) is not null),
        // The general dotnet_code_quality.api_surface belongs to the .NET code-quality rules.
        new OptionDefinition(RuleOptions.ApiSurfaceName, "all, internal, private", "internal in a DLL, else all", false, value => RuleOptions.ParseApiSurface(value) is not null));

    /// <summary>The keys of <paramref name="options"/> that name one of our options with a value it does not accept, in key order.</summary>
    public static IEnumerable<(string Key, string Value, OptionDefinition Option)> InvalidValues(AnalyzerConfigOptions options)
    {
        var found = new List<(string Key, string Value, OptionDefinition Option)>();
        foreach (var key in options.Keys)
        {
            if (!key.StartsWith(RuleOptions.Prefix, StringComparison.Ordinal) || Definition(key) is not { } option)
            {
                continue;
            }

            if (options.TryGetValue(key, out var value) && !option.Accepts(value))
            {
                found.Add((key, value, option));
            }
        }

        found.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        return found;
    }

    private static OptionDefinition? Definition(string key)
    {
        var rest = key.Substring(RuleOptions.Prefix.Length);
        var dot = rest.LastIndexOf('.');
        var scope = dot < 0 ? null : rest.Substring(0, dot);
        var name = dot < 0 ? rest : rest.Substring(dot + 1);
        if (scope is not null && !IsOurScope(scope))
        {
            return null;
        }

        foreach (var option in All)
        {
            if (string.Equals(option.Name, name, StringComparison.OrdinalIgnoreCase) && (scope is not null || option.ReadsGeneralKey))
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>A rule ID of ours (<c>TSA</c> and four digits) or the add-parameter fix's scope.</summary>
    private static bool IsOurScope(string scope)
    {
        if (string.Equals(scope, RuleOptions.AddParameterFix, StringComparison.OrdinalIgnoreCase)
            || string.Equals(scope, DiagnosticCategories.Termination, StringComparison.OrdinalIgnoreCase)
            || string.Equals(scope, DiagnosticCategories.Cancellation, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (scope.Length != 7 || !scope.StartsWith("TSA", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (var i = 3; i < scope.Length; i++)
        {
            if (scope[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
