using System.Collections.Immutable;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>The frameworks every rule is tested against.</summary>
public enum TargetFramework
{
    Net80,
    NetFramework48,

    /// <summary>A library for any runtime; used where the messages differ by runtime.</summary>
    NetStandard20,
}

/// <summary>The one place that decides reference assemblies and language version for every test.</summary>
public static class TestTargets
{
    public const LanguageVersion Language = LanguageVersion.Latest;

    private static readonly ReferenceAssemblies NetFramework48 = new ReferenceAssemblies(
        "net48",
        new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3"),
        Path.Combine("build", ".NETFramework", "v4.8"))
        .AddAssemblies(ImmutableArray.Create("mscorlib", "System", "System.Core", "System.Net.Http"))
        .AddFacadeAssemblies(ImmutableArray.Create("netstandard", "System.Runtime", "System.Threading.Tasks"));

    /// <summary>Both frameworks, for <c>[Theory, MemberData(nameof(TestTargets.Frameworks), MemberType = typeof(TestTargets))]</c>.</summary>
    public static TheoryData<TargetFramework> Frameworks => new() { TargetFramework.Net80, TargetFramework.NetFramework48 };

    public static ReferenceAssemblies ReferencesFor(TargetFramework framework) => framework switch
    {
        TargetFramework.NetFramework48 => NetFramework48,
        TargetFramework.NetStandard20 => ReferenceAssemblies.NetStandard.NetStandard20,
        _ => ReferenceAssemblies.Net.Net80,
    };

    /// <summary>A workspace document holding <paramref name="source"/>, alone in a .NET 8 library project, for tests that drive fixes or their checks by hand.</summary>
    public static async Task<Document> DocumentAsync(string source, string fileName)
    {
        var references = await ReferencesFor(TargetFramework.Net80).ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "Tests",
            "Tests",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(Language),
            metadataReferences: references));
        return workspace.AddDocument(project.Id, fileName, SourceText.From(source));
    }
}
