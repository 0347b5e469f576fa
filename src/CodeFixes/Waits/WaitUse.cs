namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>How the result of a wait is used.</summary>
internal enum WaitUse
{
    /// <summary>Dropped: <c>h.WaitOne();</c>, or the whole body of a function that returns nothing.</summary>
    Statement,

    /// <summary><c>var index = WaitHandle.WaitAny(…);</c></summary>
    Declaration,

    /// <summary>Anything else: <c>if (h.WaitOne(t))</c>, <c>return h.WaitOne(t);</c>.</summary>
    Value,
}
