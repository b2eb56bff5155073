using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// System.Text.Json settings that bind the generated types. Two flavours differ only in how
/// timestamps are written: the neutral document form (ISO 8601, read back by the XML and REST
/// codecs) and the AWS JSON protocols' epoch seconds. Both read either form.
/// </summary>
public static class AwsJson
{
    public static JsonSerializerOptions Document { get; } = Create(epochTimestamps: false);

    public static JsonSerializerOptions Wire { get; } = Create(epochTimestamps: true);

    private static JsonSerializerOptions Create(bool epochTimestamps)
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new TimestampConverter(epochTimestamps));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class TimestampConverter(bool epoch) : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));
            }

            var text = reader.GetString() ?? throw new JsonException("Timestamp must not be null.");
            return WireValues.ParseTimestamp(text) ?? throw new JsonException($"Invalid timestamp '{text}'.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            if (epoch)
            {
                // Epoch seconds with milliseconds, formatted from integers: formatting a double
                // per record was a measurable share of large responses (Kinesis GetRecords).
                var ms = value.ToUnixTimeMilliseconds();
                Span<byte> text = stackalloc byte[24];
                var seconds = Math.DivRem(ms, 1000, out var fraction);
                if (fraction < 0)
                {
                    seconds--;
                    fraction += 1000;
                }

                seconds.TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
                if (fraction != 0)
                {
                    text[n++] = (byte)'.';
                    fraction.TryFormat(text[n..], out var f, "D3", CultureInfo.InvariantCulture);
                    n += f;
                }

                writer.WriteRawValue(text[..n], skipInputValidation: true);
            }
            else
            {
                writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }
        }
    }
}
