using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>The members of <c>Thread</c> that stop, pause or revive another thread by force.</summary>
internal enum ThreadControlKind
{
    None,
    Abort,
    ResetAbort,
    Interrupt,
    Suspend,
    Resume,
}

/// <summary>
/// Which forced control of a thread a method is: the one place TSA1001–TSA1003, the overlap suppressor and the
/// cooperative-cancellation fix ask.
/// </summary>
internal static class ThreadControl
{
    public static ThreadControlKind Of(IMethodSymbol? method, INamedTypeSymbol? thread)
    {
        // The name before the type: every call of a compilation comes here, and most names end the question.
        var kind = method?.Name switch
        {
            "Abort" => ThreadControlKind.Abort,
            "ResetAbort" => ThreadControlKind.ResetAbort,
            "Interrupt" => ThreadControlKind.Interrupt,
            "Suspend" => ThreadControlKind.Suspend,
            "Resume" => ThreadControlKind.Resume,
            _ => ThreadControlKind.None,
        };
        return kind != ThreadControlKind.None && WellKnownTypes.Is(method!.ContainingType, thread) ? kind : ThreadControlKind.None;
    }

    /// <summary>A call that ends another thread's work by force: <c>thread.Abort()</c> or <c>thread.Interrupt()</c>.</summary>
    public static bool IsForcedStop(IMethodSymbol? method, INamedTypeSymbol? thread)
        => method is { IsStatic: false } && Of(method, thread) is ThreadControlKind.Abort or ThreadControlKind.Interrupt;
}
