using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>What the package exports, found by reflection the way a host finds it: the rules' descriptors and the rules with a code fix.</summary>
public static class ExportedRules
{
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors() => typeof(DiagnosticIds).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
        .GroupBy(descriptor => descriptor.Id)
        .Select(group => group.First())
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToList();

    public static HashSet<string> FixableIds() => Fixers().SelectMany(fixer => fixer.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every exported code fix provider, one instance each, by type name.</summary>
    public static IReadOnlyList<CodeFixProvider> Fixers() => Assembly.Load("ThreadSafetyAnalyzers.CodeFixes").GetTypes()
        .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
        .ToList();
}
