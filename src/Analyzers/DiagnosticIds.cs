namespace ThreadSafetyAnalyzers;

/// <summary>Every rule ID and category the package uses, in one place.</summary>
public static class DiagnosticIds
{
    public const string DoNotAbortThreads = "TSA1001";
    public const string DoNotInterruptThreads = "TSA1002";
    public const string DoNotSuspendThreads = "TSA1003";

    public const string LoopDoesNotObserveToken = "TSA2001";
    public const string LoopCanNeverBeStopped = "TSA2002";
    public const string PassTokenToStartedWork = "TSA2003";
    public const string StopFlagNotSynchronized = "TSA2004";
    public const string BackgroundWorkNotCancellable = "TSA2005";
    public const string SleepIgnoresCancellation = "TSA2006";
    public const string StartedWorkIgnoresToken = "TSA2008";
    public const string SourceNeverCancelled = "TSA2010";
}

/// <summary>Rule categories, as shown in the IDE and in <c>.editorconfig</c> category settings.</summary>
public static class DiagnosticCategories
{
    public const string Termination = "Termination";
    public const string Cancellation = "Cancellation";
}
