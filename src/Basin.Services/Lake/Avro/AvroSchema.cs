using System.Text.Json;

namespace Basin.Services.Lake.Avro;

/// <summary>
/// An Avro schema (Avro 1.11 specification): primitives, records, enums, arrays, maps, unions and
/// fixed, with the logical types Hive reads (date, timestamps, decimal). Named types may be
/// referred to by name after their definition, records from inside themselves too.
/// </summary>
public abstract record AvroSchema
{
    public static AvroSchema Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, new Dictionary<string, AvroSchema>(StringComparer.Ordinal), null);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The Avro schema is not valid JSON: " + e.Message, e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException("The Avro schema lacks a name, fields, symbols, items, values or size, or has one of the wrong kind.", e);
        }
    }

    private static AvroSchema Parse(JsonElement node, Dictionary<string, AvroSchema> names, string? space)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.String:
                return Named(node.GetString()!, names, space);
            case JsonValueKind.Array:
                return new AvroUnion([.. node.EnumerateArray().Select(b => Parse(b, names, space))]);
            case JsonValueKind.Object:
                break;
            default:
                throw new InvalidDataException("An Avro schema is a name, an object or a union.");
        }

        var type = node.TryGetProperty("type", out var t) ? t : throw new InvalidDataException("An Avro schema object has no type.");
        if (type.ValueKind != JsonValueKind.String) return Parse(type, names, space);
        var logical = node.TryGetProperty("logicalType", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        var scale = node.TryGetProperty("scale", out var s) && s.TryGetInt32(out var sv) ? sv : 0;
        var precision = node.TryGetProperty("precision", out var p) && p.TryGetInt32(out var pv) ? pv : 0;
        switch (type.GetString())
        {
            case "record" or "error":
                {
                    var (name, inner) = FullName(node, space);
                    var record = new AvroRecord(name, []);
                    names[name] = record;
                    foreach (var field in node.GetProperty("fields").EnumerateArray())
                    {
                        record.Fields.Add(new AvroField(field.GetProperty("name").GetString()!, Parse(field.GetProperty("type"), names, inner)));
                    }

                    return record;
                }

            case "enum":
                {
                    var (name, _) = FullName(node, space);
                    return names[name] = new AvroEnum([.. node.GetProperty("symbols").EnumerateArray().Select(e => e.GetString()!)]);
                }

            case "fixed":
                {
                    var (name, _) = FullName(node, space);
                    return names[name] = new AvroFixed(node.GetProperty("size").GetInt32(), logical, precision, scale);
                }

            case "array":
                return new AvroArray(Parse(node.GetProperty("items"), names, space));
            case "map":
                return new AvroMap(Parse(node.GetProperty("values"), names, space));
            default:
                var named = Named(type.GetString()!, names, space);
                return named is AvroPrimitive primitive ? primitive with { LogicalType = logical, Precision = precision, Scale = scale } : named;
        }
    }

    private static AvroSchema Named(string name, Dictionary<string, AvroSchema> names, string? space) => name switch
    {
        "null" or "boolean" or "int" or "long" or "float" or "double" or "bytes" or "string" => new AvroPrimitive(name, null, 0, 0),
        _ => names.GetValueOrDefault(name) ?? (space is not null ? names.GetValueOrDefault(space + "." + name) : null)
            ?? throw new InvalidDataException($"The Avro schema refers to an undefined type '{name}'."),
    };

    /// <summary>A named type's full name and the namespace its members resolve names in.</summary>
    private static (string Name, string? Space) FullName(JsonElement node, string? space)
    {
        var name = node.GetProperty("name").GetString()!;
        if (name.Contains('.', StringComparison.Ordinal)) return (name, name[..name.LastIndexOf('.')]);
        var own = node.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : space;
        return (string.IsNullOrEmpty(own) ? name : own + "." + name, own);
    }
}

/// <param name="Type">null, boolean, int, long, float, double, bytes or string.</param>
public sealed record AvroPrimitive(string Type, string? LogicalType, int Precision, int Scale) : AvroSchema;

public sealed record AvroField(string Name, AvroSchema Type);

/// <summary>A record; its fields are filled in after it is named, so that it may contain itself.</summary>
public sealed record AvroRecord(string Name, List<AvroField> Fields) : AvroSchema;

public sealed record AvroEnum(IReadOnlyList<string> Symbols) : AvroSchema;

public sealed record AvroArray(AvroSchema Items) : AvroSchema;

public sealed record AvroMap(AvroSchema Values) : AvroSchema;

public sealed record AvroUnion(IReadOnlyList<AvroSchema> Branches) : AvroSchema;

public sealed record AvroFixed(int Size, string? LogicalType, int Precision, int Scale) : AvroSchema;
