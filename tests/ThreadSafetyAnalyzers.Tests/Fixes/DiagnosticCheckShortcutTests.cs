using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.CodeFixes;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Tests.Robustness;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// The fixes that add a <c>CancellationToken</c> parameter (TSA2005's, TSA2008's) turn a function down before they build
/// anything when the diagnostic check would find a new report in the result: TSA2006 on one of its sleeps once the token
/// is there (<see cref="DiagnosticCheck.LeavesASleepBehind"/>), or TSA2008 on a start that is given the token and whose
/// worker ignores it (<see cref="DiagnosticCheck.LeavesAnIgnoredTokenBehind"/>). The shortcuts must be sound: where one
/// refuses, the code as the fix would leave it does get the report it did not have; elsewhere the full check decides.
/// </summary>
public class DiagnosticCheckShortcutTests
{
    private const string Checked = "while (!cancellationToken.IsCancellationRequested)";

    [Theory]
    [InlineData("while (true) { Thread.Sleep(1000); Console.WriteLine(); }", true, true)]
    [InlineData("while (true) { Thread.Sleep(_interval); Console.WriteLine(); }", true, true)]
    [InlineData("while (true) { Thread.Sleep(TimeSpan.FromSeconds(5)); }", true, true)]
    [InlineData("Thread.Sleep(2000); while (true) { Console.WriteLine(); }", true, true)]
    [InlineData("while (true) { Thread.Sleep(50); Console.WriteLine(); }", false, false)]
    [InlineData("while (true) { try { Console.WriteLine(); } finally { Thread.Sleep(1000); } }", false, false)]
    [InlineData("Thread.Sleep(0); while (true) { Console.WriteLine(); }", false, false)]
    [InlineData("while (true) { Console.WriteLine(); }", false, false)]
    // A lambda's sleep is reported too, but the shortcut leaves nested functions to the full check.
    [InlineData("while (true) { Action nap = () => Thread.Sleep(1000); nap(); }", false, true)]
    public async Task RefusesOnlyWhereTheFixedFunctionGetsANewSleepReport(string body, bool refused, bool reportedOnceFixed)
    {
        var original = Source("void Work() { " + body + " }");
        var model = await ModelAsync(original);
        var work = original.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Work");

        Assert.Equal(refused, DiagnosticCheck.LeavesASleepBehind(work, model, RuleOptions.Defaults, CancellationToken.None));

        var harness = await AnalyzerHarness.GetAsync();
        var before = await ReportsAsync(harness, original, DiagnosticIds.SleepIgnoresCancellation);
        var after = await ReportsAsync(harness, Source("void Work(CancellationToken cancellationToken = default) { " + body.Replace("while (true)", Checked) + " }"), DiagnosticIds.SleepIgnoresCancellation);
        Assert.Equal(0, before);
        Assert.Equal(reportedOnceFixed, after > before);
    }

    [Theory]
    [InlineData("void Rebuild(Task download) => download.Wait();", true, true)]
    [InlineData("void Rebuild(Task download) { while (true) { Console.WriteLine(download.Status); } }", true, true)]
    [InlineData("void Rebuild(Task download) => download.Wait(_cts.Token);", false, false)]
    [InlineData("void Rebuild(Task download) => Console.WriteLine(download.Status);", false, false)]
    public async Task RefusesOnlyWhereTheStartGetsANewIgnoredTokenReport(string worker, bool refused, bool reportedOnceFixed)
    {
        var original = Starter("public Task Start() => Task.Run(() => Rebuild(_download));", worker);
        var model = await ModelAsync(original);
        var start = original.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Start");
        var call = start.DescendantNodes().OfType<InvocationExpressionSyntax>().First();

        Assert.Equal(refused, DiagnosticCheck.LeavesAnIgnoredTokenBehind(start, new[] { call }, model, RuleOptions.Defaults, CancellationToken.None));

        var harness = await AnalyzerHarness.GetAsync();
        var before = await ReportsAsync(harness, original, DiagnosticIds.StartedWorkIgnoresToken);
        var after = await ReportsAsync(harness, Starter("public Task Start(CancellationToken cancellationToken = default) => Task.Run(() => Rebuild(_download), cancellationToken);", worker), DiagnosticIds.StartedWorkIgnoresToken);
        Assert.Equal(0, before);
        Assert.Equal(reportedOnceFixed, after > before);
    }

    private static SyntaxTree Starter(string start, string worker) => AnalyzerHarness.Parse(
        "using System; using System.Threading; using System.Threading.Tasks; class Refresher { private readonly CancellationTokenSource _cts = new(); private readonly Task _download = Task.CompletedTask; "
        + start + " " + worker + " public void Stop() => _cts.Cancel(); }", "Refresher.cs");

    private static SyntaxTree Source(string work) => AnalyzerHarness.Parse(
        "using System; using System.Threading; class Poller { private readonly int _interval = 500; " + work + " }", "Poller.cs");

    private static async Task<SemanticModel> ModelAsync(SyntaxTree tree)
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create("Shortcut", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetSemanticModel(tree);
    }

    private static async Task<int> ReportsAsync(AnalyzerHarness harness, SyntaxTree tree, string id)
        => (await harness.AnalyzeAsync(tree)).Diagnostics.Count(d => d.Id == id);
}
