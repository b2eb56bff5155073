using System.Text.Json.Nodes;

namespace Basin.Cli.Sql;

/// <summary>Prints a query's rows as an aligned table, CSV (RFC 4180) or JSON lines.</summary>
internal static class ResultPrinter
{
    public static void Print(TextWriter output, string format, IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
    {
        switch (format)
        {
            case "csv":
                output.WriteLine(string.Join(',', columns.Select(Csv)));
                foreach (var row in rows) output.WriteLine(string.Join(',', row.Select(v => v is null ? "" : Csv(v))));
                break;
            case "json":
                foreach (var row in rows)
                {
                    var line = new JsonObject();
                    for (var i = 0; i < columns.Count; i++) line[columns[i]] = i < row.Length ? row[i] : null;
                    output.WriteLine(line.ToJsonString());
                }

                break;
            default:
                Table(output, columns, rows);
                break;
        }
    }

    private static void Table(TextWriter output, IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Select(r => Cell(r, i).Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(IEnumerable<string> cells) => " " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(columns));
        output.WriteLine("-" + string.Join("-+-", widths.Select(w => new string('-', w))) + "-");
        foreach (var row in rows) output.WriteLine(Line(columns.Select((_, i) => Cell(row, i))));
        output.WriteLine($"({rows.Count} row{(rows.Count == 1 ? "" : "s")})");
    }

    private static string Cell(string?[] row, int i) => i < row.Length ? row[i] ?? "NULL" : "";

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
