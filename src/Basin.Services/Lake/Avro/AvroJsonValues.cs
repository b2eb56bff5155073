using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Basin.Services.Lake.Avro;

/// <summary>
/// Writes one Avro datum as the JSON the Hive JSON reader takes: records and maps as objects,
/// unions as the chosen branch's value, enums as their symbol; dates and timestamps as Hive's
/// text forms; decimals as exact numbers; bytes and fixed as base64 text, which the table's scan
/// decodes back into varbinary (<c>LakeTable.BinaryAsBase64</c>).
/// </summary>
public static class AvroJsonValues
{
    public static void Write(Utf8JsonWriter json, AvroSchema schema, AvroBinaryReader avro)
    {
        switch (schema)
        {
            case AvroPrimitive p:
                WritePrimitive(json, p, avro);
                break;
            case AvroRecord record:
                json.WriteStartObject();
                foreach (var field in record.Fields)
                {
                    json.WritePropertyName(field.Name);
                    Write(json, field.Type, avro);
                }

                json.WriteEndObject();
                break;
            case AvroEnum e:
                var symbol = avro.ReadInt();
                json.WriteStringValue(symbol >= 0 && symbol < e.Symbols.Count ? e.Symbols[symbol] : throw new InvalidDataException($"Avro enum index {symbol} is out of range."));
                break;
            case AvroArray array:
                json.WriteStartArray();
                ReadBlocks(avro, () => Write(json, array.Items, avro));
                json.WriteEndArray();
                break;
            case AvroMap map:
                json.WriteStartObject();
                ReadBlocks(avro, () =>
                {
                    json.WritePropertyName(avro.ReadString());
                    Write(json, map.Values, avro);
                });
                json.WriteEndObject();
                break;
            case AvroUnion union:
                var branch = avro.ReadLong();
                Write(json, branch >= 0 && branch < union.Branches.Count ? union.Branches[(int)branch] : throw new InvalidDataException($"Avro union branch {branch} is out of range."), avro);
                break;
            case AvroFixed f:
                WriteBytes(json, avro.ReadFixed(f.Size), f.LogicalType, f.Scale);
                break;
        }
    }

    private static void WritePrimitive(Utf8JsonWriter json, AvroPrimitive p, AvroBinaryReader avro)
    {
        switch (p.Type)
        {
            case "null":
                json.WriteNullValue();
                break;
            case "boolean":
                json.WriteBooleanValue(avro.ReadBoolean());
                break;
            case "int" when p.LogicalType == "date":
                json.WriteStringValue(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + avro.ReadInt()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case "int":
                json.WriteNumberValue(avro.ReadInt());
                break;
            case "long" when p.LogicalType is "timestamp-millis" or "local-timestamp-millis":
                json.WriteStringValue(DateTime.UnixEpoch.AddTicks(avro.ReadLong() * TimeSpan.TicksPerMillisecond).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
                break;
            case "long" when p.LogicalType is "timestamp-micros" or "local-timestamp-micros":
                json.WriteStringValue(DateTime.UnixEpoch.AddTicks(avro.ReadLong() * TimeSpan.TicksPerMicrosecond).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            case "long":
                json.WriteNumberValue(avro.ReadLong());
                break;
            case "float":
                WriteReal(json, avro.ReadFloat());
                break;
            case "double":
                WriteReal(json, avro.ReadDouble());
                break;
            case "bytes":
                WriteBytes(json, avro.ReadBytes(), p.LogicalType, p.Scale);
                break;
            case "string":
                json.WriteStringValue(avro.ReadString());
                break;
        }
    }

    /// <summary>JSON has no NaN or infinities: those become null.</summary>
    private static void WriteReal(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }

    /// <summary>A decimal is the big-endian two's-complement unscaled value; other bytes are written as base64.</summary>
    private static void WriteBytes(Utf8JsonWriter json, ReadOnlySpan<byte> bytes, string? logicalType, int scale)
    {
        if (logicalType != "decimal")
        {
            json.WriteBase64StringValue(bytes);
            return;
        }

        var digits = BigInteger.Abs(new BigInteger(bytes, isUnsigned: false, isBigEndian: true)).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var negative = bytes.Length > 0 && (bytes[0] & 0x80) != 0;
        var text = (negative ? "-" : "") + (scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..]);
        json.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>Arrays and maps come in blocks: a count (negative: followed by the block's byte size), until a zero count.</summary>
    private static void ReadBlocks(AvroBinaryReader avro, Action item)
    {
        for (var count = avro.ReadLong(); count != 0; count = avro.ReadLong())
        {
            if (count < 0)
            {
                count = -count;
                avro.ReadLong();
            }

            for (var i = 0L; i < count; i++) item();
        }
    }
}
