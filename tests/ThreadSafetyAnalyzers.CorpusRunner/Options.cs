using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.CodeAnalysis.CSharp;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>The command line, parsed once; every mode reads its settings from here.</summary>
internal sealed class Options
{
    public const string Usage = """
        Usage: ThreadSafetyAnalyzers.CorpusRunner <folder> [options]

        Compiles every *.cs file under <folder> (bin/ and obj/ skipped) as one library and runs the
        ThreadSafetyAnalyzers rules over it.

          --define A;B         preprocessor symbols
          --langversion V      C# language version (default: latest; e.g. preview, 13)
          --implicit-usings    add the SDK's implicit global usings (for projects with ImplicitUsings=enable)
          --global-using A;B   add more global usings (namespaces)
          --refs DIR           reference assemblies (default: newest Microsoft.NETCore.App.Ref pack)
          --target-frameworks L  the project's TargetFrameworks (e.g. "net472;net10.0"), as the package's targets pass
                               them to the analyzers (build_property.ThreadSafetyTargetFrameworks)
          --out FILE           write the diagnostics TSV to FILE instead of stdout
          --runs N             analyze N times and print median timings (default 1)
          --compare            also run and time CA2016 (NetAnalyzers) and MA0040 (Meziantou.Analyzer)
          --fix-all            apply the first code fix of every fixable diagnostic and recompile
          --diffs              with --fix-all, print the diff of every applied fix (not only of broken ones)
          --fuzz               analyze damaged variants of every file and report analyzer exceptions
          --seed N             fuzz random seed (default 1)
          --variants K         fuzz variants of each kind per file (default 3)
          --fuzz-files N       fuzz only N files picked at random (default: all)
          --crash-dir DIR      write fuzz inputs that crash an analyzer to DIR

        Exit code: 0, or 1 when one of our analyzers or code fixes threw, or 2 for a usage error.
        """;

    public string Folder { get; private set; } = "";

    public IReadOnlyList<string> Defines { get; private set; } = Array.Empty<string>();

    public LanguageVersion LanguageVersion { get; private set; } = LanguageVersion.Latest;

    public bool ImplicitUsings { get; private set; }

    public IReadOnlyList<string> GlobalUsings { get; private set; } = Array.Empty<string>();

    public string? RefsDirectory { get; private set; }

    public string? TargetFrameworks { get; private set; }

    public string? OutFile { get; private set; }

    public int Runs { get; private set; } = 1;

    public bool Compare { get; private set; }

    public bool FixAll { get; private set; }

    public bool ShowAllDiffs { get; private set; }

    public bool Fuzz { get; private set; }

    public int Seed { get; private set; } = 1;

    public int Variants { get; private set; } = 3;

    public int? FuzzFiles { get; private set; }

    public string? CrashDirectory { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Returns null and writes the reason to <paramref name="error"/> when the arguments are wrong.</summary>
    public static Options? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                return args[++i];
            }

            int Number(int min)
            {
                var text = Value();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
                {
                    throw new FormatException($"{arg} needs a whole number of at least {min}, not '{text}'");
                }

                return n;
            }

            try
            {
                switch (arg)
                {
                    case "-h":
                    case "--help":
                        options.ShowHelp = true;
                        break;
                    case "--define":
                        options.Defines = SplitList(Value());
                        break;
                    case "--langversion":
                        var version = Value();
                        options.LanguageVersion = LanguageVersionFacts.TryParse(version, out var parsed)
                            ? parsed
                            : throw new FormatException($"unknown language version '{version}'");
                        break;
                    case "--implicit-usings":
                        options.ImplicitUsings = true;
                        break;
                    case "--global-using":
                        options.GlobalUsings = SplitList(Value());
                        break;
                    case "--refs":
                        options.RefsDirectory = Value();
                        break;
                    case "--target-frameworks":
                        options.TargetFrameworks = Value();
                        break;
                    case "--out":
                        options.OutFile = Value();
                        break;
                    case "--runs":
                        options.Runs = Number(1);
                        break;
                    case "--compare":
                        options.Compare = true;
                        break;
                    case "--fix-all":
                        options.FixAll = true;
                        break;
                    case "--diffs":
                        options.ShowAllDiffs = true;
                        break;
                    case "--fuzz":
                        options.Fuzz = true;
                        break;
                    case "--seed":
                        options.Seed = Number(0);
                        break;
                    case "--variants":
                        options.Variants = Number(1);
                        break;
                    case "--fuzz-files":
                        options.FuzzFiles = Number(1);
                        break;
                    case "--crash-dir":
                        options.CrashDirectory = Value();
                        break;
                    default:
                        if (arg.StartsWith('-') || options.Folder.Length > 0)
                        {
                            throw new FormatException($"unexpected argument '{arg}'");
                        }

                        options.Folder = arg;
                        break;
                }
            }
            catch (FormatException e)
            {
                error.WriteLine(e.Message);
                return null;
            }
        }

        if (!options.ShowHelp && options.Folder.Length == 0)
        {
            error.WriteLine("no folder given");
            return null;
        }

        if (!options.ShowHelp && !Directory.Exists(options.Folder))
        {
            error.WriteLine($"folder not found: {options.Folder}");
            return null;
        }

        return options;
    }

    private static string[] SplitList(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
