using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ThreadSafetyAnalyzers.CodeFixes;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

/// <summary>
/// Where a fix changes only member bodies, the compile check compares what parsing and binding the bodies report, not
/// the declaration checks of the whole type (<see cref="CompileCheck"/>). The shortcut must give the full comparison's
/// verdict on every kind of error a body edit can bring: binding, flow analysis, iterators, async, syntax, lambdas,
/// local functions, expression bodies, constructors, and the warnings a deleting fix counts. Edits outside bodies (a
/// signature, a field initializer) must not take it.
/// </summary>
public class CompileCheckShortcutTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        class Worker
        {
            private int _count/*FIELD*/;

            public int Count => _count/*PROP*/;

            public Worker() { _count = 1; /*CTOR*/ }

            int Compute(CancellationToken token) { /*BODY*/ return _count; }

            int Forever(CancellationToken token) { while (true) { /*INT*/ _count++; } }

            IEnumerable<int> Items() { yield return 1; /*ITER*/ }

            void Spin(CancellationToken token) { while (true) { /*LOOP*/ _count++; } }
        }
        """;

    [Theory]
    [InlineData("/*BODY*/", "token.ThrowIfCancellationRequested();", false, true, false)]
    [InlineData("/*BODY*/", "tokn.ThrowIfCancellationRequested();", false, true, true)]
    [InlineData("/*BODY*/", "int unset; _count = unset;", false, true, true)]
    [InlineData("/*BODY*/", "token.ThrowIfCancellationRequested()", false, true, true)]
    [InlineData("/*BODY*/", "await Task.Delay(1);", false, true, true)]
    [InlineData("/*BODY*/", "Action check = () => tokn.ThrowIfCancellationRequested(); check();", false, true, true)]
    [InlineData("/*BODY*/", "void Check() => token.ThrowIfCancellationRequested(); Check();", false, true, false)]
    [InlineData("/*BODY*/", "void Check() => Missing(); Check();", false, true, true)]
    [InlineData("/*BODY*/", "return 0;", false, true, false)]
    [InlineData("/*BODY*/", "return 0;", true, true, true)]
    [InlineData("/*LOOP*/", "if (token.IsCancellationRequested) break;", false, true, false)]
    [InlineData("/*INT*/", "if (token.IsCancellationRequested) break;", false, true, true)]
    [InlineData("/*INT*/", "if (token.IsCancellationRequested) return 0;", false, true, false)]
    [InlineData("/*ITER*/", "return;", false, true, true)]
    [InlineData("/*ITER*/", "yield break;", false, true, false)]
    [InlineData("/*PROP*/", " + 1", false, true, false)]
    [InlineData("/*PROP*/", " + missing", false, true, true)]
    [InlineData("/*CTOR*/", "_count = \"one\";", false, true, true)]
    [InlineData("/*CTOR*/", "_count = 2;", false, true, false)]
    [InlineData("/*BODY*/", "} int Added() { return 1;", false, true, true)]
    [InlineData("/*BODY*/", "return 1; } int Added(CancellationToken other) {", false, true, false)]
    [InlineData("/*BODY*/", "return 1; } int Compute(CancellationToken other) {", false, true, true)]
    [InlineData("/*PROP*/", "; public int Count => 2", false, true, true)]
    [InlineData("/*FIELD*/", " = \"one\"", false, false, true)]
    [InlineData("/*FIELD*/", " = 2", false, false, false)]
    [InlineData("CancellationToken token) { /*BODY*/", "CancellationToken token, Missing extra) { /*BODY*/", false, false, true)]
    [InlineData("CancellationToken token) { /*BODY*/", "CancellationToken token, int extra) { /*BODY*/", false, false, false)]
    public async Task GivesTheFullComparisonsVerdict(string marker, string replacement, bool countWarnings, bool inBody, bool introduces)
    {
        var before = (await TestTargets.DocumentAsync(Source, "Worker.cs")).Project.Solution;
        var document = before.Projects.Single().Documents.Single();
        var text = await document.GetTextAsync();
        var at = text.ToString().IndexOf(marker, System.StringComparison.Ordinal);
        var after = document.WithText(text.WithChanges(new TextChange(new TextSpan(at, marker.Length), replacement))).Project.Solution;
        var root = await document.GetSyntaxRootAsync();

        Assert.Equal(inBody, CompileCheck.BodyAround(root!, new TextSpan(at, marker.Length)) is not null);
        Assert.Equal(introduces, await CompileCheck.IntroducesErrorsAsync(before, after, countWarnings, bodiesAlone: false, CancellationToken.None));
        Assert.Equal(introduces, await CompileCheck.IntroducesErrorsAsync(before, after, countWarnings, bodiesAlone: true, CancellationToken.None));
        if (replacement.Contains('}') || replacement.Contains("; public"))
        {
            // The old side's span is a body's, but the text that replaced it is not: the full comparison decides.
            var changedRoot = await after.Projects.Single().Documents.Single().GetSyntaxRootAsync();
            Assert.Null(CompileCheck.BodyAround(changedRoot!, new TextSpan(at, replacement.Length)));
        }
    }
}
