using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>
/// <c>dotnet_code_quality.excluded_symbol_names</c> (and <c>dotnet_code_quality.TSAxxxx.excluded_symbol_names</c>):
/// every analyzer skips code in the named methods, types and namespaces.
/// </summary>
public class ExcludedSymbolNamesOptionTests
{
    /// <summary>For each rule, code in <c>App.Old.Legacy.Run</c> that the rule reports.</summary>
    public static TheoryData<string> RuleIds => new()
    {
        "TSA1001", "TSA1002", "TSA1003", "TSA1004", "TSA1005", "TSA2001", "TSA2002", "TSA2003", "TSA2004", "TSA2005", "TSA2006", "TSA2007",
        "TSA2008", "TSA2009",
    };

    /// <summary>
    /// Rules the theories above cannot show with one method: TSA0002 reports option values, not code; TSA2010 reports a
    /// field, so a method's name cannot exclude it (UncancelledSourceAnalyzerTests.ExcludedSymbol_NoDiagnostic shows its type).
    /// </summary>
    private static readonly string[] ShownElsewhere = { "TSA0002", "TSA2010" };

    [Fact]
    public void EveryRule_IsCoveredHereOrElsewhere()
    {
        var covered = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        foreach (var row in RuleIds)
        {
            covered.Add(row);
        }

        covered.UnionWith(ShownElsewhere);
        foreach (var descriptor in ExportedRules.Descriptors())
        {
            Assert.True(covered.Contains(descriptor.Id), descriptor.Id + " has no excluded_symbol_names test: add it to RuleIds");
        }
    }

    private static string Flagged(string id) => id switch
    {
        "TSA1001" => Wrap("void Run(Thread worker) => {|TSA1001:worker.Abort()|};"),
        "TSA1002" => Wrap("void Run(Thread worker) => {|TSA1002:worker.Interrupt()|};"),
        "TSA1003" => Wrap("void Run(Thread worker) => {|TSA1003:worker.Suspend()|};"),
        "TSA1004" => Wrap("void Run(System.Diagnostics.Process tool) => {|TSA1004:tool.Kill()|};"),
        "TSA1005" => Wrap("void Run() { try { } {|TSA1005:catch (ThreadAbortException)|} { } }"),
        "TSA2001" => Wrap("void Run(CancellationToken token) { {|TSA2001:while (true)|} { } }"),
        "TSA2002" => Wrap("void Run() { {|TSA2002:while (true)|} { } }"),
        "TSA2003" => Wrap("Task Run(CancellationToken token) => {|TSA2003:Task.Run(() => { })|};"),
        "TSA2004" => Wrap("bool _stop; public void Stop() => _stop = true; void Run() { while (!{|TSA2004:_stop|}) { } }"),
        "TSA2005" => Wrap("Task Run() => {|TSA2005:Task.Run(() => { while (true) { Thread.Sleep(100); } })|};"),
        "TSA2007" => Wrap("void Run(CancellationToken token, ManualResetEvent ready) => {|TSA2007:ready.WaitOne()|};"),
        "TSA2008" => Wrap("void Run(CancellationToken token) => {|TSA2008:Task.Run(Poll, token)|}; void Poll() { while (true) { Thread.Sleep(1000); } }"),
        "TSA2009" => Wrap("async Task Run(CancellationToken token) { while (true) { try { await Task.Delay(100, token); } {|TSA2009:catch (System.OperationCanceledException)|} { } } }"),
        _ => Wrap("void Run(CancellationToken token) => {|TSA2006:Thread.Sleep(100)|};"),
    };

    private static string Wrap(string members) => $$"""
        using System.Threading;
        using System.Threading.Tasks;

        namespace App.Old
        {
            class Legacy
            {
                {{members}}
            }
        }
        """;

    private static string WithoutMarkup(string source) => Regex.Replace(source, @"\{\|TSA\d{4}:(.*?)\|\}", "$1");

    private static Task VerifyAsync(string id, string source, params string[] editorConfig) => id switch
    {
        "TSA1001" or "TSA1002" or "TSA1003" => RunAsync<ThreadTerminationAnalyzer>(source, editorConfig),
        "TSA1004" => RunAsync<ProcessKillAnalyzer>(source, editorConfig),
        "TSA1005" => RunAsync<AbortHandlerAnalyzer>(source, editorConfig, TargetFramework.Net80),
        "TSA2001" or "TSA2002" => RunAsync<LoopCancellationAnalyzer>(source, editorConfig),
        "TSA2003" or "TSA2005" => RunAsync<StartedWorkAnalyzer>(source, editorConfig),
        "TSA2004" => RunAsync<StopFlagAnalyzer>(source, editorConfig),
        "TSA2007" => RunAsync<UncancellableWaitAnalyzer>(source, editorConfig),
        "TSA2008" => RunAsync<UnreachedCancellationAnalyzer>(source, editorConfig),
        "TSA2009" => RunAsync<SwallowedCancellationAnalyzer>(source, editorConfig),
        _ => RunAsync<SleepAnalyzer>(source, editorConfig),
    };

    /// <summary>On .NET Framework by default; TSA1005 reports only where the runtime never raises ThreadAbortException.</summary>
    private static Task RunAsync<TAnalyzer>(string source, string[] editorConfig, TargetFramework framework = TargetFramework.NetFramework48)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerVerifier<TAnalyzer>.Test(framework) { TestCode = source };
        if (editorConfig.Length > 0)
        {
            test.WithEditorConfig(editorConfig);
        }

        return test.RunAsync(CancellationToken.None);
    }

    [Theory, MemberData(nameof(RuleIds))]
    public Task ExcludedSymbolNamesUnset_EveryRuleReports(string id) => VerifyAsync(id, Flagged(id));

    [Theory, MemberData(nameof(RuleIds))]
    public Task ExcludedSymbolNamesMethodDocId_SilencesEveryRule(string id)
        => VerifyAsync(id, WithoutMarkup(Flagged(id)), "dotnet_code_quality.excluded_symbol_names = M:App.Old.Legacy.Run");

    [Theory, MemberData(nameof(RuleIds))]
    public Task ExcludedSymbolNamesPerRuleKey_SilencesThatRule(string id)
        => VerifyAsync(id, WithoutMarkup(Flagged(id)), $"dotnet_code_quality.{id}.excluded_symbol_names = Legacy");

    [Theory, MemberData(nameof(RuleIds))]
    public Task ExcludedSymbolNamesOtherRuleKey_DoesNotApply(string id)
        => VerifyAsync(id, Flagged(id), $"dotnet_code_quality.{(id == "TSA1001" ? "TSA1002" : "TSA1001")}.excluded_symbol_names = Legacy");

    [Theory]
    [InlineData("Run")]
    [InlineData("Legacy")]
    [InlineData("App.Old.Legacy")]
    [InlineData("T:App.Old.Legacy")]
    [InlineData("N:App.Old")]
    [InlineData("N:App")]
    [InlineData("M:App.Old.Legacy.Run(System.Threading.Thread)")]
    [InlineData("M:App.Old.Legacy.R*")]
    [InlineData("Leg*")]
    [InlineData("T:App.*")]
    [InlineData("Other|M:App.Old.Legacy.Run")]
    [InlineData(" Other | T:App.Old.Legacy ")]
    public Task ExcludedSymbolNamesFormats_Match(string names)
        => VerifyAsync("TSA1001", WithoutMarkup(Flagged("TSA1001")), "dotnet_code_quality.excluded_symbol_names = " + names);

    [Theory]
    [InlineData("run")]
    [InlineData("Legacy.Run")]
    [InlineData("T:App.Old.Legacy.Run")]
    [InlineData("N:App.Ol")]
    [InlineData("M:App.Old.Legacy.Run(System.Int32)")]
    [InlineData("T:Legacy")]
    [InlineData("M:")]
    [InlineData("|")]
    public Task ExcludedSymbolNamesFormats_DoNotMatch(string names)
        => VerifyAsync("TSA1001", Flagged("TSA1001"), "dotnet_code_quality.excluded_symbol_names = " + names);

    [Fact]
    public Task ExcludedSymbolNames_LambdasAccessorsAndNestedTypesOfAnExcludedSymbol() => VerifyAsync("TSA1001", """
        using System;
        using System.Threading;

        namespace App.Old
        {
            class Legacy
            {
                void Run(Thread worker)
                {
                    Action stop = () => worker.Abort();
                    void Local() => worker.Abort();
                }

                Thread Worker
                {
                    get { new Thread(() => { }).Abort(); return null!; }
                }

                class Inner
                {
                    void Stop(Thread worker) => worker.Abort();
                }
            }

            class Current
            {
                void Run(Thread worker) => {|TSA1001:worker.Abort()|};
            }
        }
        """,
        "dotnet_code_quality.excluded_symbol_names = M:App.Old.Legacy.Run|P:App.Old.Legacy.Worker|T:App.Old.Legacy.Inner");
}
