using System;
using System.IO;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>Finds files of this repository (docs, README) from the test output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ThreadSafetyAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ThreadSafetyAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
