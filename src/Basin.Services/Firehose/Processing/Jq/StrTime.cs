using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>
/// JQ's C-style time functions (strftime/strptime, always UTC as in Firehose) and its
/// "broken down time" arrays: [year, month 0-11, day, hours, minutes, seconds, weekday, day of year].
/// </summary>
public static class StrTime
{
    public static string Format(double seconds, string format)
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(seconds));
        var text = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                text.Append(format[i]);
                continue;
            }

            var c = format[++i];
            text.Append(c switch
            {
                '%' => "%",
                's' => ((long)Math.Floor(seconds)).ToString(CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                'e' => time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'Z' => "UTC",
                'z' => "+0000",
                _ => time.ToString(NetFormat(c, format), CultureInfo.InvariantCulture),
            });
        }

        return text.ToString();
    }

    public static DateTimeOffset Parse(string text, string format)
    {
        var net = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '%' && i + 1 < format.Length)
            {
                var c = format[++i];
                net.Append(c switch
                {
                    'Z' => "'UTC'",
                    'z' => "zzz",
                    _ => NetFormat(c, format),
                });
            }
            else
            {
                net.Append(format[i] == '\'' ? "\\'" : "'" + format[i] + "'");
            }
        }

        return DateTimeOffset.TryParseExact(text, net.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new JqException($"date \"{text}\" does not match format \"{format}\"");
    }

    /// <summary>A number of seconds, or the same instant from a broken-down time array.</summary>
    public static double Seconds(JsonNode? value)
    {
        if (JqValues.TryNumber(value, out var seconds)) return seconds;
        if (value is JsonArray { Count: >= 6 } parts)
        {
            var whole = Math.Floor(JqValues.Number(parts[5]));
            var time = new DateTimeOffset((int)JqValues.Number(parts[0]), 1, 1, 0, 0, 0, TimeSpan.Zero)
                .AddMonths((int)JqValues.Number(parts[1])).AddDays(JqValues.Number(parts[2]) - 1)
                .AddHours(JqValues.Number(parts[3])).AddMinutes(JqValues.Number(parts[4])).AddSeconds(whole);
            return time.ToUnixTimeSeconds() + (JqValues.Number(parts[5]) - whole);
        }

        throw new JqException($"strftime/1 requires parsed datetime inputs, not {JqValues.TypeName(value)}");
    }

    public static JsonArray BrokenDown(DateTimeOffset time) =>
    [
        time.Year, time.Month - 1, time.Day, time.Hour, time.Minute,
        time.Second + (time.Millisecond / 1000.0), (int)time.DayOfWeek, time.DayOfYear - 1,
    ];

    private static string NetFormat(char c, string format) => c switch
    {
        'Y' => "yyyy",
        'y' => "yy",
        'm' => "MM",
        'd' => "dd",
        'H' => "HH",
        'I' => "hh",
        'M' => "mm",
        'S' => "ss",
        'p' => "tt",
        'b' or 'h' => "MMM",
        'B' => "MMMM",
        'a' => "ddd",
        'A' => "dddd",
        'F' => "yyyy'-'MM'-'dd",
        'T' => "HH':'mm':'ss",
        _ => throw new JqException($"Unsupported time format %{c} in \"{format}\""),
    };
}
