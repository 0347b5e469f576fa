namespace ThreadSafetyAnalyzers;

/// <summary>Every rule ID and category the package uses, in one place.</summary>
public static class DiagnosticIds
{
    /// <summary>TSA0001 is the MSBuild warning for an unknown ThreadSafetyAnalysisMode (src/Package/build).</summary>
    public const string UnknownOptionValue = "TSA0002";

    public const string DoNotAbortThreads = "TSA1001";
    public const string DoNotInterruptThreads = "TSA1002";
    public const string DoNotSuspendThreads = "TSA1003";
    public const string AskProcessToExit = "TSA1004";
    public const string DeadAbortHandler = "TSA1005";

    public const string LoopDoesNotObserveToken = "TSA2001";
    public const string LoopCanNeverBeStopped = "TSA2002";
    public const string PassTokenToStartedWork = "TSA2003";
    public const string StopFlagNotSynchronized = "TSA2004";
    public const string BackgroundWorkNotCancellable = "TSA2005";
    public const string SleepIgnoresCancellation = "TSA2006";
    public const string WaitIgnoresCancellation = "TSA2007";
    public const string StartedWorkIgnoresToken = "TSA2008";
    public const string LoopSwallowsCancellation = "TSA2009";
    public const string SourceNeverCancelled = "TSA2010";
}

/// <summary>Rule categories, as shown in the IDE and in <c>.editorconfig</c> category settings.</summary>
public static class DiagnosticCategories
{
    public const string Termination = "Termination";
    public const string Cancellation = "Cancellation";
    public const string Configuration = "Configuration";

    /// <summary>A rule's category, from its ID: TSA1xxx terminate, TSA2xxx cancel, TSA0xxx configure.</summary>
    public static string Of(string ruleId)
        => ruleId.Length > 3 && ruleId[3] == '1' ? Termination : ruleId.Length > 3 && ruleId[3] == '2' ? Cancellation : Configuration;
}

/// <summary>Diagnostics of the compiler and of other analyzers that report some of the calls our rules report.</summary>
public static class PeerDiagnosticIds
{
    /// <summary>The compiler: a call of a member marked [Obsolete] (Thread.Suspend, Thread.Resume).</summary>
    public const string ObsoleteMember = "CS0618";

    /// <summary>The compiler, .NET 5 and later: Thread.Abort and Thread.ResetAbort are obsolete.</summary>
    public const string ThreadAbortObsolete = "SYSLIB0006";

    /// <summary>NetAnalyzers: forward the CancellationToken parameter to methods that take one.</summary>
    public const string ForwardTokenNetAnalyzers = "CA2016";

    /// <summary>NetAnalyzers: call async methods when in an async method (Thread.Sleep → await Task.Delay).</summary>
    public const string CallAsyncMethodsNetAnalyzers = "CA1849";

    /// <summary>Meziantou.Analyzer: do not use dangerous threading methods (Abort, Suspend, Resume).</summary>
    public const string DangerousThreadingMethods = "MA0035";

    /// <summary>Meziantou.Analyzer: forward the CancellationToken parameter to methods that take one.</summary>
    public const string ForwardTokenMeziantou = "MA0040";

    /// <summary>Meziantou.Analyzer: do not use blocking calls in an async method (Thread.Sleep → await Task.Delay).</summary>
    public const string BlockingCallInAsyncMeziantou = "MA0042";
}
