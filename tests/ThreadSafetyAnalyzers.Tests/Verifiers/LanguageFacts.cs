using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Verifiers;

/// <summary>
/// A fact whose test source needs C# 13 or later (a <c>Span&lt;T&gt;</c> local in an async method, …). The tests also
/// run on Roslyn 4.8 (tests/ThreadSafetyAnalyzers.Tests.Roslyn48), where the latest language version is C# 12 and such
/// a source does not compile: there the fact is skipped.
/// </summary>
public sealed class CSharp13FactAttribute : FactAttribute
{
    public CSharp13FactAttribute()
    {
#if ROSLYN_4_8
        Skip = "The source needs C# 13; Roslyn 4.8 knows C# 12 at most.";
#endif
    }
}
