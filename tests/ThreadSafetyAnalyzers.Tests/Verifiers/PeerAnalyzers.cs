using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// The analyzers users run beside ours, loaded from the packages the test projects download at restore time
/// (Microsoft.CodeAnalysis.NetAnalyzers, Meziantou.Analyzer): only those that report one of the IDs asked for.
/// </summary>
public static class PeerAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> NetAnalyzers(params string[] ruleIds)
        => Load(Path.Combine("microsoft.codeanalysis.netanalyzers", Metadata("NetAnalyzersVersion"), "analyzers", "dotnet", "cs"), ruleIds);

    /// <summary>Meziantou ships one build per Roslyn version: the newest one this test run's Roslyn can load.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Meziantou(params string[] ruleIds)
    {
        var root = Path.Combine(Metadata("NuGetPackageRoot"), "meziantou.analyzer", Metadata("MeziantouAnalyzerVersion"), "analyzers", "dotnet");
        var roslyn = typeof(Compilation).Assembly.GetName().Version!;
        var folder = Directory.EnumerateDirectories(root, "roslyn*")
            .Select(path => (Path: path, Version: Version.Parse(Path.GetFileName(path).Substring("roslyn".Length))))
            .Where(candidate => candidate.Version <= new Version(roslyn.Major, roslyn.Minor))
            .OrderByDescending(candidate => candidate.Version)
            .First().Path;
        return Load(Path.Combine(folder, "cs"), ruleIds);
    }

    private static string Metadata(string key) => typeof(PeerAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static ImmutableArray<DiagnosticAnalyzer> Load(string folder, string[] ruleIds)
    {
        if (!Path.IsPathRooted(folder))
        {
            folder = Path.Combine(Metadata("NuGetPackageRoot"), folder);
        }

        return Directory.EnumerateFiles(folder, "*.dll")
            .Where(path => !Path.GetFileName(path).Contains("CodeFix", StringComparison.OrdinalIgnoreCase))
            .Select(Assembly.LoadFrom)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => ruleIds.Contains(d.Id)))
            .ToImmutableArray();
    }
}
