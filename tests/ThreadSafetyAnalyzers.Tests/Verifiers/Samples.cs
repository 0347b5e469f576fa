using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>samples/, which shows every rule, compiled as one console application.</summary>
internal static class Samples
{
    public static async Task<CSharpCompilation> CompileAsync(TargetFramework framework, params (string Text, string Path)[] more)
    {
        var references = await TestTargets.ReferencesFor(framework).ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("samples"), "*.cs").Select(path => (File.ReadAllText(path), path)).Concat(more);
        return CSharpCompilation.Create(
            "Samples",
            sources.Select(source => CSharpSyntaxTree.ParseText(source.Item1, new CSharpParseOptions(TestTargets.Language), source.Item2)),
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }
}
