using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Sleep = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.SleepAnalyzer>;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.OptionValuesAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>
/// The option catalogue against the code: every key a rule reads takes what the catalogue says it takes, the
/// analyzers ask for the keys the catalogue gives them and for no key it does not list, and the category key sits
/// between the rule's key and the general one.
/// </summary>
public class OptionCatalogueTests
{
    /// <summary>Every (option, rule, scope of the key the rule reads it under) in the catalogue.</summary>
    public static TheoryData<string, string, string> Uses
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var option in OptionCatalogue.All)
            {
                foreach (var (ruleId, scope) in option.Uses)
                {
                    data.Add(option.Name, ruleId, scope);
                }
            }

            return data;
        }
    }

    [Theory, MemberData(nameof(Uses))]
    public async Task InvalidValue_UnderTheKeyARuleReads_ReportsTsa0002(string name, string ruleId, string scope)
    {
        var option = OptionCatalogue.Named(name);
        var test = new Verify.Test { TestCode = "{|#0:|}class Worker { }\n" }.WithEditorConfig($"{option.KeyFor(scope)} = everything");
        if (option.IsValidated)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.UnknownOptionValue).WithLocation(0)
                .WithArguments(option.KeyFor(scope).ToLowerInvariant(), "everything", option.AcceptedValues, option.DefaultValue));
        }

        Assert.Contains(ruleId, ExportedRules.Descriptors().Select(d => d.Id));
        await test.RunAsync(CancellationToken.None);
    }

    [Theory, MemberData(nameof(Uses))]
    public async Task ExampleValue_UnderTheKeyARuleReads_IsAccepted(string name, string ruleId, string scope)
    {
        var option = OptionCatalogue.Named(name);
        Assert.True(option.Accepts(option.Example), $"{ruleId}: the example {option.Example} of {name} does not parse");
        await new Verify.Test { TestCode = "class Worker { }\n" }.WithEditorConfig($"{option.KeyFor(scope)} = {option.Example}").RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Each analyzer, run over samples/ with options that record what is asked: it asks for the key of every option the
    /// catalogue says its rules read (the add-parameter fix's keys, TSA1004's <c>exit_timeout_ms</c> and the overlap
    /// switch are read by fixes and the suppressor, not here), and every key of ours it asks for is in the catalogue.
    /// The options are parsed when first needed, so an analyzer is seen asking only for what it uses.
    /// </summary>
    [Fact]
    public async Task Analyzers_AskForTheCataloguedKeys_AndNoOthers()
    {
        var compilation = await Samples.CompileAsync(TargetFramework.Net80, (StartedLambdas, "StartedLambdas.cs"));
        var catalogued = OptionCatalogue.All.SelectMany(option => option.Uses.Select(use => option.KeyFor(use.Scope))).ToHashSet(StringComparer.Ordinal);
        var names = OptionCatalogue.All.Select(option => option.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var analyzer in AnalyzerHarness.Analyzers.Where(a => a is not DiagnosticSuppressor))
        {
            var asked = await AskedKeysAsync(compilation, analyzer);
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var option in OptionCatalogue.All.Where(option => option.Name is not (RuleOptions.SuppressOverlapsName or RuleOptions.ExitTimeoutName)))
            {
                foreach (var (ruleId, scope) in option.Uses.Where(use => ids.Contains(use.RuleId) && use.Scope != RuleOptions.AddParameterFix))
                {
                    if (!asked.Contains(option.KeyFor(scope)))
                    {
                        problems.Add($"{analyzer.GetType().Name} never asks for {option.KeyFor(scope)}, which the catalogue says {ruleId} reads");
                    }
                }
            }

            foreach (var key in asked.Where(key => key.StartsWith(RuleOptions.Prefix, StringComparison.Ordinal)))
            {
                var rest = key.Substring(RuleOptions.Prefix.Length);
                var scope = rest.Contains('.', StringComparison.Ordinal) ? rest.Substring(0, rest.LastIndexOf('.')) : null;
                var name = rest.Substring(rest.LastIndexOf('.') + 1);
                var known = scope is null || scope == DiagnosticCategories.Termination || scope == DiagnosticCategories.Cancellation
                    ? names.Contains(name)
                    : catalogued.Contains(key);
                if (!known)
                {
                    problems.Add($"{analyzer.GetType().Name} asks for {key}, which is not in the catalogue");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>
    /// The reader and the catalogue agree on each option: its catalogued default, set under the key a rule reads, reads
    /// as the reader's default, and its example reads as something else.
    /// </summary>
    [Theory, MemberData(nameof(Uses))]
    public void Reader_TakesTheCataloguedDefault_AndTheExampleChangesIt(string name, string ruleId, string scope)
    {
        var option = OptionCatalogue.Named(name);
        if (!option.IsValidated)
        {
            return; // excluded_symbol_names: ExcludedSymbolNamesOptionTests, per rule.
        }

        var unset = Snapshot(RuleOptions.From(new RecordingOptions()));
        if (option.Accepts(option.DefaultValue))
        {
            Assert.Equal(unset, Snapshot(RuleOptions.From(new RecordingOptions((option.KeyFor(scope), option.DefaultValue)))));
        }

        Assert.True(
            unset != Snapshot(RuleOptions.From(new RecordingOptions((option.KeyFor(scope), option.Example)))),
            $"{option.KeyFor(scope)} = {option.Example}, which {ruleId} reads, changes nothing the reader gives");
    }

    /// <summary>Everything the reader gives, for every rule of ours and the add-parameter fix.</summary>
    private static string Snapshot(RuleOptions options)
    {
        var scopes = ExportedRules.Descriptors().Select(d => d.Id).Append(RuleOptions.AddParameterFix);
        return string.Join(
            ",",
            options.LoopKinds,
            options.MinSleepMilliseconds,
            options.MinWaitMilliseconds,
            options.ExitTimeoutMilliseconds,
            options.ApiSurfaceFor(library: true),
            options.ApiSurfaceFor(library: false),
            string.Join(",", scopes.Select(scope => $"{scope}:{options.TokenSourcesFor(scope)}:{options.SuppressesOverlaps(scope)}")));
    }

    /// <summary>Every rule but TSA0002, which is about settings rather than code, can be switched off per member.</summary>
    [Fact]
    public void ExcludedSymbolNames_ListsEveryRuleThatReportsCode()
    {
        var listed = OptionCatalogue.Named(RuleOptions.ExcludedSymbolNamesName).Uses.Select(use => use.RuleId);
        var expected = ExportedRules.Descriptors().Select(d => d.Id).Where(id => id != DiagnosticIds.UnknownOptionValue);
        Assert.Equal(expected.OrderBy(id => id, StringComparer.Ordinal), listed.OrderBy(id => id, StringComparer.Ordinal));
    }

    private const string ShortSleep = """
        using System.Threading;

        class Poller
        {
            void Poll(CancellationToken token)
            {
                {|#0:Thread.Sleep(10)|};
            }
        }
        """;

    /// <summary>The category's key (<c>dotnet_code_quality.Cancellation.min_sleep_ms</c>) applies to the rule, and over the general key.</summary>
    [Fact]
    public Task CategoryKey_WinsOverTheGeneralKey()
        => new Sleep.Test { TestCode = ShortSleep.Replace("{|#0:", "", StringComparison.Ordinal).Replace(")|}", ")", StringComparison.Ordinal) }
            .WithEditorConfig("dotnet_code_quality.min_sleep_ms = 5", "dotnet_code_quality.Cancellation.min_sleep_ms = 50")
            .RunAsync(CancellationToken.None);

    [Fact]
    public Task RuleKey_WinsOverTheCategoryKey()
    {
        var test = new Sleep.Test { TestCode = ShortSleep }
            .WithEditorConfig("dotnet_code_quality.Cancellation.min_sleep_ms = 50", "dotnet_code_quality.TSA2006.min_sleep_ms = 5");
        test.ExpectedDiagnostics.Add(Sleep.Diagnostic(DiagnosticIds.SleepIgnoresCancellation).WithLocation(0).WithArguments("token"));
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>A key of another category (<c>Termination</c>) leaves a Cancellation rule alone.</summary>
    [Fact]
    public Task OtherCategoryKey_Ignored()
    {
        var test = new Sleep.Test { TestCode = ShortSleep }
            .WithEditorConfig("dotnet_code_quality.Termination.excluded_symbol_names = Poll");
        test.ExpectedDiagnostics.Add(Sleep.Diagnostic(DiagnosticIds.SleepIgnoresCancellation).WithLocation(0).WithArguments("token"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task CategoryKey_ExcludesSymbols()
        => new Sleep.Test { TestCode = ShortSleep.Replace("{|#0:", "", StringComparison.Ordinal).Replace(")|}", ")", StringComparison.Ordinal) }
            .WithEditorConfig("dotnet_code_quality.Cancellation.excluded_symbol_names = Poll")
            .RunAsync(CancellationToken.None);

    /// <summary>Lambdas started with a token whose long part is a sleep, a wait or a loop: TSA2008 asks TSA2006, TSA2007 and TSA2001 about them.</summary>
    private const string StartedLambdas = """
        using System.Threading;
        using System.Threading.Tasks;

        class Starter
        {
            void Start(CancellationToken token, ManualResetEvent signal)
            {
                Task.Run(() => Thread.Sleep(60000), token);
                Task.Run(() => signal.WaitOne(), token);
                Task.Run(() => { while (true) { signal.WaitOne(); } }, token);
            }
        }
        """;

    private static async Task<IReadOnlyCollection<string>> AskedKeysAsync(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var recording = new RecordingOptions();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new RecordingProvider(recording));
        await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return recording.Asked.Keys.ToList();
    }

    private sealed class RecordingProvider : AnalyzerConfigOptionsProvider
    {
        private readonly RecordingOptions _options;

        public RecordingProvider(RecordingOptions options) => _options = options;

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    /// <summary>The given settings (none by default), and a note of every key asked for.</summary>
    private sealed class RecordingOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public RecordingOptions(params (string Key, string Value)[] values)
            => _values = values.ToDictionary(pair => pair.Key, pair => pair.Value, AnalyzerConfigOptions.KeyComparer);

        public ConcurrentDictionary<string, bool> Asked { get; } = new(StringComparer.Ordinal);

        public override IEnumerable<string> Keys => _values.Keys;

        public override bool TryGetValue(string key, out string value)
        {
            Asked[key] = true;
            return _values.TryGetValue(key, out value!);
        }
    }
}
