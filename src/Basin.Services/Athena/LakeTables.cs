using Basin.Aws.Model.Glue;
using Basin.Sql;
using Basin.Sql.Lake;

namespace Basin.Services.Athena;

/// <summary>How a Glue table's SerDe and parameters translate into what the engine reads.</summary>
public static class LakeTables
{
    public static LakeTable From(Table table, IReadOnlyList<LakeFile> files)
    {
        var sd = table.StorageDescriptor ?? new StorageDescriptor();
        var serde = sd.SerdeInfo?.SerializationLibrary ?? "";
        var props = sd.SerdeInfo?.Parameters ?? [];
        var tableProps = table.Parameters ?? [];
        var columns = (sd.Columns ?? []).Select(c => (c.Name!, c.Type ?? "string")).ToList();
        var partitionKeys = (table.PartitionKeys ?? []).Select(c => (c.Name!, c.Type ?? "string")).ToList();
        var skip = int.TryParse(tableProps.GetValueOrDefault("skip.header.line.count"), out var n) ? n : 0;

        var format = IsAvro(table) ? LakeFormat.Json : Format(serde, sd.InputFormat, tableProps.GetValueOrDefault("classification"));
        var (lineRegex, columnGroups) = format == LakeFormat.RegexText ? LineSerDes.Parse(serde, props, columns) : (null, []);
        return new LakeTable
        {
            LineRegex = lineRegex,
            ColumnGroups = columnGroups,
            Columns = columns,
            PartitionKeys = partitionKeys,
            Format = format,
            Files = files,
            Delimiter = format == LakeFormat.OpenCsv
                ? props.GetValueOrDefault("separatorChar") ?? ","
                : props.GetValueOrDefault("field.delim") ?? "\u0001",
            Quote = props.GetValueOrDefault("quoteChar"),

            // Hive long spelled the collection delimiter's property "colelction.delim"; both are read.
            CollectionDelimiter = props.GetValueOrDefault("collection.delim") ?? props.GetValueOrDefault("colelction.delim") ?? "\u0002",
            MapKeyDelimiter = props.GetValueOrDefault("mapkey.delim") ?? "\u0003",
            Escape = format == LakeFormat.OpenCsv ? props.GetValueOrDefault("escapeChar") : props.GetValueOrDefault("escape.delim"),
            SkipHeaderLines = skip,
            NullFormat = props.GetValueOrDefault("serialization.null.format") ?? tableProps.GetValueOrDefault("serialization.null.format") ?? "\\N",
            IgnoreMalformedJson = IsTrue(props.GetValueOrDefault("ignore.malformed.json")),
            BinaryAsBase64 = IsAvro(table),
            JsonCaseInsensitive = !string.Equals(props.GetValueOrDefault("case.insensitive"), "false", StringComparison.OrdinalIgnoreCase),
            JsonDotsInKeys = IsTrue(props.GetValueOrDefault("dots.in.keys")),
            JsonKeyMappings = props
                .Where(p => p.Key.StartsWith("mapping.", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(p => p.Key["mapping.".Length..].ToLowerInvariant(), p => p.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// An Avro table (AvroSerDe, or a table a crawler classified avro). The engine has no Avro
    /// reader: each file is rewritten as JSON lines for the query, and the table is read as JSON.
    /// </summary>
    public static bool IsAvro(Table table) =>
        (table.StorageDescriptor?.SerdeInfo?.SerializationLibrary ?? "").Contains("AvroSerDe", StringComparison.OrdinalIgnoreCase)
        || (table.StorageDescriptor?.InputFormat ?? "").Contains("AvroContainerInputFormat", StringComparison.Ordinal)
        || string.Equals(table.Parameters?.GetValueOrDefault("classification"), "avro", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static LakeFormat Format(string serde, string? inputFormat, string? classification)
    {
        if (serde.Contains("OpenCSVSerde", StringComparison.OrdinalIgnoreCase)) return LakeFormat.OpenCsv;
        if (LineSerDes.Handles(serde)) return LakeFormat.RegexText;
        if (serde.Contains("JsonSerDe", StringComparison.OrdinalIgnoreCase) || serde.Contains("JsonSerde", StringComparison.OrdinalIgnoreCase)) return LakeFormat.Json;
        if (serde.Contains("Parquet", StringComparison.OrdinalIgnoreCase) || (inputFormat ?? "").Contains("Parquet", StringComparison.OrdinalIgnoreCase)) return LakeFormat.Parquet;
        if (serde.Contains("LazySimpleSerDe", StringComparison.OrdinalIgnoreCase)) return LakeFormat.DelimitedText;
        return classification?.ToLowerInvariant() switch
        {
            "csv" => LakeFormat.DelimitedText,
            "json" => LakeFormat.Json,
            "parquet" => LakeFormat.Parquet,
            _ when serde.Length == 0 && (inputFormat ?? "").Contains("TextInputFormat", StringComparison.Ordinal) => LakeFormat.DelimitedText,
            _ => throw new SqlException("HIVE_UNSUPPORTED_FORMAT", $"Unable to read the table's data: SerDe '{serde}' is not supported by Basin"),
        };
    }
}
