using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreadSafetyAnalyzers.OptionValuesAnalyzer>;

namespace ThreadSafetyAnalyzers.Tests.Options;

/// <summary>TSA0002: a value of one of our options that does not parse is reported once per file, with the key and the accepted values.</summary>
public class UnknownOptionValueTests
{
    private const string Source = "{|#0:|}class Worker { }\n";

    private static Task RunAsync(string[] options, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Source };
        test.WithEditorConfig(options);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static DiagnosticResult Unknown(string key, string value, string accepted, string defaultValue)
        => Verify.Diagnostic(DiagnosticIds.UnknownOptionValue).WithLocation(0).WithArguments(key, value, accepted, defaultValue);

    [Fact]
    public Task TokenSourcesEverything_Reports()
        => RunAsync(new[] { "dotnet_code_quality.token_sources = everything" },
            Unknown("dotnet_code_quality.token_sources", "everything", "parameters, locals, members", "locals"));

    [Fact]
    public Task EveryBadValue_ReportedOnceWithItsKey()
        => RunAsync(
            new[]
            {
                "dotnet_code_quality.TSA2001.loop_kinds = unbounded, forever",
                "dotnet_code_quality.TSA2006.min_sleep_ms = -5",
                "dotnet_code_quality.suppress_overlapping_diagnostics = maybe",
                "dotnet_code_quality.add_cancellation_parameter.api_surface = public",
            },
            Unknown("dotnet_code_quality.add_cancellation_parameter.api_surface", "public", "all, internal, private", "internal in a DLL, else all"),
            Unknown("dotnet_code_quality.suppress_overlapping_diagnostics", "maybe", "true, false", "true"),
            Unknown("dotnet_code_quality.tsa2001.loop_kinds", "unbounded, forever", "unbounded, waiting, all", "all"),
            Unknown("dotnet_code_quality.tsa2006.min_sleep_ms", "-5", "a whole number of milliseconds", "0"));

    [Fact]
    public Task CategoryKeys_AreOurs_BadValueReported()
        => RunAsync(new[] { "dotnet_code_quality.Cancellation.token_sources = everything", "dotnet_code_quality.Reliability.token_sources = everything" },
            Unknown("dotnet_code_quality.cancellation.token_sources", "everything", "parameters, locals, members", "locals"));

    [Fact]
    public Task AcceptedValues_NoDiagnostic()
        => RunAsync(new[]
        {
            "dotnet_code_quality.TSA2001.loop_kinds = Waiting | unbounded",
            "dotnet_code_quality.TSA2003.token_sources = members",
            "dotnet_code_quality.TSA2006.min_sleep_ms = 50",
            "dotnet_code_quality.suppress_overlapping_diagnostics = False",
            "dotnet_code_quality.add_cancellation_parameter.api_surface = internal",
            "dotnet_code_quality.excluded_symbol_names = anything at all",
        });

    /// <summary>Keys that are not ours: the .NET rules' general api_surface, options scoped to their rules, other prefixes.</summary>
    [Fact]
    public Task OtherAnalyzersKeys_NoDiagnostic()
        => RunAsync(new[]
        {
            "dotnet_code_quality.api_surface = public, internal",
            "dotnet_code_quality.CA2016.token_sources = whatever",
            "dotnet_code_quality.CA1062.null_check_validation_methods = Validate",
            "my_tool.loop_kinds = forever",
        });

    [Fact]
    public async Task BadValueForEveryFile_ReportedInEachFile()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/0/First.cs", Source));
        test.TestState.Sources.Add(("/0/Second.cs", "{|#1:|}class Other { }\n"));
        test.WithEditorConfig("dotnet_code_quality.TSA2001.token_sources = fields");
        test.ExpectedDiagnostics.Add(Unknown("dotnet_code_quality.tsa2001.token_sources", "fields", "parameters, locals, members", "locals"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticIds.UnknownOptionValue).WithLocation(1).WithArguments("dotnet_code_quality.tsa2001.token_sources", "fields", "parameters, locals, members", "locals"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GeneratedFile_NoDiagnostic()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/0/Worker.g.cs", "class Worker { }\n"));
        test.WithEditorConfig("dotnet_code_quality.token_sources = everything");
        await test.RunAsync(CancellationToken.None);
    }
}
