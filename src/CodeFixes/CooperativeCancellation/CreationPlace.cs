namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>Where the one <c>new Thread(…)</c> of a thread is.</summary>
internal enum CreationPlace
{
    /// <summary>The initializer of a local: <c>var worker = new Thread(…);</c>.</summary>
    LocalInitializer,

    /// <summary>The initializer of a static field: <c>static readonly Thread s_worker = new Thread(…);</c>.</summary>
    StaticFieldInitializer,

    /// <summary>An assignment to a field in a statement or expression body: <c>_worker = new Thread(…);</c>.</summary>
    FieldAssignment,
}
