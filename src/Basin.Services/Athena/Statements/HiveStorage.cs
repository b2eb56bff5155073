using Basin.Aws.Model.Glue;
using Basin.Sql;
using Basin.Sql.Lake;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// The SerDe and input/output formats Athena records in Glue for each storage format (CREATE
/// TABLE ... STORED AS, CTAS's format property), and the reverse: how to write a table's files.
/// </summary>
public static class HiveStorage
{
    public const string LazySimpleSerDe = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
    public const string TextInput = "org.apache.hadoop.mapred.TextInputFormat";
    public const string TextOutput = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    private const string ParquetSerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    private const string ParquetInput = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private const string ParquetOutput = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private const string JsonSerDe = "org.apache.hive.hcatalog.data.JsonSerDe";
    public const string AvroSerDe = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
    public const string AvroInput = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
    public const string AvroOutput = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";

    public static (string Input, string Output, SerDeInfo SerDe) Parquet() =>
        (ParquetInput, ParquetOutput, new SerDeInfo { SerializationLibrary = ParquetSerDe, Parameters = new() { ["serialization.format"] = "1" } });

    public static (string Input, string Output, SerDeInfo SerDe) Text(string delimiter) =>
        (TextInput, TextOutput, new SerDeInfo { SerializationLibrary = LazySimpleSerDe, Parameters = new() { ["field.delim"] = delimiter, ["serialization.format"] = delimiter } });

    public static (string Input, string Output, SerDeInfo SerDe) Json() =>
        (TextInput, TextOutput, new SerDeInfo { SerializationLibrary = JsonSerDe, Parameters = new() { ["serialization.format"] = "1" } });

    /// <summary>STORED AS AVRO: tables Basin reads (converting each file to JSON lines) but does not write.</summary>
    public static (string Input, string Output, SerDeInfo SerDe) Avro() =>
        (AvroInput, AvroOutput, new SerDeInfo { SerializationLibrary = AvroSerDe, Parameters = new() { ["serialization.format"] = "1" } });

    /// <summary>The storage descriptor Athena records for a table it creates (no buckets, no sort columns).</summary>
    public static StorageDescriptor Descriptor(List<Column> columns, string? location, string input, string output, SerDeInfo serde) => new()
    {
        Columns = columns,
        Location = location,
        InputFormat = input,
        OutputFormat = output,
        SerdeInfo = serde,
        Compressed = false,
        NumberOfBuckets = -1,
        Parameters = [],
        BucketColumns = [],
        SortColumns = [],
        StoredAsSubDirectories = false,
    };

    /// <summary>A format name as CTAS, UNLOAD and STORED AS take it; formats Basin cannot write are refused clearly.</summary>
    public static (string Input, string Output, SerDeInfo SerDe) For(string format, string delimiter) => LakeFormatOf(format) switch
    {
        LakeFormat.Parquet => Parquet(),
        LakeFormat.Json => Json(),
        _ => Text(delimiter),
    };

    /// <summary>How a format name is written and read; ORC, Avro and the like are refused with a clear error.</summary>
    public static LakeFormat LakeFormatOf(string format) => format.ToUpperInvariant() switch
    {
        "PARQUET" => LakeFormat.Parquet,
        "JSON" => LakeFormat.Json,
        "TEXTFILE" => LakeFormat.DelimitedText,
        "AVRO" => throw new SqlException("NOT_SUPPORTED", "Basin reads AVRO tables but does not write them: PARQUET, TEXTFILE and JSON it writes"),
        "ORC" or "ION" or "SEQUENCEFILE" or "RCFILE" =>
            throw new SqlException("NOT_SUPPORTED", $"Format {format.ToUpperInvariant()} is not supported by Basin: PARQUET, TEXTFILE and JSON are, and AVRO for reading"),
        _ => throw new SqlException("INVALID_TABLE_PROPERTY", $"Unknown file format: {format}"),
    };

    /// <summary>How INSERT INTO writes new files of an existing table: its own format and delimiter, compressed as its properties say (GZIP by default, as Athena).</summary>
    public static LakeWriteFormat WriteFormatOf(Table table)
    {
        var read = LakeTables.From(table, []);
        if (read.Format == LakeFormat.RegexText || LakeTables.IsAvro(table))
        {
            var sd = table.StorageDescriptor!;
            throw new SqlException("HIVE_UNSUPPORTED_FORMAT", $"Output format {sd.OutputFormat} with SerDe {sd.SerdeInfo?.SerializationLibrary} is not supported.");
        }

        var properties = table.Parameters ?? [];
        var compression = properties.GetValueOrDefault("write.compression") ?? properties.GetValueOrDefault("parquet.compression") ?? "GZIP";
        return new LakeWriteFormat(read.Format, compression, read.Delimiter, read.Quote) { CollectionDelimiter = read.CollectionDelimiter, MapKeyDelimiter = read.MapKeyDelimiter };
    }
}
