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
/// anything when TSA2006 would report one of its sleeps once the token is there (<see cref="DiagnosticCheck.LeavesASleepBehind"/>).
/// The shortcut must be sound: where it refuses, the function as the fix would leave it (the parameter, the loop checking
/// it) does get a TSA2006 it did not have; where a sleep would not be reported, it lets the full check decide.
/// </summary>
public class SleepShortcutTests
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
        var before = await SleepReportsAsync(harness, original);
        var after = await SleepReportsAsync(harness, Source("void Work(CancellationToken cancellationToken = default) { " + body.Replace("while (true)", Checked) + " }"));
        Assert.Equal(0, before);
        Assert.Equal(reportedOnceFixed, after > before);
    }

    private static SyntaxTree Source(string work) => AnalyzerHarness.Parse(
        "using System; using System.Threading; class Poller { private readonly int _interval = 500; " + work + " }", "Poller.cs");

    private static async Task<SemanticModel> ModelAsync(SyntaxTree tree)
    {
        var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = CSharpCompilation.Create("Shortcut", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetSemanticModel(tree);
    }

    private static async Task<int> SleepReportsAsync(AnalyzerHarness harness, SyntaxTree tree)
        => (await harness.AnalyzeAsync(tree)).Diagnostics.Count(d => d.Id == DiagnosticIds.SleepIgnoresCancellation);
}
