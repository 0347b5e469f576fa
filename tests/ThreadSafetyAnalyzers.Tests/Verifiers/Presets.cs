using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// The presets (<c>ThreadSafetyAnalysisMode</c>) as a table over the exported descriptors: what severity each mode
/// gives each rule. The global config files the package ships, the README's preset table and the rule pages'
/// precedence notes are generated from it, so a new rule fits without editing any of them.
/// </summary>
public static class Presets
{
    public static readonly string[] Modes = { "Default", "Recommended", "All", "None" };

    /// <summary>Rules that Recommended and All do not raise to a warning, with the severity they keep there (none today).</summary>
    private static readonly Dictionary<string, DiagnosticSeverity> KeptBelowWarning = new(StringComparer.Ordinal);

    /// <summary>The severity <paramref name="mode"/> gives <paramref name="rule"/>: null for off.</summary>
    public static DiagnosticSeverity? SeverityIn(string mode, DiagnosticDescriptor rule) => mode switch
    {
        "Default" => rule.DefaultSeverity,
        "Recommended" or "All" => KeptBelowWarning.TryGetValue(rule.Id, out var kept) ? kept : DiagnosticSeverity.Warning,
        "None" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The word of <c>.editorconfig</c> for a severity.</summary>
    public static string Word(DiagnosticSeverity? severity) => severity switch
    {
        null => "none",
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion",
        _ => "silent",
    };

    public static string ConfigPath(string mode) => Path.Combine("src", "Package", "build", "config", $"ThreadSafetyAnalyzers.{mode}.globalconfig");

    /// <summary>
    /// The global config file of <paramref name="mode"/>: nothing for Default; otherwise one category key per category
    /// (the severity most of its rules get) and a rule key only for a rule the mode sets apart from its category.
    /// </summary>
    public static string ConfigFile(string mode, IReadOnlyList<DiagnosticDescriptor> rules)
    {
        var text = new StringBuilder()
            .Append($"# ThreadSafetyAnalyzers preset \"{mode}\" (<ThreadSafetyAnalysisMode>{mode}</ThreadSafetyAnalysisMode>): {Summary(mode, rules)}\n")
            .Append("# Generated from the rules by tests/ThreadSafetyAnalyzers.Tests/PresetTests.cs (UPDATE_README=1 rewrites it).\n")
            .Append("# Category keys at the lowest level: your own rule and category settings, in .editorconfig or a .globalconfig, win over this file.\n")
            .Append("is_global = true\n")
            .Append("global_level = -1\n");
        if (mode != "Default")
        {
            text.Append('\n');
            foreach (var (key, value) in Keys(mode, rules))
            {
                text.Append($"{key} = {value}\n");
            }
        }

        if (mode == "All")
        {
            text.Append("\ndotnet_code_quality.token_sources = members\n");
        }

        return text.ToString();
    }

    public static IEnumerable<(string Key, string Value)> Keys(string mode, IReadOnlyList<DiagnosticDescriptor> rules)
    {
        foreach (var category in rules.GroupBy(rule => rule.Category).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var common = category.GroupBy(rule => Word(SeverityIn(mode, rule))).OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).First().Key;
            yield return ($"dotnet_analyzer_diagnostic.category-{category.Key}.severity", common);
            foreach (var rule in category.Where(rule => Word(SeverityIn(mode, rule)) != common))
            {
                yield return ($"dotnet_diagnostic.{rule.Id}.severity", Word(SeverityIn(mode, rule)));
            }
        }
    }

    private static string Summary(string mode, IReadOnlyList<DiagnosticDescriptor> rules)
    {
        switch (mode)
        {
            case "Default":
                return "the severities each rule ships with; nothing is changed.";
            case "None":
                return "every rule is off.";
            default:
                var raised = rules.Where(rule => rule.DefaultSeverity < DiagnosticSeverity.Warning && SeverityIn(mode, rule) == DiagnosticSeverity.Warning).Select(rule => rule.Id).ToList();
                var text = raised.Count == 0 ? "every rule is a warning" : $"every rule is a warning ({string.Join(", ", raised)} raised from suggestion)";
                return mode == "All" ? text + ", and fields and properties of the type count as cancellation tokens in scope." : text + ".";
        }
    }

    /// <summary>What the rule page says about the presets and about which setting wins.</summary>
    /// <summary>How a rule page says to set the rule's severity and to suppress one occurrence.</summary>
    public static string SeverityNote(DiagnosticDescriptor rule)
    {
        var shipped = Word(rule.DefaultSeverity);
        var note = $$"""
            Set the severity in `.editorconfig`; the rule ships as a {{(shipped == "suggestion" ? "suggestion (info)" : shipped)}}:

            ```ini
            [*.cs]
            dotnet_diagnostic.{{rule.Id}}.severity = {{(shipped == "warning" ? "error" : "warning")}}   # error, warning, suggestion, silent or none
            ```

            """;

        // TSA0002 reports a file's settings, not code: its page says how to suppress it for a file.
        return rule.Id == DiagnosticIds.UnknownOptionValue
            ? note
            : note + $"\nOr suppress one occurrence with `#pragma warning disable {rule.Id}` / `#pragma warning restore {rule.Id}`.\n";
    }

    public static string RulePageNote(DiagnosticDescriptor rule)
    {
        var byWord = Modes.GroupBy(mode => Word(SeverityIn(mode, rule)))
            .Select(group => $"{string.Join(" and ", group.Select(mode => $"`{mode}`"))}: {(group.Key == "none" ? "off" : group.Key)}");
        return $"""
            The presets (`<ThreadSafetyAnalysisMode>` in the project file; see the README) set this rule to
            {string.Join("; ", byWord)}. They set category keys (`dotnet_analyzer_diagnostic.category-{rule.Category}.severity`)
            at the lowest level, so what wins, first to last:

            1. `#pragma warning disable {rule.Id}` or `[SuppressMessage]`, for the code they cover;
            2. your `dotnet_diagnostic.{rule.Id}.severity`, in `.editorconfig` or in a `.globalconfig` of yours;
            3. your `dotnet_analyzer_diagnostic.category-{rule.Category}.severity`, likewise;
            4. the preset;
            5. your `dotnet_analyzer_diagnostic.severity` (every analyzer's rules): it counts only under `Default`, which
               sets nothing;
            6. the rule's default: {Word(rule.DefaultSeverity)}.

            """;
    }
}
