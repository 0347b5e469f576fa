using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using static ThreadSafetyAnalyzers.Tests.Suppression.OverlapSuppressorVerifier;

namespace ThreadSafetyAnalyzers.Tests.Suppression;

/// <summary>
/// One problem, one warning: the compiler's SYSLIB0006 and CS0618, NetAnalyzers' CA2016 and CA1849 are suppressed on the
/// calls our rules report, and only there, only while our rule shows, and not when the option turns it off.
/// </summary>
public class OverlapSuppressorTests
{
    private static readonly DiagnosticAnalyzer[] None = Array.Empty<DiagnosticAnalyzer>();
    private static readonly string[] NoConfig = Array.Empty<string>();

    private const string AbortAndSuspend = """
        using System.Threading;

        class Worker
        {
            void Stop(Thread thread)
            {
                {|#0:thread.Abort()|};
                {|#1:thread.Suspend()|};
                {|#2:thread.Resume()|};
            }
        }
        """;

    [Fact]
    public async Task AbortOnNet8_SuppressesSyslib0006_AndSuspendResume_SuppressCS0618()
        => await VerifyAsync(AbortAndSuspend, None, NoConfig,
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 0),
            Peer("CS0618", DiagnosticSeverity.Warning, 1, suppressed: true),
            Ours(Descriptors.DoNotSuspendThreads, 1),
            Peer("CS0618", DiagnosticSeverity.Warning, 2, suppressed: true),
            Ours(Descriptors.DoNotSuspendThreads, 2));

    [Fact]
    public async Task SuspendOnNetFramework_SuppressesCS0618()
        => await VerifyAsync(TargetFramework.NetFramework48, AbortAndSuspend, None, NoConfig,
            Ours(Descriptors.DoNotAbortThreads, 0),
            Peer("CS0618", DiagnosticSeverity.Warning, 1, suppressed: true),
            Ours(Descriptors.DoNotSuspendThreads, 1),
            Peer("CS0618", DiagnosticSeverity.Warning, 2, suppressed: true),
            Ours(Descriptors.DoNotSuspendThreads, 2));

    [Fact]
    public async Task ResetAbortMethodGroupAndConditionalAccess_SuppressSyslib0006()
        => await VerifyAsync("""
            using System;
            using System.Threading;

            class Worker
            {
                void Stop(Thread thread)
                {
                    {|#0:Thread.ResetAbort()|};
                    Action abort = {|#1:thread.Abort|};
                    {|#2:thread?{|#3:.Abort()|}|};
                }
            }
            """, None, NoConfig,
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 0),
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 1, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 1),
            Ours(Descriptors.DoNotAbortThreads, 2),
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 3, suppressed: true));

    [Fact]
    public async Task ObsoleteMemberInsideTheArguments_IsNotSuppressed()
        => await VerifyAsync("""
            using System;
            using System.Threading;

            class Worker
            {
                [Obsolete("use something else")]
                static object OldState() => null;

                void Stop(Thread thread)
                {
                    {|#0:thread.Abort({|#1:OldState()|})|};
                }
            }
            """, None, NoConfig,
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 0),
            Peer("CS0618", DiagnosticSeverity.Warning, 1, suppressed: false));

    [Theory]
    [InlineData("dotnet_diagnostic.TSA1001.severity = none")]
    [InlineData("dotnet_diagnostic.TSA1001.severity = silent")]
    [InlineData("dotnet_code_quality.suppress_overlapping_diagnostics = false")]
    [InlineData("dotnet_code_quality.TSA1001.suppress_overlapping_diagnostics = false")]
    [InlineData("dotnet_code_quality.TSA1001.excluded_symbol_names = Stop")]
    public async Task OurRuleOffOrOverlapOptionFalse_SuppressesNothing(string setting)
    {
        var ours = setting.Contains("severity = none", StringComparison.Ordinal) || setting.Contains("excluded", StringComparison.Ordinal)
            ? Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>()
            : new[] { setting.Contains("silent", StringComparison.Ordinal) ? Ours(Descriptors.DoNotAbortThreads, 0).WithSeverity(DiagnosticSeverity.Hidden) : Ours(Descriptors.DoNotAbortThreads, 0) };
        await VerifyAsync("""
            using System.Threading;

            class Worker
            {
                void Stop(Thread thread) => {|#0:thread.Abort()|};
            }
            """, None, new[] { setting },
            [Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: false), .. ours]);
    }

    [Fact]
    public async Task OtherRuleOffOrOptionForAnotherRule_StillSuppresses()
        => await VerifyAsync("""
            using System.Threading;

            class Worker
            {
                void Stop(Thread thread) => {|#0:thread.Abort()|};
            }
            """, None, new[] { "dotnet_diagnostic.TSA1003.severity = none", "dotnet_code_quality.TSA2003.suppress_overlapping_diagnostics = false" },
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 0));

    [Fact]
    public async Task UserRaisesOurRuleToError_StillSuppresses()
        => await VerifyAsync("""
            using System.Threading;

            class Worker
            {
                void Stop(Thread thread) => {|#0:thread.Suspend()|};
            }
            """, None, new[] { "dotnet_diagnostic.TSA1003.severity = error" },
            Peer("CS0618", DiagnosticSeverity.Warning, 0, suppressed: true),
            // The harness reports our diagnostic at its descriptor's severity; the suppression is what is checked here.
            Ours(Descriptors.DoNotSuspendThreads, 0));

    [Fact]
    public async Task ObsoleteCallOfAnotherType_IsNotSuppressed()
        => await VerifyAsync("""
            using System;

            class Legacy
            {
                [Obsolete("old")]
                public void Suspend() { }

                void Use() => {|#0:Suspend()|};
            }
            """, None, NoConfig,
            Peer("CS0618", DiagnosticSeverity.Warning, 0, suppressed: false));

    [Fact]
    public async Task TaskRunWithoutTheToken_SuppressesCA2016()
        => await VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                Task StartAsync(CancellationToken cancellationToken) => {|#0:{|#1:Task.Run|}(() => { })|};
            }
            """, PeerAnalyzers.NetAnalyzers("CA2016"), NoConfig,
            Ours(Descriptors.PassTokenToStartedWork, 0),
            Peer("CA2016", DiagnosticSeverity.Info, 1, suppressed: true));

    [Fact]
    public async Task CA2016OnACallTsa2003DoesNotReport_IsNotSuppressed()
        => await VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            class Service
            {
                static Task SaveAsync() => Task.CompletedTask;
                static Task SaveAsync(CancellationToken token) => Task.CompletedTask;

                Task StartAsync(CancellationToken cancellationToken) => {|#0:SaveAsync|}();
            }
            """, PeerAnalyzers.NetAnalyzers("CA2016"), NoConfig,
            Peer("CA2016", DiagnosticSeverity.Info, 0, suppressed: false));

    [Fact]
    public async Task SleepInAsyncCodeWithToken_SuppressesCA1849()
        => await VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            class Poller
            {
                async Task PollAsync(CancellationToken cancellationToken)
                {
                    {|#0:Thread.Sleep(100)|};
                    await Task.Yield();
                }

                async Task PauseAsync()
                {
                    {|#1:Thread.Sleep(100)|};
                    await Task.Yield();
                }
            }
            """, PeerAnalyzers.NetAnalyzers("CA1849"), new[] { "dotnet_diagnostic.CA1849.severity = warning" },
            Peer("CA1849", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.SleepIgnoresCancellation, 0),
            Peer("CA1849", DiagnosticSeverity.Warning, 1, suppressed: false));

    [Fact]
    public async Task MeziantouRules_AreSuppressedWhereOursReportTheSameCall()
        => await VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            namespace App;

            class Worker
            {
                void Stop(Thread thread)
                {
                    {|#0:thread.Abort()|};
                    {|#1:thread.Suspend()|};
                }

                Task StartAsync(CancellationToken cancellationToken) => {|#2:Task.Run(() => { })|};

                async Task PollAsync(CancellationToken cancellationToken)
                {
                    {|#3:Thread.Sleep(100)|};
                    await Task.Yield();
                }

                async Task PauseAsync()
                {
                    {|#4:Thread.Sleep(100)|};
                    await Task.Yield();
                }
            }
            """, PeerAnalyzers.Meziantou("MA0035", "MA0040", "MA0042"), new[] { "dotnet_diagnostic.MA0040.severity = warning", "dotnet_diagnostic.MA0042.severity = warning" },
            Peer("MA0035", DiagnosticSeverity.Warning, 0, suppressed: true),
            Peer("SYSLIB0006", DiagnosticSeverity.Warning, 0, suppressed: true),
            Ours(Descriptors.DoNotAbortThreads, 0),
            Peer("CS0618", DiagnosticSeverity.Warning, 1, suppressed: true),
            Peer("MA0035", DiagnosticSeverity.Warning, 1, suppressed: true),
            Ours(Descriptors.DoNotSuspendThreads, 1),
            Peer("MA0040", DiagnosticSeverity.Warning, 2, suppressed: true),
            Ours(Descriptors.PassTokenToStartedWork, 2),
            Peer("MA0042", DiagnosticSeverity.Warning, 3, suppressed: true),
            Ours(Descriptors.SleepIgnoresCancellation, 3),
            Peer("MA0042", DiagnosticSeverity.Warning, 4, suppressed: false));

    [Fact]
    public void EverySuppression_NamesOurRuleAndHasItsOwnId()
    {
        var suppressions = new OverlapSuppressor().SupportedSuppressions;
        Assert.Equal(Overlaps.All.Length, suppressions.Length);
        Assert.Equal(suppressions.Length, System.Linq.Enumerable.Count(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(suppressions, s => s.Id))));
        foreach (var overlap in Overlaps.All)
        {
            Assert.Equal(overlap.PeerId, overlap.Suppression.SuppressedDiagnosticId);
            Assert.Contains(overlap.Rule.Id, overlap.Suppression.Justification.ToString(), StringComparison.Ordinal);
        }
    }
}
