using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Options;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>
/// The option text of the README and of the rule pages, written from <see cref="OptionCatalogue"/>: the README's
/// options table, the README rule table's Options column, and each rule page's list of the keys it reads.
/// </summary>
internal static class OptionDocs
{
    public const string Start = "<!-- options:start -->";
    public const string End = "<!-- options:end -->";

    private const string ExcludedName = RuleOptions.ExcludedSymbolNamesName;

    /// <summary>The names of the options <paramref name="ruleId"/> reads besides <c>excluded_symbol_names</c>, in catalogue order.</summary>
    public static IReadOnlyList<string> OptionNamesOf(string ruleId)
        => OptionCatalogue.All.Where(option => option.Name != ExcludedName && option.Uses.Any(use => use.RuleId == ruleId)).Select(option => option.Name).ToList();

    /// <summary>Every key <paramref name="ruleId"/> reads, with its option, in catalogue order.</summary>
    public static IReadOnlyList<(string Key, OptionDefinition Option, string Scope)> KeysOf(string ruleId)
        => OptionCatalogue.All
            .SelectMany(option => option.Uses.Where(use => use.RuleId == ruleId).Select(use => (option.KeyFor(use.Scope), option, use.Scope)))
            .ToList();

    /// <summary>The README's table: one row per option, with every key it is read under and the rules that read each.</summary>
    public static string ReadmeTable()
    {
        var table = new StringBuilder()
            .Append("| Option | What it decides | Values | Default | Keys, and the rules that read them |\n")
            .Append("|--------|-----------------|--------|---------|------------------------------------|\n");
        foreach (var option in OptionCatalogue.All)
        {
            table.Append($"| `{option.Name}` | {option.Summary} | {Values(option)} | {Default(option)} | {string.Join("; ", KeyCells(option))} |\n");
        }

        return table.ToString();
    }

    /// <summary>A rule page's generated part of "Options": the keys the rule reads, an example, the lookup order, exclusion and overlaps.</summary>
    public static string RulePage(DiagnosticDescriptor rule)
    {
        var keys = KeysOf(rule.Id);
        if (keys.Count == 0)
        {
            return $"{rule.Id} reads no options. It is about a file's settings rather than a member's code, so "
                + "`excluded_symbol_names` does not apply to it either.\n";
        }

        var text = new StringBuilder()
            .Append("The keys this rule reads:\n\n")
            .Append("| Key | What it decides | Values | Default |\n")
            .Append("|-----|-----------------|--------|---------|\n");
        foreach (var (key, option, scope) in keys)
        {
            var decides = scope == RuleOptions.AddParameterFix ? "The add-parameter code fix: " + option.Summary : Capitalized(option.Summary);
            text.Append($"| `{key}` | {decides} | {Values(option)} | {Default(option)} |\n");
        }

        text.Append("\n```ini\n[*.cs]\n");
        foreach (var (key, option, _) in keys)
        {
            text.Append($"{key} = {option.Example}\n");
        }

        text.Append("```\n");
        var borrowed = keys.Select(k => k.Scope).Distinct().Where(scope => scope != rule.Id && scope != RuleOptions.AddParameterFix)
            .Select(other => $"[{other}]({other}.md)'s {string.Join(" and ", keys.Where(k => k.Scope == other).Select(k => $"`{k.Option.Name}`"))}")
            .ToList();
        if (borrowed.Count > 0)
        {
            text.Append($"\nWhere {rule.Id}'s verdict is another rule's, it asks that rule and reads that rule's keys: {string.Join("; ", borrowed)}. "
                + $"One setting decides both rules; a {rule.Id} key of those names changes nothing.\n");
        }

        var fix = keys.Any(k => k.Scope == RuleOptions.AddParameterFix)
            ? " The add-parameter fix's keys have no\ncategory, and `api_surface` no general key either: `dotnet_code_quality.api_surface` is the .NET code-quality rules' own."
            : string.Empty;
        text.Append($"""

            Each key above is looked up first, then the same option under the category
            (`dotnet_code_quality.{DiagnosticCategories.Of(rule.Id)}.<option>`), then in general (`dotnet_code_quality.<option>`).{fix}
            A value that does not parse leaves the default and is reported ([TSA0002](TSA0002.md)).

            `excluded_symbol_names` skips code in the methods, types and namespaces it names: `|` between names, a
            documentation ID with its prefix (`M:`, `T:`, `N:`, `P:`, `F:`, `E:`) or a plain name, a trailing `*` for a prefix
            (the README's Options section has the whole syntax). Given in general, it applies to every rule.

            """);
        var peers = Overlaps.All.Where(overlap => overlap.Rule.Id == rule.Id).Select(overlap => overlap.PeerId).ToList();
        if (peers.Count > 0)
        {
            text.Append($"""

                Where {string.Join(" and ", peers.Select(PeerName))} report the same call as this rule, the package suppresses their report
                (one problem, one warning; see the README's "Overlap with other analyzers"), as long as this rule shows there;
                `suppress_overlapping_diagnostics = false` keeps both.

                """);
        }

        return text.ToString();
    }

    /// <summary>
    /// The keys of one option, each with the rules that read it: keys every rule reads under its own ID together, keys
    /// other rules read too apart, the add-parameter fix's last.
    /// </summary>
    private static IEnumerable<string> KeyCells(OptionDefinition option)
    {
        var byScope = option.Uses.GroupBy(use => use.Scope, use => use.RuleId).ToList();
        var own = byScope.Where(scope => scope.Key != RuleOptions.AddParameterFix && scope.All(id => id == scope.Key)).Select(scope => scope.Key).ToList();
        if (own.Count > 0)
        {
            yield return $"`{option.KeyFor(own.Count == 1 ? own[0] : "<rule>")}`: {Links(own)}";
        }

        foreach (var scope in byScope.Where(scope => scope.Key != RuleOptions.AddParameterFix && !own.Contains(scope.Key)))
        {
            yield return $"`{option.KeyFor(scope.Key)}`: {Link(scope.Key)}, and {Links(scope.Where(id => id != scope.Key))} with its verdict";
        }

        foreach (var scope in byScope.Where(scope => scope.Key == RuleOptions.AddParameterFix))
        {
            yield return $"`{option.KeyFor(scope.Key)}`: the add-parameter fix of {Links(scope)}";
        }
    }

    /// <summary>A list of words as code (<c>`all`, `internal`</c>); a phrase stays text.</summary>
    private static string Values(OptionDefinition option)
    {
        var words = option.AcceptedValues.Split(", ");
        return option.IsValidated && words.All(word => !word.Contains(' ', StringComparison.Ordinal))
            ? string.Join(", ", words.Select(word => $"`{word}`"))
            : option.AcceptedValues;
    }

    private static string Default(OptionDefinition option)
        => option.DefaultValue.Contains(' ', StringComparison.Ordinal) || !option.IsValidated ? option.DefaultValue : $"`{option.DefaultValue}`";

    private static string Links(IEnumerable<string> ids) => string.Join(", ", ids.Select(Link));

    private static string Link(string id) => $"[{id}](docs/rules/{id}.md)";

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static string PeerName(string id) => ReadmeTableTests.PeerSource(id) == "compiler" ? id + " (the compiler)" : id;
}
