using System.Text;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino's date_parse/date_format patterns (MySQL style) and format_datetime/parse_datetime
/// patterns (Joda-Time style) as DuckDB strptime/strftime patterns. The specifiers that have a
/// DuckDB equivalent are mapped; ones without fail clearly.
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

    /// <summary>
    /// A Joda-Time pattern: letters repeat to choose a width or a text form (M, MM, MMM, MMMM),
    /// text in single quotes is literal ('' is a quote), other characters are copied.
    /// </summary>
    private const string JodaFields = "GCYyxwEeDMdaKhHkmsSzZ";

    public static string FromJoda(string jodaPattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < jodaPattern.Length;)
        {
            var c = jodaPattern[i];
            if (c == '\'')
            {
                var end = jodaPattern.IndexOf('\'', i + 1);
                if (end == i + 1) sb.Append('\'');
                else sb.Append(jodaPattern[(i + 1)..(end < 0 ? jodaPattern.Length : end)].Replace("%", "%%", StringComparison.Ordinal));
                i = end < 0 ? jodaPattern.Length : end + 1;
                continue;
            }

            var count = 1;
            while (i + count < jodaPattern.Length && jodaPattern[i + count] == c) count++;
            i += count;
            if (!char.IsAsciiLetter(c))
            {
                sb.Append(c == '%' ? new string('%', count * 2) : new string(c, count));
                continue;
            }

            sb.Append((c, count) switch
            {
                ('y' or 'Y', 2) => "%y",
                ('y' or 'Y', _) => "%Y",
                ('x', _) => "%G",
                ('M', 1) => "%-m",
                ('M', 2) => "%m",
                ('M', 3) => "%b",
                ('M', _) => "%B",
                ('d', 1) => "%-d",
                ('d', _) => "%d",
                ('D', 1) => "%-j",
                ('D', _) => "%j",
                ('H', 1) => "%-H",
                ('H', _) => "%H",
                ('h', 1) => "%-I",
                ('h', _) => "%I",
                ('m', 1) => "%-M",
                ('m', _) => "%M",
                ('s', 1) => "%-S",
                ('s', _) => "%S",
                ('S', 3) => "%g",
                ('S', 6) => "%f",
                ('S', 9) => "%n",
                ('a', _) => "%p",
                ('E', <= 3) => "%a",
                ('E', _) => "%A",
                ('e', _) => "%u",
                ('w', 1) => "%-V",
                ('w', _) => "%V",
                ('Z', 1) => "%z",
                _ when JodaFields.Contains(c, StringComparison.Ordinal) =>
                    throw new SqlException("NOT_SUPPORTED", $"Date format pattern {new string(c, count)} is not supported"),
                _ => throw new SqlException("INVALID_FUNCTION_ARGUMENT", $"Illegal pattern component: {new string(c, count)}"),
            });
        }

        return sb.ToString();
    }
}
