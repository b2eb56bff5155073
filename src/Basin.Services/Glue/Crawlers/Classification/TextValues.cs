using System.Globalization;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>How the built-in CSV classifier types one text field.</summary>
public static class TextValues
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Integers are bigint (CSV has no width to go by), other numbers double; true/false boolean;
    /// ISO dates and timestamps date/timestamp; everything else string. Null for an empty field:
    /// it says nothing about the column.
    /// </summary>
    public static GlueType? TypeOf(string value)
    {
        if (value.Length == 0) return null;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return GlueType.Boolean;
        if (IsInteger(value)) return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? GlueType.BigInt : GlueType.Double;
        if (IsDecimal(value)) return GlueType.Double;
        if (DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return GlueType.Date;
        if (DateTime.TryParseExact(value, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return GlueType.Timestamp;
        return GlueType.String;
    }

    private static bool IsInteger(string value)
    {
        var start = value[0] is '-' or '+' ? 1 : 0;
        if (start == value.Length) return false;
        for (var i = start; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i])) return false;
        }

        return true;
    }

    private static bool IsDecimal(string value) =>
        value.Any(char.IsAsciiDigit)
        && value.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E')
        && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
