using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>Every diagnostic descriptor the package reports, built by one factory.</summary>
public static class Descriptors
{
    /// <summary>Rule pages live in the repository under docs/rules; the help link of each rule points there.</summary>
    public const string HelpLinkBase = "https://github.com/threadsafetyanalyzers/threadsafetyanalyzers/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static readonly DiagnosticDescriptor DoNotAbortThreads = Create(
        DiagnosticIds.DoNotAbortThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not abort threads",
        message: "Do not call '{0}': {1}; stop the thread cooperatively with a CancellationToken",
        description: "Thread.Abort stops a thread at an arbitrary point: on .NET Framework it can cut a finally block short, "
            + "leave a lock held or leave shared data half-written; on .NET 5 and later (and .NET Core) it throws "
            + "PlatformNotSupportedException. Give the worker a CancellationToken, have it check the token and return, "
            + "and have the owner cancel the token and join the thread.");

    public static readonly DiagnosticDescriptor DoNotInterruptThreads = Create(
        DiagnosticIds.DoNotInterruptThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not interrupt threads",
        message: "Do not call '{0}': it throws ThreadInterruptedException at the thread's next wait, which may be inside a lock, "
            + "a finally block or library code that does not expect it; stop the thread cooperatively with a CancellationToken",
        description: "Thread.Interrupt injects ThreadInterruptedException into whatever wait, sleep or join the thread performs "
            + "next, including waits inside library code and finally blocks that were never written to handle it. "
            + "Give the worker a CancellationToken and let its waits observe it instead.");

    public static readonly DiagnosticDescriptor DoNotSuspendThreads = Create(
        DiagnosticIds.DoNotSuspendThreads,
        DiagnosticCategories.Termination,
        DiagnosticSeverity.Warning,
        title: "Do not suspend or resume threads",
        message: "Do not call '{0}': {1}; coordinate threads with a CancellationToken or a wait handle",
        description: "Thread.Suspend freezes a thread wherever it happens to be, possibly while it holds a lock that every other "
            + "thread then waits on forever; Thread.Resume is its counterpart. Both are obsolete, and on .NET 5 and later "
            + "(and .NET Core) they throw PlatformNotSupportedException. Use a wait handle or a CancellationToken to "
            + "pause or stop the worker at a point it chooses.");

    private static DiagnosticDescriptor Create(
        string id,
        string category,
        DiagnosticSeverity severity,
        string title,
        string message,
        string description)
    {
#pragma warning disable RS0030 // The one sanctioned use of the constructor.
        return new DiagnosticDescriptor(
            id,
            title,
            message,
            category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));
#pragma warning restore RS0030
    }
}
