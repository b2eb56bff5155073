namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>What a classifier learned from one file: its format and the columns of its records.</summary>
public sealed record FileSchema
{
    /// <summary>The table's <c>classification</c> parameter: csv, json, parquet (or a custom classifier's).</summary>
    public required string Classification { get; init; }

    /// <summary>none or gzip: files of one table share it (the <c>compressionType</c> parameter).</summary>
    public required string Compression { get; init; }

    public required IReadOnlyList<GlueType.Field> Columns { get; init; }

    public CsvFormat? Csv { get; init; }

    /// <summary>The pattern of the custom grok classifier that recognised the file (read back with the GrokSerDe).</summary>
    public GrokFormat? Grok { get; init; }

    /// <summary>The row tag of the custom XML classifier that recognised the file.</summary>
    public string? XmlRowTag { get; init; }

    /// <summary>An Avro file's writer schema (the AvroSerDe's <c>avro.schema.literal</c>).</summary>
    public string? AvroSchemaLiteral { get; init; }

    /// <summary>The JsonPath of a custom JSON classifier (the JsonSerDe's <c>paths</c> come from the columns).</summary>
    public string? JsonPath { get; init; }

    /// <summary>Records read to infer the schema, and their bytes uncompressed (for averageRecordSize).</summary>
    public long SampledRecords { get; init; }

    public long SampledBytes { get; init; }

    /// <summary>The exact record count where the format stores it (Parquet's footer).</summary>
    public long? ExactRecordCount { get; init; }

    /// <summary>Files are one table only if this matches: same format, compression and CSV dialect.</summary>
    public string FormatKey => $"{Classification}|{Compression}|{Csv?.Delimiter}|{Csv?.HasHeader}|{JsonPath}|{Grok}|{XmlRowTag}";
}

/// <summary>The dialect the CSV classifier found.</summary>
/// <param name="Quoted">Some field was quoted: Athena then needs OpenCSVSerde rather than LazySimpleSerDe.</param>
public sealed record CsvFormat(char Delimiter, char Quote, bool HasHeader, bool Quoted);

/// <summary>A grok classifier's pattern and custom patterns, as the table's GrokSerDe needs them.</summary>
public sealed record GrokFormat(string Pattern, string? CustomPatterns);
