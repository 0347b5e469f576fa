using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>A third-party rule timed side by side with ours, or the reason it could not be loaded.</summary>
internal sealed record ComparisonRule(string RuleId, string Package, ImmutableArray<DiagnosticAnalyzer> Analyzers, string? SkipReason);

/// <summary>Finds analyzers and code fixes by reflection, so a new rule is picked up without touching the runner.</summary>
internal static class AnalyzerDiscovery
{
    public static ImmutableArray<DiagnosticAnalyzer> LoadOurAnalyzers() =>
        CreateAll<DiagnosticAnalyzer>(Assembly.Load(new AssemblyName("ThreadSafetyAnalyzers")), IsCSharpAnalyzer);

    public static ImmutableArray<CodeFixProvider> LoadOurCodeFixes() =>
        CreateAll<CodeFixProvider>(Assembly.Load(new AssemblyName("ThreadSafetyAnalyzers.CodeFixes")), _ => true);

    /// <summary>
    /// The analyzers of a NuGet package (restored by the project's PackageDownload items) that support
    /// <paramref name="ruleId"/>; the package's other analyzers are not loaded.
    /// </summary>
    public static ComparisonRule LoadComparisonRule(string packageId, string versionMetadataKey, string ruleId)
    {
        var version = Metadata(versionMetadataKey);
        var packageDirectory = Path.Combine(PackageRoot(), packageId.ToLowerInvariant(), version ?? "");
        var analyzerDirectory = version is null ? null : FindAnalyzerDirectory(packageDirectory);
        var package = $"{packageId} {version}";
        if (analyzerDirectory is null)
        {
            return new(ruleId, package, [], $"no C# analyzers found in {packageDirectory}");
        }

        var context = new FolderLoadContext(analyzerDirectory);
        var analyzers = new List<DiagnosticAnalyzer>();
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(analyzerDirectory, "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                var assembly = context.LoadFromAssemblyPath(path);
                analyzers.AddRange(CreateAll<DiagnosticAnalyzer>(assembly, IsCSharpAnalyzer)
                    .Where(a => a.SupportedDiagnostics.Any(d => d.Id == ruleId)));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
            {
                problems.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }

        return analyzers.Count > 0
            ? new(ruleId, package, [.. analyzers], null)
            : new(ruleId, package, [], $"no analyzer for {ruleId} in {analyzerDirectory} {string.Join("; ", problems)}");
    }

    /// <summary>Turns on <paramref name="rule"/>'s id as a warning and turns off everything else its analyzers report.</summary>
    public static IEnumerable<KeyValuePair<string, ReportDiagnostic>> OnlyThisRule(ComparisonRule rule) =>
        rule.Analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Distinct()
            .Select(id => KeyValuePair.Create(id, id == rule.RuleId ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress));

    private static bool IsCSharpAnalyzer(Type type) =>
        type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp));

    private static ImmutableArray<T> CreateAll<T>(Assembly assembly, Func<Type, bool> filter)
        where T : class
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // Types built against a newer Roslyn than ours fail to load; the rest are still usable.
            types = e.Types;
        }

        return types
            .OfType<Type>()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null && filter(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    /// <summary>
    /// <c>analyzers/dotnet/cs</c>, or for packages built per Roslyn version the newest
    /// <c>analyzers/dotnet/roslynX.Y/cs</c> that the Roslyn we run on can load.
    /// </summary>
    private static string? FindAnalyzerDirectory(string packageDirectory)
    {
        var dotnet = Path.Combine(packageDirectory, "analyzers", "dotnet");
        if (!Directory.Exists(dotnet))
        {
            return null;
        }

        var hostRoslyn = typeof(Compilation).Assembly.GetName().Version!;
        var perRoslyn = Directory.EnumerateDirectories(dotnet, "roslyn*")
            .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir)["roslyn".Length..], out var v) ? v : null))
            .Where(x => x.Version is not null && x.Version <= hostRoslyn)
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "cs"))
            .FirstOrDefault(Directory.Exists);
        var plain = Path.Combine(dotnet, "cs");
        return perRoslyn ?? (Directory.Exists(plain) ? plain : null);
    }

    private static string PackageRoot() =>
        Metadata("NuGetPackageRoot") is { Length: > 0 } fromBuild ? fromBuild
        : Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Values the project file stamps into this assembly (see the csproj's AssemblyMetadata items).</summary>
    private static string? Metadata(string key) =>
        typeof(AnalyzerDiscovery).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary>
    /// Loads a package's assemblies from its folder; everything else (Roslyn, the BCL) resolves to what we run on,
    /// so the package's analyzers derive from the same <see cref="DiagnosticAnalyzer"/> type as ours.
    /// </summary>
    private sealed class FolderLoadContext(string directory) : AssemblyLoadContext(Path.GetFileName(directory))
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
