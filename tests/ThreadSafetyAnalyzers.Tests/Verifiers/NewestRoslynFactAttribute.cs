using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// A fact that needs a newer Roslyn than 4.8: its source uses C# 13 (a <c>Span&lt;T&gt;</c> local in an async method,
/// …), or it loads analyzers built against a newer compiler. The tests also run on Roslyn 4.8
/// (tests/ThreadSafetyAnalyzers.Tests.Roslyn48, where <c>ROSLYN_4_8</c> is defined); there such a fact is skipped.
/// </summary>
public sealed class NewestRoslynFactAttribute : FactAttribute
{
    public NewestRoslynFactAttribute(string reason)
    {
#if ROSLYN_4_8
        Skip = "Needs a newer Roslyn than 4.8: " + reason;
#else
        _ = reason;
#endif
    }
}
