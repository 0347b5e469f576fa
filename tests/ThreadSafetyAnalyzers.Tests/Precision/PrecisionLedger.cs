using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ThreadSafetyAnalyzers.Tests.Precision;

/// <summary>One reviewed diagnostic of the ledger (docs/precision/README.md describes the format).</summary>
public sealed record LedgerRow(string Codebase, string Rule, string File, int Line, string Verdict, string Reason);

/// <summary>One codebase of the ledger: where its source came from, how it was analyzed, and its reviewed diagnostics.</summary>
public sealed record LedgerCodebase(string Name, IReadOnlyDictionary<string, string> Header, IReadOnlyList<LedgerRow> Rows, IReadOnlyList<string> Problems)
{
    public string Repository => Header.TryGetValue("repository", out var value) ? value : "";

    public string Commit => Header.TryGetValue("commit", out var value) ? value : "";

    public string Command => Header.TryGetValue("command", out var value) ? value : "";
}

/// <summary>Reads docs/precision/*.tsv. Everything that is not in the documented format is reported as a problem, not skipped.</summary>
public static class PrecisionLedger
{
    public const string ColumnLine = "rule\tfile\tline\tverdict\treason";

    public static readonly string[] Verdicts = { "right", "wrong", "debatable" };

    public static readonly string[] RequiredHeaders = { "repository", "commit", "folder", "framework", "command" };

    public static IReadOnlyList<LedgerCodebase> Read(string folder)
        => Directory.GetFiles(folder, "*.tsv")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllLines(path)))
            .ToList();

    public static LedgerCodebase Parse(string name, IReadOnlyList<string> lines)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<LedgerRow>();
        var problems = new List<string>();
        var columnsSeen = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var where = $"{name}.tsv:{i + 1}";
            if (line.Length == 0)
            {
                problems.Add($"{where}: blank line");
                continue;
            }

            if (line.StartsWith('#'))
            {
                var cut = line.IndexOf('\t', StringComparison.Ordinal);
                if (columnsSeen || cut < 2)
                {
                    problems.Add($"{where}: a header line is '#key<TAB>value' and comes before the column line");
                    continue;
                }

                header[line.Substring(1, cut - 1)] = line.Substring(cut + 1);
                continue;
            }

            if (line == ColumnLine)
            {
                if (columnsSeen)
                {
                    problems.Add($"{where}: the column line appears twice");
                }

                columnsSeen = true;
                continue;
            }

            var cells = line.Split('\t');
            if (!columnsSeen || cells.Length != 5)
            {
                problems.Add($"{where}: a row has five tab-separated cells and follows the column line");
                continue;
            }

            if (!int.TryParse(cells[2], out var number) || number < 1)
            {
                problems.Add($"{where}: line '{cells[2]}' is not a positive number");
                continue;
            }

            if (!Verdicts.Contains(cells[3], StringComparer.Ordinal))
            {
                problems.Add($"{where}: verdict '{cells[3]}' is not one of {string.Join(", ", Verdicts)}");
                continue;
            }

            if (cells[4].Trim().Length == 0)
            {
                problems.Add($"{where}: the reason is empty");
                continue;
            }

            rows.Add(new LedgerRow(name, cells[0], cells[1], number, cells[3], cells[4]));
        }

        foreach (var key in RequiredHeaders)
        {
            if (!header.ContainsKey(key))
            {
                problems.Add($"{name}.tsv: the header line #{key} is missing");
            }
        }

        if (!columnsSeen)
        {
            problems.Add($"{name}.tsv: the column line '{ColumnLine.Replace("\t", "<TAB>", StringComparison.Ordinal)}' is missing");
        }

        return new LedgerCodebase(name, header, rows, problems);
    }
}
