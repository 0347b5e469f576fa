using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ThreadSafetyAnalyzers.CorpusRunner;

/// <summary>
/// A folder of C# sources parsed once and compiled as one library against a reference pack.
/// Missing third-party references are expected: the code binds as far as it can, as in a half-restored IDE.
/// </summary>
internal sealed class Corpus
{
    /// <summary>What the SDK adds to a project with <c>ImplicitUsings</c> enabled (Microsoft.NET.Sdk).</summary>
    private static readonly string[] SdkImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks",
    ];

    private Corpus(
        string root,
        ImmutableArray<SyntaxTree> sourceTrees,
        ImmutableArray<SyntaxTree> extraTrees,
        string referenceDirectory,
        ImmutableArray<MetadataReference> references,
        CSharpParseOptions parseOptions,
        string? globalConfig)
    {
        GlobalConfig = globalConfig;
        AnalyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, GlobalOptionsProvider.Parse(globalConfig));
        Root = root;
        SourceTrees = sourceTrees;
        ExtraTrees = extraTrees;
        ReferenceDirectory = referenceDirectory;
        References = references;
        ParseOptions = parseOptions;
    }

    public string Root { get; }

    /// <summary>One tree per file of the folder, in ordinal path order.</summary>
    public ImmutableArray<SyntaxTree> SourceTrees { get; }

    /// <summary>Trees the runner adds (global usings); not counted, not fuzzed.</summary>
    public ImmutableArray<SyntaxTree> ExtraTrees { get; }

    public ImmutableArray<SyntaxTree> AllTrees => SourceTrees.AddRange(ExtraTrees);

    public string ReferenceDirectory { get; }

    public ImmutableArray<MetadataReference> References { get; }

    public CSharpParseOptions ParseOptions { get; }

    /// <summary>
    /// The global analyzer config a build of the project would give the analyzers (from <c>--target-frameworks</c>), or
    /// null; the fix-all workspace gets it as a document, the plain analysis through <see cref="AnalyzerOptions"/>.
    /// </summary>
    public string? GlobalConfig { get; }

    public AnalyzerOptions AnalyzerOptions { get; }

    public CSharpCompilationOptions CompilationOptions { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true);

    public static Corpus Load(Options options)
    {
        var root = Path.GetFullPath(options.Folder);
        var parseOptions = new CSharpParseOptions(options.LanguageVersion, preprocessorSymbols: options.Defines);

        var sourceTrees = FindSourceFiles(root)
            .Select(path => Parse(path, ReadFile(path), parseOptions))
            .ToImmutableArray();

        var usings = (options.ImplicitUsings ? SdkImplicitUsings : []).Concat(options.GlobalUsings).Distinct().ToList();
        var extraTrees = usings.Count == 0
            ? ImmutableArray<SyntaxTree>.Empty
            : [Parse(
                Path.Combine(root, "CorpusRunner.GlobalUsings.g.cs"),
                SourceText.From(string.Concat(usings.Select(u => $"global using global::{u};\n"))),
                parseOptions)];

        var referenceDirectory = options.RefsDirectory is { } refs ? Path.GetFullPath(refs) : FindReferencePack();
        var references = Directory.EnumerateFiles(referenceDirectory, "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

        var globalConfig = options.TargetFrameworks is { } frameworks
            ? "is_global = true\nbuild_property.ThreadSafetyTargetFrameworks = " + frameworks.Replace(';', ',') + "\n"
            : null;
        return new Corpus(root, sourceTrees, extraTrees, referenceDirectory, references, parseOptions, globalConfig);
    }

    public CSharpCompilation CreateCompilation(IReadOnlyDictionary<string, ReportDiagnostic>? specificDiagnosticOptions = null)
    {
        var compilationOptions = specificDiagnosticOptions is null
            ? CompilationOptions
            : CompilationOptions.WithSpecificDiagnosticOptions(specificDiagnosticOptions);
        return CSharpCompilation.Create("Corpus", AllTrees, References, compilationOptions);
    }

    /// <summary>
    /// Is the file part of an executable: does the nearest folder above it with a project file hold one whose
    /// <c>OutputType</c> is <c>Exe</c> or <c>WinExe</c> (a sample, a test app, a tool)? Nothing outside can call its
    /// public members, which the fixes that change signatures take into account.
    /// </summary>
    public bool IsInExecutable(SyntaxTree tree)
    {
        for (var directory = Path.GetDirectoryName(tree.FilePath); directory is not null && directory.Length >= Root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (_executableFolders.TryGetValue(directory, out var known))
            {
                return known;
            }

            var projects = Directory.GetFiles(directory, "*.csproj");
            if (projects.Length > 0)
            {
                var executable = projects.Any(project => File.ReadAllText(project) is var text
                    && (text.Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase)
                        || text.Contains("<OutputType>WinExe</OutputType>", StringComparison.OrdinalIgnoreCase)));
                _executableFolders[directory] = executable;
                return executable;
            }
        }

        return false;
    }

    private readonly Dictionary<string, bool> _executableFolders = new(StringComparer.Ordinal);

    public string RelativePath(SyntaxTree? tree) => RelativePath(tree?.FilePath);

    public string RelativePath(string? path) =>
        string.IsNullOrEmpty(path) ? "" : Path.GetRelativePath(Root, path).Replace('\\', '/');

    public (int Lines, int NonBlankLines) CountLines()
    {
        int lines = 0, nonBlank = 0;
        foreach (var tree in SourceTrees)
        {
            foreach (var line in tree.GetText().Lines)
            {
                lines++;
                if (!string.IsNullOrWhiteSpace(line.ToString()))
                {
                    nonBlank++;
                }
            }
        }

        return (lines, nonBlank);
    }

    private static SourceText ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return SourceText.From(stream);
    }

    private static SyntaxTree Parse(string path, SourceText text, CSharpParseOptions parseOptions) =>
        CSharpSyntaxTree.ParseText(text, parseOptions, path);

    private static IEnumerable<string> FindSourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(root, path)
                .Split(Path.DirectorySeparatorChar)
                .Any(part => part.Equals("bin", StringComparison.OrdinalIgnoreCase) || part.Equals("obj", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(path => path, StringComparer.Ordinal);

    /// <summary>
    /// The newest <c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net*</c> of the dotnet installation that runs us
    /// (or of DOTNET_ROOT, or /usr/share/dotnet).
    /// </summary>
    private static string FindReferencePack()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        var dotnetRoots = new[]
        {
            Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..")),
            "/usr/share/dotnet",
        };

        foreach (var dotnetRoot in dotnetRoots)
        {
            var packs = dotnetRoot is null ? "" : Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs))
            {
                continue;
            }

            var newest = Directory.EnumerateDirectories(packs)
                .SelectMany(version => Directory.Exists(Path.Combine(version, "ref"))
                    ? Directory.EnumerateDirectories(Path.Combine(version, "ref"), "net*")
                    : [])
                .Select(dir => (Dir: dir, Pack: ParseVersion(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dir)))!), Tfm: ParseVersion(Path.GetFileName(dir)[3..])))
                .Where(x => x.Pack is not null && x.Tfm is not null)
                .OrderByDescending(x => x.Pack)
                .ThenByDescending(x => x.Tfm)
                .Select(x => x.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new DirectoryNotFoundException("No Microsoft.NETCore.App.Ref pack found; pass --refs DIR.");
    }

    /// <summary>"10.0.0-rc.1.25451.107" → 10.0.0 (prereleases sort with their release; good enough to pick a pack).</summary>
    private static Version? ParseVersion(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? text : text[..dash], out var version) ? version : null;
    }
}

/// <summary>Analyzer options with nothing but global keys: what a build's generated global config gives the analyzers.</summary>
internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Empty = new KeyValues(ImmutableDictionary<string, string>.Empty);

    private GlobalOptionsProvider(AnalyzerConfigOptions global) => GlobalOptions = global;

    public override AnalyzerConfigOptions GlobalOptions { get; }

    /// <summary>The <c>key = value</c> lines of <paramref name="globalConfig"/> (null: none), keys as written.</summary>
    public static GlobalOptionsProvider Parse(string? globalConfig)
    {
        var values = ImmutableDictionary.CreateBuilder<string, string>(AnalyzerConfigOptions.KeyComparer);
        foreach (var line in (globalConfig ?? "").Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return new GlobalOptionsProvider(new KeyValues(values.ToImmutable()));
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

    private sealed class KeyValues(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
