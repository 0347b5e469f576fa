using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>One option of ours: its name, who reads it, the values it accepts, its default, and how it parses.</summary>
internal sealed class OptionDefinition
{
    public OptionDefinition(
        string name, string summary, string acceptedValues, string defaultValue, string example, bool readsGeneralKey, Func<string, bool> accepts, ImmutableArray<(string RuleId, string Scope)> uses)
    {
        Name = name;
        Summary = summary;
        AcceptedValues = acceptedValues;
        DefaultValue = defaultValue;
        Example = example;
        ReadsGeneralKey = readsGeneralKey;
        Accepts = accepts;
        Uses = uses;
    }

    public string Name { get; }

    /// <summary>What the option decides, in one line, for the README and the rule pages.</summary>
    public string Summary { get; }

    /// <summary>As the TSA0002 message lists them.</summary>
    public string AcceptedValues { get; }

    public string DefaultValue { get; }

    /// <summary>A value worth showing in an <c>.editorconfig</c> example.</summary>
    public string Example { get; }

    /// <summary>Is <c>dotnet_code_quality.NAME</c> ours too, or only the scoped keys (<c>dotnet_code_quality.SCOPE.NAME</c>)?</summary>
    public bool ReadsGeneralKey { get; }

    /// <summary>The parser's verdict on a value: false makes the reader keep the default and TSA0002 report the key.</summary>
    public Func<string, bool> Accepts { get; }

    /// <summary>
    /// Every rule that reads the option (its analyzer, its code fix or the overlap suppressor), and the scope of the key
    /// it reads: its own ID; another rule's where its verdict is literally that rule's (TSA2002 and TSA2008 ask
    /// TSA2001's loop verdict, TSA2005 asks TSA2003's); or <c>add_cancellation_parameter</c> for the add-parameter fix.
    /// </summary>
    public ImmutableArray<(string RuleId, string Scope)> Uses { get; }

    /// <summary>Does any value do? <c>excluded_symbol_names</c> takes any text.</summary>
    public bool IsValidated => !ReferenceEquals(Accepts, AnyText);

    public string KeyFor(string scope) => RuleOptions.Prefix + scope + "." + Name;

    internal static readonly Func<string, bool> AnyText = _ => true;
}

/// <summary>
/// Every option of ours, what reads it and how its values parse: the reader's keys, TSA0002's check, the README's
/// options table, the rule pages' option lists and the option tests all come from here. TSA0002 reports every
/// <c>dotnet_code_quality.NAME</c> and <c>dotnet_code_quality.SCOPE.NAME</c> key of ours (SCOPE a rule ID, one of our
/// categories, <c>Termination</c> or <c>Cancellation</c>, or <c>add_cancellation_parameter</c>) whose value the reader
/// would ignore.
/// </summary>
internal static class OptionCatalogue
{
    public static readonly ImmutableArray<OptionDefinition> All = ImmutableArray.Create(
        new OptionDefinition(
            RuleOptions.LoopKindsName,
            "which long-running loops count: those with no exit (`unbounded`), those that wait on every pass (`waiting`), or both",
            "unbounded, waiting, all",
            "all",
            "waiting",
            true,
            value => RuleOptions.ParseFlags(value, RuleOptions.LoopKindOf) is not null,
            Uses(
                (DiagnosticIds.LoopDoesNotObserveToken, DiagnosticIds.LoopDoesNotObserveToken),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.LoopDoesNotObserveToken))),
        new OptionDefinition(
            RuleOptions.TokenSourcesName,
            "where a token counts as in scope: parameters, also locals, or also fields and properties of the type (`members`)",
            "parameters, locals, members",
            "locals",
            "members",
            true,
            value => RuleOptions.ParseFlags(value, RuleOptions.TokenSourceOf) is not null,
            Uses(
                (DiagnosticIds.DoNotAbortThreads, RuleOptions.AddParameterFix),
                (DiagnosticIds.DoNotInterruptThreads, RuleOptions.AddParameterFix),
                (DiagnosticIds.LoopDoesNotObserveToken, DiagnosticIds.LoopDoesNotObserveToken),
                (DiagnosticIds.LoopCanNeverBeStopped, DiagnosticIds.LoopDoesNotObserveToken),
                (DiagnosticIds.LoopCanNeverBeStopped, RuleOptions.AddParameterFix),
                (DiagnosticIds.PassTokenToStartedWork, DiagnosticIds.PassTokenToStartedWork),
                (DiagnosticIds.BackgroundWorkNotCancellable, DiagnosticIds.PassTokenToStartedWork),
                (DiagnosticIds.BackgroundWorkNotCancellable, RuleOptions.AddParameterFix),
                (DiagnosticIds.SleepIgnoresCancellation, DiagnosticIds.SleepIgnoresCancellation),
                (DiagnosticIds.WaitIgnoresCancellation, DiagnosticIds.WaitIgnoresCancellation),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.LoopDoesNotObserveToken),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.SleepIgnoresCancellation),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.WaitIgnoresCancellation),
                (DiagnosticIds.StartedWorkIgnoresToken, RuleOptions.AddParameterFix))),
        new OptionDefinition(
            RuleOptions.MinSleepName,
            "constant sleeps shorter than this many milliseconds are not reported",
            "a whole number of milliseconds",
            "0",
            "50",
            true,
            value => RuleOptions.ParseMilliseconds(value) is not null,
            Uses(
                (DiagnosticIds.SleepIgnoresCancellation, DiagnosticIds.SleepIgnoresCancellation),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.SleepIgnoresCancellation))),
        new OptionDefinition(
            RuleOptions.ExitTimeoutName,
            "how long the code fix's `WaitForExit(...)` waits for the process to exit before it kills it, in milliseconds",
            "a positive whole number of milliseconds",
            "5000",
            "10000",
            true,
            value => RuleOptions.ParseMilliseconds(value) is > 0,
            Uses((DiagnosticIds.AskProcessToExit, DiagnosticIds.AskProcessToExit))),
        new OptionDefinition(
            RuleOptions.MinWaitName,
            "waits with a constant timeout shorter than this many milliseconds are not reported",
            "a whole number of milliseconds",
            "0",
            "100",
            true,
            value => RuleOptions.ParseMilliseconds(value) is not null,
            Uses(
                (DiagnosticIds.WaitIgnoresCancellation, DiagnosticIds.WaitIgnoresCancellation),
                (DiagnosticIds.StartedWorkIgnoresToken, DiagnosticIds.WaitIgnoresCancellation))),
        new OptionDefinition(
            RuleOptions.SuppressOverlapsName,
            "`false` keeps the compiler's and other analyzers' reports of a call that this rule reports too",
            "true, false",
            "true",
            "false",
            true,
            value => RuleOptions.ParseBoolean(value) is not null,
            OverlappingRules()),

        // The general dotnet_code_quality.api_surface belongs to the .NET code-quality rules.
        new OptionDefinition(
            RuleOptions.ApiSurfaceName,
            "where a signature may change; outside it the method keeps its signature and gets an overload that takes the token",
            "all, internal, private",
            "internal in a DLL, else all",
            "internal",
            false,
            value => RuleOptions.ParseApiSurface(value) is not null,
            Uses(
                (DiagnosticIds.LoopCanNeverBeStopped, RuleOptions.AddParameterFix),
                (DiagnosticIds.BackgroundWorkNotCancellable, RuleOptions.AddParameterFix),
                (DiagnosticIds.StartedWorkIgnoresToken, RuleOptions.AddParameterFix))),
        new OptionDefinition(
            RuleOptions.ExcludedSymbolNamesName,
            "code in the named methods, types and namespaces is not analyzed",
            "method, type and namespace names",
            "none",
            "M:MyApp.Worker.RunOnce|T:MyApp.Legacy.PluginHost|N:MyApp.Generated",
            true,
            OptionDefinition.AnyText,
            Own(
                DiagnosticIds.DoNotAbortThreads,
                DiagnosticIds.DoNotInterruptThreads,
                DiagnosticIds.DoNotSuspendThreads,
                DiagnosticIds.AskProcessToExit,
                DiagnosticIds.DeadAbortHandler,
                DiagnosticIds.LoopDoesNotObserveToken,
                DiagnosticIds.LoopCanNeverBeStopped,
                DiagnosticIds.PassTokenToStartedWork,
                DiagnosticIds.StopFlagNotSynchronized,
                DiagnosticIds.BackgroundWorkNotCancellable,
                DiagnosticIds.SleepIgnoresCancellation,
                DiagnosticIds.WaitIgnoresCancellation,
                DiagnosticIds.StartedWorkIgnoresToken,
                DiagnosticIds.LoopSwallowsCancellation,
                DiagnosticIds.SourceNeverCancelled)));

    /// <summary>The option called <paramref name="name"/>.</summary>
    public static OptionDefinition Named(string name)
    {
        foreach (var option in All)
        {
            if (option.Name == name)
            {
                return option;
            }
        }

        throw new ArgumentException("not an option of ours: " + name, nameof(name));
    }

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

            if (option.IsValidated && options.TryGetValue(key, out var value) && !option.Accepts(value))
            {
                found.Add((key, value, option));
            }
        }

        found.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        return found;
    }

    private static ImmutableArray<(string RuleId, string Scope)> Uses(params (string RuleId, string Scope)[] uses) => ImmutableArray.Create(uses);

    /// <summary>Rules that each read the option under their own ID.</summary>
    private static ImmutableArray<(string RuleId, string Scope)> Own(params string[] ruleIds)
    {
        var builder = ImmutableArray.CreateBuilder<(string RuleId, string Scope)>(ruleIds.Length);
        foreach (var ruleId in ruleIds)
        {
            builder.Add((ruleId, ruleId));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>The rules the overlap suppressor acts for (<see cref="Overlaps"/>), each under its own ID.</summary>
    private static ImmutableArray<(string RuleId, string Scope)> OverlappingRules()
    {
        var ruleIds = new List<string>();
        foreach (var overlap in Overlaps.All)
        {
            if (!ruleIds.Contains(overlap.Rule.Id))
            {
                ruleIds.Add(overlap.Rule.Id);
            }
        }

        return Own(ruleIds.ToArray());
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
