namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>How code leaves its work once a wait reports that the token was cancelled.</summary>
internal enum ExitKind
{
    /// <summary>No exit fits: the fix is not offered.</summary>
    None,

    /// <summary><c>break;</c> out of the loop around the wait.</summary>
    Break,

    /// <summary><c>return;</c> from the function.</summary>
    Return,

    /// <summary><c>token.ThrowIfCancellationRequested();</c>, where cancellation surfaces as an exception.</summary>
    Throw,
}
