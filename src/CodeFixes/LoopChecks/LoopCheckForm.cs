namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>The two ways a fix makes a loop observe a token.</summary>
internal enum LoopCheckForm
{
    /// <summary><c>token.ThrowIfCancellationRequested();</c> first in the body: cancellation surfaces as an exception.</summary>
    Throw,

    /// <summary>The loop ends quietly: <c>while (!token.IsCancellationRequested)</c>, or <c>if (…) { break; }</c> first in the body.</summary>
    Quiet,

    /// <summary>
    /// The function ends quietly: <c>if (…) { return; }</c> first in the body. For a loop nested in another, where a
    /// <c>break</c> would let the outer loop go on as if the inner one had ended normally (its condition still true).
    /// </summary>
    Return,
}
