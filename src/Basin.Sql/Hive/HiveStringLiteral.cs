using System.Globalization;
using System.Text;

namespace Basin.Sql.Hive;

/// <summary>
/// Hive's string-literal escapes, which Athena's DDL keeps: <c>'\t'</c> is a tab, <c>'\\s'</c> is
/// the two characters <c>\s</c> a regular expression wants, <c>'\''</c> a quote, <c>\uXXXX</c> and
/// <c>\ddd</c> (octal) characters, and any other escaped character stands for itself, so
/// <c>'\['</c> is <c>[</c>. <c>\%</c> and <c>\_</c> keep their backslash (LIKE patterns need it).
/// </summary>
public static class HiveStringLiteral
{
    public static string Unescape(ReadOnlySpan<char> body)
    {
        if (!body.Contains('\\')) return body.ToString();
        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                text.Append(body[i]);
                continue;
            }

            var next = body[++i];
            if (next == 'u' && i + 4 < body.Length && int.TryParse(body.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text.Append((char)code);
                i += 4;
                continue;
            }

            if (next is >= '0' and <= '3' && i + 2 < body.Length && IsOctal(body[i + 1]) && IsOctal(body[i + 2]))
            {
                text.Append((char)(((next - '0') * 64) + ((body[i + 1] - '0') * 8) + (body[i + 2] - '0')));
                i += 2;
                continue;
            }

            text.Append(next switch
            {
                '0' => "\0",
                'b' => "\b",
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                'Z' => "\u001A",
                '%' => "\\%",
                '_' => "\\_",
                _ => next.ToString(),
            });
        }

        return text.ToString();
    }

    /// <summary>The body of a single-quoted Hive literal that <see cref="Unescape"/> reads back as <paramref name="value"/>.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
