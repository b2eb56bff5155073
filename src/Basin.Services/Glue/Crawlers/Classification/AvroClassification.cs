using Basin.Services.Lake;
using Basin.Services.Lake.Avro;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// Glue's built-in Avro classifier: the schema comes from the container file's header, the record
/// count from its block headers. Avro types map to Hive's: long is bigint, bytes and fixed are
/// binary, enums are strings, maps have string keys, a union with null is its other branch; the
/// date, timestamp and decimal logical types keep their meaning. A union of several other types
/// has no Hive type Athena reads, so it becomes string.
/// </summary>
public static class AvroClassification
{
    public static FileSchema? Read(ILakeObjects lake, LakeObject file)
    {
        using var stream = lake.Open(file.Bucket, file.Key);
        if (stream is null) return null;
        try
        {
            var (schemaText, records) = AvroContainer.Describe(new BufferedStream(stream, 1 << 16));
            if (AvroSchema.Parse(schemaText) is not AvroRecord record) return null;
            return new FileSchema
            {
                Classification = "avro",
                Compression = "none",
                Columns = [.. record.Fields.Select(f => new GlueType.Field(f.Name, TypeOf(f.Type, [])))],
                AvroSchemaLiteral = schemaText,
                ExactRecordCount = records,
                SampledRecords = Math.Max(records, 1),
                SampledBytes = file.Size,
            };
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <param name="open">Records being mapped, so that one that contains itself ends (as string) instead of recursing forever.</param>
    private static GlueType TypeOf(AvroSchema schema, HashSet<AvroRecord> open) => schema switch
    {
        AvroPrimitive { LogicalType: "date" } => GlueType.Date,
        AvroPrimitive { LogicalType: "timestamp-millis" or "timestamp-micros" or "local-timestamp-millis" or "local-timestamp-micros" } => GlueType.Timestamp,
        AvroPrimitive { LogicalType: "decimal" } p => new GlueType.Primitive($"decimal({p.Precision},{p.Scale})"),
        AvroFixed { LogicalType: "decimal" } f => new GlueType.Primitive($"decimal({f.Precision},{f.Scale})"),
        AvroPrimitive p => p.Type switch
        {
            "boolean" => GlueType.Boolean,
            "int" => GlueType.Int,
            "long" => GlueType.BigInt,
            "float" => new GlueType.Primitive("float"),
            "double" => GlueType.Double,
            "bytes" => new GlueType.Primitive("binary"),
            _ => GlueType.String,
        },
        AvroFixed => new GlueType.Primitive("binary"),
        AvroEnum => GlueType.String,
        AvroArray a => new GlueType.Array(TypeOf(a.Items, open)),
        AvroMap m => new GlueType.Map(GlueType.String, TypeOf(m.Values, open)),
        AvroUnion u when u.Branches.Where(b => b is not AvroPrimitive { Type: "null" }).ToList() is [var only] => TypeOf(only, open),
        AvroRecord r when open.Add(r) => Struct(r, open),
        _ => GlueType.String,
    };

    private static GlueType Struct(AvroRecord record, HashSet<AvroRecord> open)
    {
        var type = new GlueType.Struct([.. record.Fields.Select(f => new GlueType.Field(f.Name, TypeOf(f.Type, open)))]);
        open.Remove(record);
        return type;
    }
}
