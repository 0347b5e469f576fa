using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreadSafetyAnalyzers.Options;
using ThreadSafetyAnalyzers.Tests.Robustness;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests;

/// <summary>
/// Every message fits an IDE tooltip: at most <see cref="MaxLength"/> characters with the names filled in. The
/// messages are the real ones, from every analyzer of ours run over samples/ for .NET 8, .NET Framework 4.8 and
/// .NET Standard 2.0 (the runtime changes some reasons), so a new rule is covered by its sample.
/// </summary>
public class MessageLengthTests
{
    public const int MaxLength = 150;

    /// <summary>Rules about settings rather than code, which no sample shows; their longest message is built here.</summary>
    private static readonly Dictionary<string, Func<IEnumerable<string>>> NotInSamples = new(StringComparer.Ordinal)
    {
        [DiagnosticIds.UnknownOptionValue] = () => OptionCatalogue.All.Select(option => Descriptors.UnknownOptionValue.Format(
            RuleOptions.Prefix + DiagnosticIds.LoopDoesNotObserveToken + "." + option.Name, "everything", option.AcceptedValues, option.DefaultValue)),
    };

    [Fact]
    public async Task EveryMessage_WithNamesFilledIn_FitsATooltip()
    {
        var messages = new List<(string Id, string Message)>();
        foreach (var framework in new[] { TargetFramework.Net80, TargetFramework.NetFramework48, TargetFramework.NetStandard20 })
        {
            messages.AddRange((await AnalyzeSamplesAsync(framework)).Select(d => (d.Id, d.GetMessage(CultureInfo.InvariantCulture))));
        }

        foreach (var (id, build) in NotInSamples)
        {
            messages.AddRange(build().Select(message => (id, message)));
        }

        var missing = ExportedRules.Descriptors().Select(d => d.Id).Except(messages.Select(m => m.Id)).ToList();
        Assert.True(missing.Count == 0, "no sample shows " + string.Join(", ", missing) + ": add samples/<ID>_*.cs");

        var tooLong = messages.Where(m => m.Message.Length > MaxLength).Select(m => $"{m.Id} ({m.Message.Length}): {m.Message}").Distinct().ToList();
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong));
    }

    [Fact]
    public async Task Tsa2005_NamesTheFunctionWithoutADoubledQuote()
    {
        var messages = (await AnalyzeSamplesAsync(TargetFramework.Net80)).Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(messages);
        Assert.DoesNotContain(messages, message => message.Contains("''", StringComparison.Ordinal));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeSamplesAsync(TargetFramework framework)
    {
        var compilation = await Samples.CompileAsync(framework);
        return await compilation.WithAnalyzers(AnalyzerHarness.Analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }
}

internal static class DescriptorText
{
    public static string Format(this DiagnosticDescriptor descriptor, params object[] arguments)
        => string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), arguments);
}
