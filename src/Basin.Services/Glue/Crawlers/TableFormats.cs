using System.Globalization;
using Basin.Aws.Model.Glue;
using Basin.Services.Glue.Crawlers.Classification;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// The StorageDescriptor and parameters a crawler writes for each format: the Hive input/output
/// formats and SerDe Athena reads the data with, and the classification parameters Glue sets.
/// </summary>
public static class TableFormats
{
    private const string TextInput = "org.apache.hadoop.mapred.TextInputFormat";
    private const string TextOutput = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

    public static StorageDescriptor Descriptor(FileSchema format, IEnumerable<GlueType.Field> columns, string location, Dictionary<string, string> parameters)
    {
        var (input, output, serde) = format.Classification switch
        {
            _ when format.Grok is { } grok => (TextInput, TextOutput, GrokSerde(grok)),
            "xml" => (TextInput, TextOutput, new SerDeInfo { Parameters = [] }),
            "parquet" => ("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", ParquetSerde()),
            "json" => (TextInput, TextOutput, JsonSerde(columns)),
            "avro" => (Athena.Statements.HiveStorage.AvroInput, Athena.Statements.HiveStorage.AvroOutput, AvroSerde(format.AvroSchemaLiteral)),
            _ => (TextInput, TextOutput, CsvSerde(format.Csv!)),
        };
        return new StorageDescriptor
        {
            Columns = [.. columns.Select(c => new Column { Name = c.Name, Type = c.TypeOrString.ToString() })],
            Location = location,
            InputFormat = input,
            OutputFormat = output,
            Compressed = format.Compression != "none",
            NumberOfBuckets = -1,
            SerdeInfo = serde,
            BucketColumns = [],
            SortColumns = [],
            Parameters = parameters,
            StoredAsSubDirectories = false,
        };
    }

    /// <summary>The parameters on the table (and copied to its StorageDescriptor), as a crawler writes them.</summary>
    public static Dictionary<string, string> Parameters(FileSchema format, DataStats stats, string crawler)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["classification"] = format.Classification,
            ["compressionType"] = format.Compression,
            ["typeOfData"] = "file",
            ["objectCount"] = Text(stats.Objects),
            ["sizeKey"] = Text(stats.Bytes),
            ["recordCount"] = Text(stats.Records),
            ["averageRecordSize"] = Text(stats.AverageRecordSize),
            ["UPDATED_BY_CRAWLER"] = crawler,
            ["CrawlerSchemaDeserializerVersion"] = "1.0",
            ["CrawlerSchemaSerializerVersion"] = "1.0",
        };
        if (format.Csv is { } csv)
        {
            parameters["delimiter"] = csv.Delimiter.ToString();
            parameters["areColumnsQuoted"] = csv.Quoted ? "true" : "false";
            parameters["columnsOrdered"] = "true";
            if (csv.HasHeader) parameters["skip.header.line.count"] = "1";
        }

        if (format.JsonPath is { } path) parameters["jsonPath"] = path;
        if (format.Grok is { } grok) parameters["grokPattern"] = grok.Pattern;
        if (format.XmlRowTag is { } rowTag) parameters["rowTag"] = rowTag;
        return parameters;
    }

    /// <summary>Glue's GrokSerDe, which Athena reads the lines back with.</summary>
    private static SerDeInfo GrokSerde(GrokFormat grok)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["input.format"] = grok.Pattern };
        if (!string.IsNullOrEmpty(grok.CustomPatterns)) parameters["input.grokCustomPatterns"] = grok.CustomPatterns;
        return new SerDeInfo { SerializationLibrary = Athena.LineSerDes.GrokSerDe, Parameters = parameters };
    }

    private static SerDeInfo ParquetSerde() => new()
    {
        SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        Parameters = new() { ["serialization.format"] = "1" },
    };

    private static SerDeInfo AvroSerde(string? schema) => new()
    {
        SerializationLibrary = Athena.Statements.HiveStorage.AvroSerDe,
        Parameters = schema is null ? new() { ["serialization.format"] = "1" } : new() { ["avro.schema.literal"] = schema, ["serialization.format"] = "1" },
    };

    private static SerDeInfo JsonSerde(IEnumerable<GlueType.Field> columns) => new()
    {
        SerializationLibrary = "org.openx.data.jsonserde.JsonSerDe",
        Parameters = new() { ["paths"] = string.Join(',', columns.Select(c => c.Name).Order(StringComparer.Ordinal)) },
    };

    /// <summary>Quoted fields need OpenCSVSerde (LazySimpleSerDe would keep the quotes); otherwise LazySimpleSerDe.</summary>
    private static SerDeInfo CsvSerde(CsvFormat csv) => csv.Quoted
        ? new SerDeInfo
        {
            SerializationLibrary = "org.apache.hadoop.hive.serde2.OpenCSVSerde",
            Parameters = new() { ["separatorChar"] = csv.Delimiter.ToString(), ["quoteChar"] = csv.Quote.ToString() },
        }
        : new SerDeInfo
        {
            SerializationLibrary = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            Parameters = new() { ["field.delim"] = csv.Delimiter.ToString() },
        };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
