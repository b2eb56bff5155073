using System.Globalization;
using System.Text;

namespace Basin.Services.Firehose.Configuration;

/// <summary>
/// The part of Java's DateTimeFormatter patterns that Firehose prefixes use
/// (<c>!{timestamp:yyyy-MM-dd}</c>): letters are fields, text in single quotes is literal,
/// two single quotes are one quote, other symbols are copied. A letter Basin does not know is
/// refused when the stream is created rather than producing a wrong key later.
/// </summary>
public sealed class JavaDateFormat
{
    private readonly List<(char Field, int Width, string? Literal)> _parts;

    private JavaDateFormat(List<(char, int, string?)> parts) => _parts = parts;

    public static JavaDateFormat Parse(string pattern)
    {
        var parts = new List<(char, int, string?)>();
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var end = i + 1;
                var text = new StringBuilder();
                while (true)
                {
                    if (end >= pattern.Length) throw new FormatException($"Unterminated quote in timestamp pattern '{pattern}'.");
                    if (pattern[end] == '\'')
                    {
                        if (end + 1 < pattern.Length && pattern[end + 1] == '\'')
                        {
                            text.Append('\'');
                            end += 2;
                            continue;
                        }

                        break;
                    }

                    text.Append(pattern[end++]);
                }

                parts.Add(('\0', 0, end == i + 1 ? "'" : text.ToString()));
                i = end + 1;
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                var width = 1;
                while (i + width < pattern.Length && pattern[i + width] == c) width++;
                if (!"yuMdHhmsSDaE".Contains(c, StringComparison.Ordinal)) throw new FormatException($"Unsupported timestamp pattern letter '{c}' in '{pattern}'.");
                parts.Add((c, width, null));
                i += width;
                continue;
            }

            parts.Add(('\0', 0, c.ToString()));
            i++;
        }

        return new JavaDateFormat(parts);
    }

    public string Format(DateTimeOffset time)
    {
        var text = new StringBuilder();
        foreach (var (field, width, literal) in _parts)
        {
            if (literal is not null)
            {
                text.Append(literal);
                continue;
            }

            text.Append(field switch
            {
                'y' or 'u' => width == 2 ? (time.Year % 100).ToString("00", CultureInfo.InvariantCulture) : Pad(time.Year, width),
                'M' => width switch
                {
                    3 => time.ToString("MMM", CultureInfo.InvariantCulture),
                    >= 4 => time.ToString("MMMM", CultureInfo.InvariantCulture),
                    _ => Pad(time.Month, width),
                },
                'd' => Pad(time.Day, width),
                'D' => Pad(time.DayOfYear, width),
                'H' => Pad(time.Hour, width),
                'h' => Pad(time.Hour % 12 == 0 ? 12 : time.Hour % 12, width),
                'm' => Pad(time.Minute, width),
                's' => Pad(time.Second, width),
                'S' => (time.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture)[..Math.Min(width, 7)],
                'a' => time.Hour < 12 ? "AM" : "PM",
                'E' => width >= 4 ? time.DayOfWeek.ToString() : time.DayOfWeek.ToString()[..3],
                _ => throw new InvalidOperationException(),
            });
        }

        return text.ToString();
    }

    private static string Pad(int value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
}
