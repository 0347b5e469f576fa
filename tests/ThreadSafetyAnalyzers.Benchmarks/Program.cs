using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis.CSharp;

namespace ThreadSafetyAnalyzers.Benchmarks;

internal static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project tests/ThreadSafetyAnalyzers.Benchmarks -- [mode] [options]

        Modes:
          (none)                 BenchmarkDotNet: RuleBenchmarks and ScalingBenchmarks (any BenchmarkDotNet
                                 option works, e.g. --filter '*Scaling*'; the default filter is '*')
          --telemetry            per-rule and scaling tables from analyzer execution-time telemetry
          --corpus <folder>      our analyzers against CA2016 on a real codebase
          --generate <folder>    write the generated inputs to <folder> for reading
          --lightbulb            light-bulb latency of every fix (RegisterCodeFixesAsync per diagnostic)

        Options:
          --files N              generated files per rule and input kind (default 1000)
          --rule NAME            only this rule (repeatable): Termination, Loops, StartedWork, StopFlag, Sleep,
                                 Swallow, Waits, Unreached, Processes, AbortHandlers
          --runs N               repetitions for --telemetry and --corpus (default 5)
          --wall                 BenchmarkDotNet: time by stopwatch (default: process CPU time)
          --concurrent           bind and analyze concurrently (default: one thread)
          --define A;B           --corpus: preprocessor symbols
          --langversion V        --corpus: C# language version (default latest)
          --implicit-usings      --corpus: add the SDK's implicit global usings
        """;

    public static int Main(string[] args)
    {
        var rest = new List<string>();
        string? mode = null, folder = null;
        var defines = new List<string>();
        var languageVersion = LanguageVersion.Latest;
        var implicitUsings = false;
        var wallClock = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                case "--telemetry" or "--lightbulb":
                    mode = args[i][2..];
                    break;
                case "--corpus" or "--generate":
                    mode = args[i][2..];
                    folder = Value();
                    break;
                case "--files":
                    Settings.Files = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--rule":
                    Settings.Rules.Add(Enum.Parse<Rule>(Value(), ignoreCase: true));
                    break;
                case "--runs":
                    Settings.Runs = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--wall":
                    wallClock = true;
                    break;
                case "--concurrent":
                    Settings.Concurrent = true;
                    break;
                case "--define":
                    defines.AddRange(Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--langversion":
                    languageVersion = LanguageVersionFacts.TryParse(Value(), out var version) ? version : throw new ArgumentException($"unknown language version {args[i]}");
                    break;
                case "--implicit-usings":
                    implicitUsings = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        switch (mode)
        {
            case "telemetry":
                PrintSetup();
                TelemetryReport.Rules(Console.Out);
                TelemetryReport.Scaling(Console.Out);
                return 0;
            case "corpus":
                CorpusComparison.Run(new CorpusOptions(folder!, defines, languageVersion, implicitUsings), Console.Out);
                return 0;
            case "generate":
                Generate(folder!);
                return 0;
            case "lightbulb":
                PrintSetup();
                LightBulbReport.Run(Console.Out);
                return 0;
        }

        if (!rest.Any(arg => arg.StartsWith("--filter", StringComparison.Ordinal) || arg == "-f" || arg.StartsWith("--list", StringComparison.Ordinal)))
        {
            rest.AddRange(["--filter", "*"]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], Config(wallClock)).ToList();
        PrintSetup();
        PrintScaling(summaries);
        return 0;
    }

    /// <summary>
    /// In-process (no separate build), one launch, 1 warm-up and 5 measured iterations of one invocation each (setup
    /// has already run every analyzer once), timed by process CPU time unless --wall asks for the stopwatch.
    /// </summary>
    private static IConfig Config(bool wallClock)
    {
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5);
        return DefaultConfig.Instance
            .AddJob(wallClock ? job : job.WithClock(CpuClock.Instance))
            .WithArtifactsPath(Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "benchmarks"));
    }

    private static void PrintSetup()
    {
        Console.WriteLine();
        Console.WriteLine($"generated files per rule and input: {Settings.Files}; analysis: {(Settings.Concurrent ? "concurrent" : "one thread")}; "
            + $"Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}; references: {Measure.ReferenceDirectory}; "
            + $"{Environment.ProcessorCount} cores; .NET {Environment.Version}");
        Console.WriteLine();
    }

    /// <summary>
    /// The scaling benchmark's medians: ours ÷ empty stays flat when our cost grows like the compiler's, and how the
    /// added time (ours − empty, a small difference of two large times, so noisy) grows per doubling of the file.
    /// </summary>
    private static void PrintScaling(List<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports)
            .Where(r => r.BenchmarkCase.Descriptor.Type == typeof(ScalingBenchmarks) && r.ResultStatistics is not null)
            .ToList();
        if (reports.Count == 0)
        {
            return;
        }

        Console.WriteLine("### Scaling (BenchmarkDotNet medians)");
        Console.WriteLine();
        Console.WriteLine("| Lines | Empty analyzer (ms) | Ours (ms) | Ours ÷ empty | Ours − empty (ms) | × previous size |");
        Console.WriteLine("|--:|--:|--:|--:|--:|--:|");
        double? previous = null;
        foreach (var group in reports.GroupBy(r => (int)r.BenchmarkCase.Parameters["Lines"]).OrderBy(g => g.Key))
        {
            var empty = Median(group, nameof(ScalingBenchmarks.Empty));
            var ours = Median(group, nameof(ScalingBenchmarks.Ours));
            var added = ours - empty;
            Console.WriteLine($"| {group.Key} | {empty:0.0} | {ours:0.0} | {ours / empty:0.00}× | {added:0.0} | {(previous is { } p ? (added / p).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "")} |");
            previous = added;
        }

        Console.WriteLine();
    }

    private static double Median(IEnumerable<BenchmarkReport> reports, string method) =>
        reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!.Median / 1e6;

    private static void Generate(string folder)
    {
        var files = Enum.GetValues<Rule>()
            .SelectMany(rule => Enum.GetValues<InputKind>().SelectMany(kind => Generator.RuleFiles(rule, kind, Settings.Files)))
            .Concat(new[] { 1000, 2000, 4000, 8000 }.Select(Generator.ScalingFile));
        var count = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
            count++;
        }

        Console.WriteLine($"{count} files written under {Path.GetFullPath(folder)}");
    }
}
