using System.Globalization;
using System.Text;

namespace Basin.Sql.Results;

/// <summary>
/// Floating-point text as Trino (Java's Double.toString / Float.toString) writes it, which is what
/// Athena returns: the shortest digits that round-trip, plain between 10^-3 and 10^7 with at least
/// one fractional digit ("100.0"), otherwise "d.dddE±n" ("1.0E7", "1.5E-4").
/// </summary>
public static class JavaNumbers
{
    public static string Format(double value) => Format(value, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A REAL keeps its own shortest digits ("0.1", not the double's "0.10000000149011612").</summary>
    public static string Format(float value) => Format(value, value.ToString("R", CultureInfo.InvariantCulture));

    private static string Format(double value, string shortest)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // Decompose the shortest round-trip text into sign, digits and a decimal exponent.
        var negative = shortest[0] == '-';
        var text = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? text : text[..point] + text[(point + 1)..];
        var pointPosition = (point < 0 ? text.Length : point) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        pointPosition -= leadingZeros;

        // value = 0.digits × 10^pointPosition; Java switches to scientific outside [1e-3, 1e7).
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            if (pointPosition <= 0)
            {
                sb.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0").Append('E').Append(pointPosition - 1);
        }

        return sb.ToString();
    }
}
