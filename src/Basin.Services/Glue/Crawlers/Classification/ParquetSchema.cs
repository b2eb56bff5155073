using System.Globalization;
using Basin.Services.Lake;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// The schema of a Parquet file, read from its footer (the crawler infers Parquet schemas "directly
/// from the file", reading no data pages) and mapped to the Hive types Glue writes: INT32 → int,
/// INT64 → bigint, strings → string, DECIMAL → decimal(p,s), LIST → array, MAP → map, groups → struct.
/// </summary>
public static class ParquetSchema
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>The largest footer Basin reads (Parquet writers keep footers far below this).</summary>
    private const int MaxFooter = 64 << 20;

    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    public static FileSchema? Read(ILakeObjects lake, LakeObject file)
    {
        if (file.Size < 12) return null;
        using var tailStream = lake.Open(file.Bucket, file.Key, file.Size - 8, 8);
        if (tailStream is null) return null;
        Span<byte> tail = stackalloc byte[8];
        tailStream.ReadExactly(tail);
        if (!tail[4..].SequenceEqual(Magic)) return null;
        var length = ThriftCompactReader.FooterLength(tail);
        if (length <= 0 || length > MaxFooter || length > file.Size - 12) return null;
        using var footerStream = lake.Open(file.Bucket, file.Key, file.Size - 8 - length, length);
        if (footerStream is null) return null;
        var footer = new byte[length];
        footerStream.ReadExactly(footer);
        try
        {
            var (elements, rows) = ParseFileMetaData(footer);
            if (elements.Count < 2) return null;
            var index = 1;
            var columns = new List<GlueType.Field>();
            for (var i = 0; i < elements[0].Children; i++) columns.Add(ToField(elements, ref index));
            return new FileSchema
            {
                Classification = "parquet",
                Compression = "none",
                Columns = columns,
                ExactRecordCount = rows,
                SampledRecords = Math.Max(rows, 1),
                SampledBytes = file.Size,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>One SchemaElement of the flattened, depth-first schema list.</summary>
    private sealed record Element(string Name, int? Type, int Repetition, int Children, int? Converted, int Scale, int Precision, Logical? Logical);

    /// <summary>The parts of a LogicalType union that change the Hive type.</summary>
    private sealed record Logical(int Kind, int Scale, int Precision);

    private static (List<Element> Elements, long Rows) ParseFileMetaData(ReadOnlySpan<byte> footer)
    {
        var reader = new ThriftCompactReader(footer);
        var elements = new List<Element>();
        long rows = 0;
        while (reader.ReadFieldHeader() is var (id, type) && type != ThriftCompactReader.Stop)
        {
            if (id == 2 && type == ThriftCompactReader.List)
            {
                var (_, count) = reader.ReadListHeader();
                for (var i = 0; i < count; i++) elements.Add(ReadElement(ref reader));
            }
            else if (id == 3 && type == ThriftCompactReader.I64)
            {
                rows = reader.ReadInteger();
            }
            else
            {
                reader.Skip(type);
            }
        }

        return (elements, rows);
    }

    private static Element ReadElement(ref ThriftCompactReader reader)
    {
        var saved = reader.BeginStruct();
        string name = string.Empty;
        int? physical = null, converted = null;
        int repetition = 0, children = 0, scale = 0, precision = 0;
        Logical? logical = null;
        while (reader.ReadFieldHeader() is var (id, type) && type != ThriftCompactReader.Stop)
        {
            switch (id)
            {
                case 1: physical = (int)reader.ReadInteger(); break;
                case 3: repetition = (int)reader.ReadInteger(); break;
                case 4: name = reader.ReadString(); break;
                case 5: children = (int)reader.ReadInteger(); break;
                case 6: converted = (int)reader.ReadInteger(); break;
                case 7: scale = (int)reader.ReadInteger(); break;
                case 8: precision = (int)reader.ReadInteger(); break;
                case 10 when type == ThriftCompactReader.Struct: logical = ReadLogical(ref reader); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct(saved);
        return new Element(name, physical, repetition, children, converted, scale, precision, logical);
    }

    /// <summary>
    /// LogicalType is a union: one field set, its id the kind (5 DECIMAL, 8 TIMESTAMP, ...). Integer
    /// widths come from the converted type, which writers set alongside.
    /// </summary>
    private static Logical ReadLogical(ref ThriftCompactReader reader)
    {
        var saved = reader.BeginStruct();
        var logical = new Logical(0, 0, 0);
        while (reader.ReadFieldHeader() is var (kind, type) && type != ThriftCompactReader.Stop)
        {
            if (type != ThriftCompactReader.Struct)
            {
                reader.Skip(type);
                continue;
            }

            logical = logical with { Kind = kind };
            var inner = reader.BeginStruct();
            while (reader.ReadFieldHeader() is var (id, t) && t != ThriftCompactReader.Stop)
            {
                if (kind == 5 && id == 1) logical = logical with { Scale = (int)reader.ReadInteger() };
                else if (kind == 5 && id == 2) logical = logical with { Precision = (int)reader.ReadInteger() };
                else reader.Skip(t);
            }

            reader.EndStruct(inner);
        }

        reader.EndStruct(saved);
        return logical;
    }

    private static GlueType.Field ToField(List<Element> elements, ref int index)
    {
        var element = elements[index++];
        var type = element.Children > 0 ? GroupType(elements, element, ref index) : PrimitiveType(element);

        // A repeated field outside a LIST annotation is itself a list (Parquet's backward-compatibility rules).
        if (element.Repetition == 2) type = new GlueType.Array(type);
        return new GlueType.Field(element.Name.ToLowerInvariant(), type);
    }

    private static GlueType GroupType(List<Element> elements, Element group, ref int index)
    {
        var children = new List<GlueType.Field>();
        for (var i = 0; i < group.Children; i++) children.Add(ToField(elements, ref index));
        var isList = group.Converted == 3 || group.Logical?.Kind == 3;
        var isMap = group.Converted is 1 or 2 || group.Logical?.Kind == 2;
        if (isList && children.Count == 1)
        {
            // LIST: <list> repeated group list { element }; the repeated child already reads as array<...>.
            var inner = children[0].TypeOrString;
            return inner is GlueType.Array { Element: GlueType.Struct { Fields.Count: 1 } s } ? new GlueType.Array(s.Fields[0].TypeOrString) : inner is GlueType.Array ? inner : new GlueType.Array(inner);
        }

        if (isMap && children.Count == 1 && children[0].Type is GlueType.Array { Element: GlueType.Struct { Fields.Count: 2 } kv })
        {
            return new GlueType.Map(kv.Fields[0].TypeOrString, kv.Fields[1].TypeOrString);
        }

        return new GlueType.Struct(children);
    }

    private static GlueType PrimitiveType(Element e)
    {
        var logical = e.Logical?.Kind ?? 0;
        if (logical == 5 || e.Converted == 5)
        {
            var precision = logical == 5 ? e.Logical!.Precision : e.Precision;
            var scale = logical == 5 ? e.Logical!.Scale : e.Scale;
            return new GlueType.Primitive(string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{scale})"));
        }

        if (logical == 6 || e.Converted == 6) return GlueType.Date;
        if (logical == 8 || e.Converted is 9 or 10 || e.Type == 3) return GlueType.Timestamp;
        return e.Type switch
        {
            0 => GlueType.Boolean,
            1 => e.Converted switch
            {
                15 => new GlueType.Primitive("tinyint"),
                16 => new GlueType.Primitive("smallint"),
                11 or 12 => GlueType.Int,
                13 => GlueType.BigInt,
                _ => GlueType.Int,
            },
            2 => GlueType.BigInt,
            4 => new GlueType.Primitive("float"),
            5 => GlueType.Double,
            6 => logical is 1 or 4 or 12 || e.Converted is 0 or 4 or 19 ? GlueType.String : new GlueType.Primitive("binary"),
            _ => new GlueType.Primitive("binary"),
        };
    }
}
