using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
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
}
