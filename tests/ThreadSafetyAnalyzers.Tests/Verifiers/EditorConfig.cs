using Microsoft.CodeAnalysis.Testing;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>An <c>.editorconfig</c> for every source of a test, the way a project would set our options.</summary>
public static class EditorConfig
{
    public static (string Path, string Content) For(params string[] lines)
        => ("/.editorconfig", "root = true\n\n[*.cs]\n" + string.Join("\n", lines) + "\n");

    /// <summary>Adds the file to the test's sources (the fixed state, when there is one, inherits it).</summary>
    public static TTest WithEditorConfig<TTest>(this TTest test, params string[] lines)
        where TTest : AnalyzerTest<DefaultVerifier>
    {
        test.TestState.AnalyzerConfigFiles.Add(For(lines));
        return test;
    }
}
