using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// Which diagnostic of the compiler or of another analyzer reports a call that a rule of ours reports too, and the
/// suppression <see cref="OverlapSuppressor"/> applies to it there. The README's overlap table is generated from this list.
/// </summary>
public static class Overlaps
{
    public static readonly ImmutableArray<Overlap> All = ImmutableArray.Create(
        Create(PeerDiagnosticIds.ThreadAbortObsolete, Descriptors.DoNotAbortThreads),
        Create(PeerDiagnosticIds.DangerousThreadingMethods, Descriptors.DoNotAbortThreads),
        Create(PeerDiagnosticIds.DangerousThreadingMethods, Descriptors.DoNotInterruptThreads),
        Create(PeerDiagnosticIds.ObsoleteMember, Descriptors.DoNotSuspendThreads),
        Create(PeerDiagnosticIds.DangerousThreadingMethods, Descriptors.DoNotSuspendThreads),
        Create(PeerDiagnosticIds.ForwardTokenNetAnalyzers, Descriptors.PassTokenToStartedWork),
        Create(PeerDiagnosticIds.ForwardTokenMeziantou, Descriptors.PassTokenToStartedWork),
        Create(PeerDiagnosticIds.CallAsyncMethodsNetAnalyzers, Descriptors.SleepIgnoresCancellation),
        Create(PeerDiagnosticIds.BlockingCallInAsyncMeziantou, Descriptors.SleepIgnoresCancellation));

    private static Overlap Create(string peerId, DiagnosticDescriptor rule)
        => new(peerId, rule, new SuppressionDescriptor(
            "TSAS" + rule.Id.Substring(3) + "_" + peerId,
            peerId,
            $"{rule.Id} ({rule.Title}) reports this call already: one problem, one warning"));
}

/// <summary>A peer diagnostic, the rule of ours that covers the same call, and the suppression that says so.</summary>
public sealed class Overlap
{
    internal Overlap(string peerId, DiagnosticDescriptor rule, SuppressionDescriptor suppression)
    {
        PeerId = peerId;
        Rule = rule;
        Suppression = suppression;
    }

    public string PeerId { get; }

    public DiagnosticDescriptor Rule { get; }

    public SuppressionDescriptor Suppression { get; }
}
