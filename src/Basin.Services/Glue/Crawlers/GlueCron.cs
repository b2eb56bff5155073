using System.Globalization;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Glue's schedule expressions, <c>cron(Minutes Hours Day-of-month Month Day-of-week Year)</c> in
/// UTC: six fields, one of day-of-month and day-of-week must be <c>?</c>; fields take <c>*</c>,
/// lists, ranges and <c>/</c> steps; <c>L</c> (last day, or last such weekday as <c>6L</c>), <c>W</c>
/// (nearest weekday) and <c>#</c> (nth weekday, <c>2#1</c>); months JAN–DEC, weekdays SUN–SAT (SUN = 1).
/// </summary>
public sealed class GlueCron
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes, _hours, _months;
    private readonly HashSet<int> _years;
    private readonly bool _anyYear;
    private readonly string _dayOfMonth, _dayOfWeek;

    private GlueCron(string expression, string[] f)
    {
        Expression = expression;
        _minutes = Set(f[0], 0, 59, null);
        _hours = Set(f[1], 0, 23, null);
        _dayOfMonth = f[2].ToUpperInvariant();
        _months = Set(f[3], 1, 12, Months);
        _dayOfWeek = f[4].ToUpperInvariant();
        _anyYear = f[5] == "*";
        var years = _anyYear ? null : Set(f[5], 1970, 2199, null);
        _years = years is null ? [] : [.. Enumerable.Range(1970, 230).Where(y => years[y])];
        if ((_dayOfMonth == "?") == (_dayOfWeek == "?")) throw Invalid(expression, "exactly one of day-of-month and day-of-week must be '?'");
        if (_dayOfMonth != "?") _ = DayOfMonthMatches(_dayOfMonth, new DateOnly(2024, 1, 1));
        if (_dayOfWeek != "?") _ = DayOfWeekMatches(_dayOfWeek, new DateOnly(2024, 1, 1));
    }

    public string Expression { get; }

    public static GlueCron Parse(string? expression)
    {
        var text = expression?.Trim() ?? string.Empty;
        if (!text.StartsWith("cron(", StringComparison.Ordinal) || !text.EndsWith(')')) throw Invalid(expression, "it must look like cron(0 12 * * ? *)");
        var fields = text[5..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6) throw Invalid(expression, "it needs six fields");
        try
        {
            return new GlueCron(text, fields);
        }
        catch (FormatException e)
        {
            throw Invalid(expression, e.Message);
        }
    }

    /// <summary>The first firing strictly after <paramref name="after"/>, or null within the next five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var start = after.UtcDateTime;
        var t = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        var end = t.AddYears(5);
        while (t < end)
        {
            if (!(_anyYear || _years.Contains(t.Year)) || !_months[t.Month] || !DayMatches(DateOnly.FromDateTime(t)))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (_minutes[t.Minute]) return new DateTimeOffset(t, TimeSpan.Zero);
            t = t.AddMinutes(1);
        }

        return null;
    }

    private bool DayMatches(DateOnly day) => _dayOfMonth != "?" ? DayOfMonthMatches(_dayOfMonth, day) : DayOfWeekMatches(_dayOfWeek, day);

    private static bool DayOfMonthMatches(string field, DateOnly day)
    {
        var last = DateTime.DaysInMonth(day.Year, day.Month);
        if (field == "L") return day.Day == last;
        if (field.EndsWith('W'))
        {
            var wanted = Math.Min(Number(field[..^1], 1, 31), last);
            var target = new DateOnly(day.Year, day.Month, wanted);
            if (target.DayOfWeek == DayOfWeek.Saturday) target = wanted == 1 ? target.AddDays(2) : target.AddDays(-1);
            else if (target.DayOfWeek == DayOfWeek.Sunday) target = wanted == last ? target.AddDays(-2) : target.AddDays(1);
            return day == target;
        }

        return Set(field, 1, 31, null)[day.Day];
    }

    private static bool DayOfWeekMatches(string field, DateOnly day)
    {
        var weekday = (int)day.DayOfWeek + 1; // SUN = 1
        if (field.Contains('#', StringComparison.Ordinal))
        {
            var parts = field.Split('#');
            var nth = Number(parts[1], 1, 5);
            return weekday == Value(parts[0], 1, 7, Days) && (day.Day - 1) / 7 + 1 == nth;
        }

        if (field.Length > 1 && field.EndsWith('L'))
        {
            return weekday == Value(field[..^1], 1, 7, Days) && day.AddDays(7).Month != day.Month;
        }

        return Set(field, 1, 7, Days)[weekday];
    }

    /// <summary>The values a field allows, indexed by value.</summary>
    private static bool[] Set(string field, int min, int max, string[]? names)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.ToUpperInvariant().Split(','))
        {
            var (range, step) = part.Split('/') is [var r, var s] ? (r, Number(s, 1, max)) : (part, 1);
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, min, max, names), Value(b, min, max, names));
                if (from > to) throw new FormatException($"range {range} runs backwards");
            }
            else
            {
                from = Value(range, min, max, names);
                to = step > 1 ? max : from;
            }

            for (var v = from; v <= to; v += step) allowed[v] = true;
        }

        return allowed;
    }

    private static int Value(string text, int min, int max, string[]? names)
    {
        if (names is not null && Array.IndexOf(names, text) is var i and >= 0) return i + min;
        return Number(text, min, max);
    }

    private static int Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{text} is not a value between {min} and {max}");

    private static Aws.Protocol.AwsServiceException Invalid(string? expression, string why) =>
        GlueErrors.InvalidInput($"Invalid schedule expression {expression}: {why}.");
}
