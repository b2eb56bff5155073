using System.Globalization;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// Conversions between scalar wire text (headers, query strings, XML text) and document values,
/// by shape type. Timestamp formats follow the AWS protocol rules: RFC 7231 in headers,
/// ISO 8601 in XML and query strings, unless the model names another format.
/// </summary>
public static class WireValues
{
    public static JsonNode? FromText(string text, Shape shape, string memberName)
    {
        switch (shape.Type)
        {
            case "string":
                return JsonValue.Create(text);
            case "integer" or "long" or "short" or "byte" or "biginteger":
                if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
                throw InvalidValue(memberName, text);
            case "float" or "double" or "bigdecimal":
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                throw InvalidValue(memberName, text);
            case "boolean":
                if (bool.TryParse(text.Trim(), out var b)) return JsonValue.Create(b);
                throw InvalidValue(memberName, text);
            case "timestamp":
                return ParseTimestamp(text) is { } ts
                    ? JsonValue.Create(ts.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
                    : throw InvalidValue(memberName, text);
            case "blob":
                return JsonValue.Create(text); // blobs travel base64-encoded outside of payloads
            default:
                throw new AwsServiceException("InvalidArgument", $"Member {memberName} of type {shape.Type} cannot be read from text.");
        }
    }

    public static string ToText(JsonNode value, Shape shape, string? timestampFormat, bool inHeader)
    {
        if (shape.Type == "timestamp")
        {
            var ts = ParseTimestamp(value.GetValue<string>()) ?? throw new FormatException("Bad document timestamp.");
            return (timestampFormat ?? shape.TimestampFormat ?? (inHeader ? "rfc822" : "iso8601")) switch
            {
                "rfc822" => ts.UtcDateTime.ToString("r", CultureInfo.InvariantCulture),
                "unixTimestamp" => ts.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                _ => ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
        }

        return value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.True => "true",
            System.Text.Json.JsonValueKind.False => "false",
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            _ => value.ToJsonString(),
        };
    }

    /// <summary>Parses ISO 8601, RFC 7231/822 or epoch seconds, as clients send any of them.</summary>
    public static DateTimeOffset? ParseTimestamp(string text)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc))
        {
            return rfc;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso)
            ? iso
            : null;
    }

    private static AwsServiceException InvalidValue(string member, string text) =>
        new("InvalidArgument", $"Invalid value '{text}' for {member}.");
}
