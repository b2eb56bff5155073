using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Sql.Hive;

namespace Basin.Services.Firehose.Conversion;

/// <summary>How the JSON deserializer reads keys and timestamps (OpenX or Hive JSON SerDe settings).</summary>
/// <param name="CaseInsensitive">OpenX's CaseInsensitive (default true; Hive lower-cases keys too).</param>
/// <param name="DotsToUnderscores">OpenX's ConvertDotsInJsonKeysToUnderscores.</param>
/// <param name="KeyForColumn">OpenX's ColumnToJsonKeyMappings: column name to JSON key.</param>
/// <param name="TimestampFormats">Hive's TimestampFormats (Joda patterns, or "millis").</param>
public sealed record JsonReadOptions(bool CaseInsensitive, bool DotsToUnderscores, IReadOnlyDictionary<string, string> KeyForColumn, IReadOnlyList<string> TimestampFormats);

/// <summary>
/// Turns one JSON record into a row of the Glue table's columns, as Firehose's deserializers do
/// before writing Parquet: missing keys are null, scalars are converted leniently (numbers in
/// strings, epoch seconds or milliseconds for timestamps), and a value that cannot become its
/// column's type fails the record, which then goes to the error prefix.
/// The row is JSON again, in the form DuckDB's read_json casts to the column types.
/// </summary>
public static class JsonRecordCoercion
{
    private static readonly string[] TimestampLayouts =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd",
    ];

    /// <summary>The record as a row, or throws <see cref="FormatException"/> saying why it does not fit.</summary>
    public static JsonObject Row(byte[] record, IReadOnlyList<(string Name, HiveType Type)> columns, JsonReadOptions options)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(record);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The record is not valid JSON: {e.Message}", e);
        }

        if (parsed is not JsonObject json) throw new FormatException("The record is not a JSON object.");
        var keys = Keys(json, options);
        var row = new JsonObject();
        foreach (var (name, type) in columns)
        {
            var key = options.KeyForColumn.GetValueOrDefault(name, name);
            var value = keys.TryGetValue(key, out var found) ? found : null;
            row[name] = Value(value, type, name, options);
        }

        return row;
    }

    private static Dictionary<string, JsonNode?> Keys(JsonObject json, JsonReadOptions options)
    {
        var keys = new Dictionary<string, JsonNode?>(options.CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (key, value) in json)
        {
            var name = options.DotsToUnderscores ? key.Replace('.', '_') : key;
            keys.TryAdd(name, value);
        }

        return keys;
    }

    private static JsonNode? Value(JsonNode? value, HiveType type, string path, JsonReadOptions options)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null) return null;
        return type.Name switch
        {
            "string" or "binary" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(v.GetValue<string>()) : JsonValue.Create(Text(value)),
            "tinyint" => Integer(value, path, sbyte.MinValue, sbyte.MaxValue),
            "smallint" => Integer(value, path, short.MinValue, short.MaxValue),
            "int" => Integer(value, path, int.MinValue, int.MaxValue),
            "bigint" => Integer(value, path, long.MinValue, long.MaxValue),
            "float" or "double" => JsonValue.Create(Number(value, path)),
            "decimal" => Decimal(value, type, path),
            "boolean" => Boolean(value, path),
            "timestamp" => JsonValue.Create(Timestamp(value, path, options).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
            "date" => JsonValue.Create(Timestamp(value, path, options).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "array" => value is JsonArray items
                ? new JsonArray([.. items.Select((item, i) => Value(item, type.Children[0].Type, $"{path}[{i}]", options))])
                : throw Mismatch(path, value, "array"),
            "map" => value is JsonObject map
                ? new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Value(p.Value, type.Children[1].Type, $"{path}.{p.Key}", options))))
                : throw Mismatch(path, value, "map"),
            "struct" => value is JsonObject obj ? Struct(obj, type, path, options) : throw Mismatch(path, value, "struct"),
            _ => throw new FormatException($"Column {path} has type {type.Name}, which Basin cannot write to Parquet."),
        };
    }

    private static JsonObject Struct(JsonObject obj, HiveType type, string path, JsonReadOptions options)
    {
        var keys = Keys(obj, options);
        var result = new JsonObject();
        foreach (var (field, fieldType) in type.Children)
        {
            result[field] = Value(keys.TryGetValue(field, out var v) ? v : null, fieldType, $"{path}.{field}", options);
        }

        return result;
    }

    private static JsonNode Integer(JsonNode value, string path, long min, long max)
    {
        var text = Scalar(value, path, "integer");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            // 12.0 is an integer to the SerDe; 12.5 is not.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > 9.2e18)
                throw Mismatch(path, value, "integer");
            n = (long)d;
        }

        if (n < min || n > max) throw new FormatException($"Value {text} of column {path} is out of range for its type.");
        return JsonValue.Create(n);
    }

    private static double Number(JsonNode value, string path) =>
        double.TryParse(Scalar(value, path, "number"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Mismatch(path, value, "number");

    private static JsonNode Decimal(JsonNode value, HiveType type, string path)
    {
        var text = Scalar(value, path, "decimal");
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) throw Mismatch(path, value, "decimal");
        var rounded = Math.Round(d, type.Scale, MidpointRounding.AwayFromZero);
        var digits = BigInteger.Abs(new BigInteger(Math.Truncate(rounded))).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
        if (digits > type.Precision - type.Scale) throw new FormatException($"Value {text} of column {path} does not fit decimal({type.Precision},{type.Scale}).");
        return JsonValue.Create(rounded.ToString(CultureInfo.InvariantCulture));
    }

    private static JsonNode Boolean(JsonNode value, string path) => value.GetValueKind() switch
    {
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var b) => JsonValue.Create(b),
        _ => throw Mismatch(path, value, "boolean"),
    };

    /// <summary>Epoch seconds or milliseconds (by magnitude), or a date-time string in the SerDe's formats.</summary>
    private static DateTime Timestamp(JsonNode value, string path, JsonReadOptions options)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var n = value.GetValue<double>();
            var millis = Math.Abs(n) >= 1e11 || options.TimestampFormats.Contains("millis") ? n : n * 1000;
            return DateTime.UnixEpoch.AddMilliseconds(millis);
        }

        var text = Scalar(value, path, "timestamp");
        foreach (var format in options.TimestampFormats.Where(f => f != "millis"))
        {
            if (DateTime.TryParseExact(text, JodaToNet(format), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var custom)) return custom;
        }

        if (DateTime.TryParseExact(text, TimestampLayouts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)) return time;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)) return DateTime.UnixEpoch.AddMilliseconds(Math.Abs(epoch) >= 100_000_000_000 ? epoch : epoch * 1000.0);
        throw Mismatch(path, value, "timestamp");
    }

    /// <summary>The Joda letters that matter for parsing (S is a fraction digit in Joda, f in .NET); quoting is the same.</summary>
    private static string JodaToNet(string pattern) => pattern.Replace('S', 'f').Replace("Z", "zzz", StringComparison.Ordinal);

    private static string Scalar(JsonNode value, string path, string expected) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>().Trim(),
        JsonValueKind.Number => value.ToJsonString(),
        _ => throw Mismatch(path, value, expected),
    };

    private static string Text(JsonNode value) => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static FormatException Mismatch(string path, JsonNode value, string expected) =>
        new($"Cannot convert {value.ToJsonString()} in column {path} to {expected}.");
}
