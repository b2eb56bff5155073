using System.Text;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino's date_parse/date_format patterns (MySQL style) as DuckDB strptime/strftime patterns.
/// The specifiers mostly agree; the ones that differ are mapped, and ones with no equivalent fail clearly.
/// </summary>
internal static class DateFormats
{
    public static string ToDuckDb(string mysqlPattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < mysqlPattern.Length; i++)
        {
            var c = mysqlPattern[i];
            if (c != '%' || i + 1 == mysqlPattern.Length)
            {
                sb.Append(c);
                continue;
            }

            var spec = mysqlPattern[++i];
            sb.Append(spec switch
            {
                'Y' => "%Y",
                'y' => "%y",
                'm' => "%m",
                'c' => "%-m",
                'd' => "%d",
                'e' => "%-d",
                'H' => "%H",
                'k' => "%-H",
                'h' or 'I' => "%I",
                'l' => "%-I",
                'i' => "%M",
                's' or 'S' => "%S",
                'f' => "%f",
                'p' => "%p",
                'T' => "%H:%M:%S",
                'r' => "%I:%M:%S %p",
                'j' => "%j",
                'a' => "%a",
                'W' => "%A",
                'b' => "%b",
                'M' => "%B",
                'v' => "%V",
                'x' => "%G",
                'w' => "%w",
                '%' => "%%",
                _ => throw new SqlException("INVALID_FUNCTION_ARGUMENT", $"Date format specifier %{spec} is not supported"),
            });
        }

        return sb.ToString();
    }
}
