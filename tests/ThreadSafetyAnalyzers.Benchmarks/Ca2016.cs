using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Benchmarks;

/// <summary>
/// CA2016 ("forward the CancellationToken parameter to methods that take one") from the
/// Microsoft.CodeAnalysis.NetAnalyzers package that the project downloads at restore; only the analyzers that report
/// CA2016 are created, and every other id they support is switched off.
/// </summary>
internal static class Ca2016
{
    public const string RuleId = "CA2016";

    public static string Package => $"Microsoft.CodeAnalysis.NetAnalyzers {Metadata("NetAnalyzersVersion")}";

    public static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        var directory = Path.Combine(PackageRoot(), "microsoft.codeanalysis.netanalyzers", Metadata("NetAnalyzersVersion") ?? "", "analyzers", "dotnet", "cs");
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{Package} not found at {directory}; run dotnet restore");
        }

        var context = new PackageLoadContext(directory);
        var analyzers = Directory.EnumerateFiles(directory, "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(context.LoadFromAssemblyPath)
            .SelectMany(LoadableTypes)
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && !type.IsAbstract
                && type.GetConstructor(Type.EmptyTypes) is not null
                && type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Id == RuleId))
            .ToImmutableArray();
        return analyzers.IsEmpty ? throw new InvalidOperationException($"No analyzer in {directory} reports {RuleId}") : analyzers;
    }

    /// <summary>CA2016 as a warning; anything else the same analyzers report, off.</summary>
    public static ImmutableDictionary<string, ReportDiagnostic> OnlyCa2016(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct()
            .ToImmutableDictionary(id => id, id => id == RuleId ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress);

    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types that need a newer Roslyn than ours do not load; CA2016's does.
            return e.Types.OfType<Type>().ToArray();
        }
    }

    private static string PackageRoot() =>
        Metadata("NuGetPackageRoot") is { Length: > 0 } root ? root
        : Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string? Metadata(string key) =>
        typeof(Ca2016).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary>The package's own assemblies from its folder; Roslyn and the BCL from ours, so its analyzers are our DiagnosticAnalyzer.</summary>
    private sealed class PackageLoadContext(string directory) : AssemblyLoadContext("NetAnalyzers")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
