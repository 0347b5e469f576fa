using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreadSafetyAnalyzers.Tests.Precision;

/// <summary>
/// docs/precision.md is generated from the ledger (docs/precision/*.tsv). A stale page fails with the expected text;
/// <c>UPDATE_PRECISION=1 dotnet test tests/ThreadSafetyAnalyzers.Tests --filter PrecisionReportTests</c> rewrites it.
/// The ledger itself must be well formed: every row a known rule and verdict, in order. (Two diagnostics on one line
/// are two rows, which may read the same.)
/// </summary>
public class PrecisionReportTests
{
    public const string PagePath = "docs/precision.md";

    /// <summary>Warning rules must reach this precision, counting debatable rows apart.</summary>
    public const double WarningTarget = 0.95;

    /// <summary>Info rules must reach this precision with debatable rows counted as wrong.</summary>
    public const double InfoTarget = 0.80;

    private static IReadOnlyList<LedgerCodebase> Ledger => PrecisionLedger.Read(RepositoryFiles.PathOf(Path.Combine("docs", "precision")));

    [Fact]
    public void Ledger_IsWellFormed()
    {
        var known = ExportedRules.Descriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var codebase in Ledger)
        {
            problems.AddRange(codebase.Problems);
            LedgerRow? previous = null;
            foreach (var row in codebase.Rows)
            {
                if (!known.Contains(row.Rule))
                {
                    problems.Add($"{codebase.Name}.tsv: {row.Rule} is not a rule of the package");
                }

                if (previous is not null && Compare(previous, row) > 0)
                {
                    problems.Add($"{codebase.Name}.tsv: {row.Rule} {row.File}:{row.Line} is out of order (rows go by rule, file, line)");
                }

                previous = row;
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Ledger_CoversAtLeastTwentyCodebases()
        => Assert.True(Ledger.Count >= 20, $"the ledger has {Ledger.Count} codebases; the precision figures stand on at least twenty");

    [Fact]
    public void PrecisionPage_IsCurrent()
    {
        var expected = Render(Ledger, ExportedRules.Descriptors());
        var path = RepositoryFiles.PathOf(PagePath);
        var current = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
        if (current == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("UPDATE_PRECISION") == "1")
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail($"{PagePath} is stale. Run `UPDATE_PRECISION=1 dotnet test tests/ThreadSafetyAnalyzers.Tests --filter PrecisionReportTests`.");
    }

    [Fact]
    public void Render_CountsDebatableApart_AndAsWrongForInfoRules()
    {
        var ledger = new[]
        {
            PrecisionLedger.Parse("Sample", new[]
            {
                "#repository\towner/sample", "#commit\tabc", "#folder\t.", "#framework\tnet10.0", "#command\trun",
                PrecisionLedger.ColumnLine,
                "TSA2001\ta.cs\t1\tright\tok",
                "TSA2001\ta.cs\t2\twrong\tbounded drain",
                "TSA2001\ta.cs\t3\tdebatable\ttest helper",
                "TSA2005\ta.cs\t4\tright\tok",
                "TSA2005\ta.cs\t5\tdebatable\tone-shot",
            }),
        };
        var descriptors = ExportedRules.Descriptors().Where(d => d.Id is "TSA2001" or "TSA2005").ToList();

        var page = Render(ledger, descriptors);

        Assert.Contains("| [TSA2001](rules/TSA2001.md) | Warning | 3 | 1 | 1 | 1 | 0.50 | 0.33 | ≥ 0.95 | no |", page, StringComparison.Ordinal);
        Assert.Contains("| [TSA2005](rules/TSA2005.md) | Info | 2 | 1 | 0 | 1 | 1.00 | 0.50 | ≥ 0.80 (debatable counts as wrong) | no |", page, StringComparison.Ordinal);
        Assert.Contains("| TSA2001 | Sample | a.cs | 2 | bounded drain |", page, StringComparison.Ordinal);
    }

    private static int Compare(LedgerRow a, LedgerRow b)
    {
        var order = string.CompareOrdinal(a.Rule, b.Rule);
        if (order == 0)
        {
            order = string.CompareOrdinal(a.File, b.File);
        }

        return order != 0 ? order : a.Line.CompareTo(b.Line);
    }

    public static string Render(IReadOnlyList<LedgerCodebase> ledger, IReadOnlyList<DiagnosticDescriptor> descriptors)
    {
        var rows = ledger.SelectMany(c => c.Rows).ToList();
        var page = new StringBuilder()
            .Append("# Precision on real code\n\n")
            .Append("Every diagnostic our rules report on the codebases below was read and judged: `right` (the problem the message\n")
            .Append("names is there and the advice helps), `wrong` (a false positive) or `debatable` (real in principle, deliberate or\n")
            .Append("harmless here). Precision is right ÷ (right + wrong), with debatable shown apart; for Info rules the target\n")
            .Append("counts debatable as wrong. The verdicts, one file per codebase, are in [precision/](precision/README.md), which\n")
            .Append("also gives the format.\n\n")
            .Append("This page is generated from them: `UPDATE_PRECISION=1 dotnet test tests/ThreadSafetyAnalyzers.Tests --filter\n")
            .Append("PrecisionReportTests` rewrites it, and a test fails when it is stale.\n\n")
            .Append("## Per rule\n\n")
            .Append("| Rule | Severity | Reviewed | Right | Wrong | Debatable | Precision | Debatable as wrong | Target | Met |\n")
            .Append("|------|----------|----------|-------|-------|-----------|-----------|--------------------|--------|-----|\n");
        foreach (var descriptor in descriptors)
        {
            var ofRule = rows.Where(r => r.Rule == descriptor.Id).ToList();
            var (right, wrong, debatable) = Count(ofRule);
            var info = descriptor.DefaultSeverity != DiagnosticSeverity.Warning && descriptor.DefaultSeverity != DiagnosticSeverity.Error;
            var strict = Ratio(right, right + wrong + debatable);
            var lenient = Ratio(right, right + wrong);
            var judged = info ? strict : lenient;
            var target = info ? InfoTarget : WarningTarget;
            var met = ofRule.Count == 0 ? "not yet reviewed" : judged is { } value && value >= target ? "yes" : "no";
            var targetText = info ? $"≥ {Format(InfoTarget)} (debatable counts as wrong)" : $"≥ {Format(WarningTarget)}";
            page.Append($"| [{descriptor.Id}](rules/{descriptor.Id}.md) | {descriptor.DefaultSeverity} | {ofRule.Count} | {right} | {wrong} | {debatable} | {Format(lenient)} | {Format(strict)} | {targetText} | {met} |\n");
        }

        var (allRight, allWrong, allDebatable) = Count(rows);
        page.Append($"| All rules | | {rows.Count} | {allRight} | {allWrong} | {allDebatable} | {Format(Ratio(allRight, allRight + allWrong))} | {Format(Ratio(allRight, rows.Count))} | | |\n\n");

        page.Append("## Codebases\n\n")
            .Append("Each was compiled whole (tests included) as one library by the corpus runner, against the .NET 10 reference\n")
            .Append("assemblies; types from NuGet packages it does not restore bind as error types, where every rule stays silent.\n")
            .Append("The command reproduces the run from a checkout of the repository at the commit given.\n\n")
            .Append("| Codebase | Repository | Commit | Reviewed | Right | Wrong | Debatable | Command |\n")
            .Append("|----------|------------|--------|----------|-------|-------|-----------|---------|\n");
        foreach (var codebase in ledger)
        {
            var (right, wrong, debatable) = Count(codebase.Rows);
            var commit = codebase.Commit.Length > 12 ? codebase.Commit.Substring(0, 12) : codebase.Commit;
            page.Append($"| {codebase.Name} | {codebase.Repository} | `{commit}` | {codebase.Rows.Count} | {right} | {wrong} | {debatable} | `{codebase.Command}` |\n");
        }

        var wrongRows = rows.Where(r => r.Verdict == "wrong").OrderBy(r => r.Rule, StringComparer.Ordinal).ThenBy(r => r.Codebase, StringComparer.Ordinal).ToList();
        page.Append("\n## False positives left\n\n");
        if (wrongRows.Count == 0)
        {
            page.Append("None.\n");
        }
        else
        {
            page.Append("| Rule | Codebase | File | Line | Why it is wrong |\n")
                .Append("|------|----------|------|------|-----------------|\n");
            foreach (var row in wrongRows)
            {
                page.Append($"| {row.Rule} | {row.Codebase} | {row.File} | {row.Line} | {row.Reason} |\n");
            }
        }

        return page.ToString();
    }

    private static (int Right, int Wrong, int Debatable) Count(IEnumerable<LedgerRow> rows)
    {
        int right = 0, wrong = 0, debatable = 0;
        foreach (var row in rows)
        {
            switch (row.Verdict)
            {
                case "right": right++; break;
                case "wrong": wrong++; break;
                default: debatable++; break;
            }
        }

        return (right, wrong, debatable);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;

    private static string Format(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
