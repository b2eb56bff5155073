using System.Text;
using Basin.Aws.Model.Firehose;
using Basin.Aws.Model.Glue;
using Basin.DuckDb;
using Basin.Services.Firehose.Delivery;
using Basin.Services.Firehose.Processing;
using Basin.Services.Glue;
using Basin.Sql;
using Basin.Sql.Hive;
using Basin.Storage.Catalog;

namespace Basin.Services.Firehose.Conversion;

/// <summary>What converting one buffer produced: the Parquet file's bytes (null if no record fit) and the records that did not fit.</summary>
public sealed record ConversionResult(byte[]? Parquet, IReadOnlyList<BufferedRecord> Converted, IReadOnlyList<BufferedRecord> Failed);

/// <summary>
/// Record format conversion: JSON records to one Parquet file with the columns of a Glue table
/// (read at each conversion, as VersionId LATEST does). Each record is checked and normalized in
/// C# (<see cref="JsonRecordCoercion"/>), so one bad record fails alone; the good ones are
/// written as JSON lines to the SQL engine's scratch space and DuckDB's COPY writes the Parquet.
/// </summary>
public sealed class ParquetConverter(SqlEngine engine, CatalogStore catalog)
{
    public const string FormatConversionFailed = "format-conversion-failed";

    public ConversionResult Convert(DataFormatConversionConfiguration configuration, string account, IReadOnlyList<BufferedRecord> records)
    {
        var schema = configuration.SchemaConfiguration!;
        List<(string Name, HiveType Type)> columns;
        try
        {
            columns = Columns(schema, account);
        }
        catch (Exception e) when (e is FormatException or SqlException)
        {
            return new ConversionResult(null, [], [.. records.Select(r => Fail(r, "DataFormatConversion.InvalidSchema", e.Message))]);
        }

        var options = ReadOptions(configuration.InputFormatConfiguration!.Deserializer!);
        var converted = new List<BufferedRecord>();
        var failed = new List<BufferedRecord>();
        var lines = new StringBuilder();
        foreach (var record in records)
        {
            try
            {
                lines.Append(JsonRecordCoercion.Row(record.Data, columns, options).ToJsonString()).Append('\n');
                converted.Add(record);
            }
            catch (FormatException e)
            {
                failed.Add(Fail(record, "DataFormatConversion.MalformedData", e.Message));
            }
        }

        if (converted.Count == 0) return new ConversionResult(null, [], failed);
        try
        {
            return new ConversionResult(WriteParquet(lines.ToString(), columns, configuration.OutputFormatConfiguration!.Serializer!.ParquetSerDe!), converted, failed);
        }
        catch (DuckDbException e)
        {
            // A value the checks let through but the engine cannot cast: the buffer goes to the
            // error prefix rather than being retried forever and blocking the stream.
            return new ConversionResult(null, [], [.. failed, .. converted.Select(r => Fail(r, "DataFormatConversion.MalformedData", e.Message))]);
        }
    }

    private byte[] WriteParquet(string lines, List<(string Name, HiveType Type)> columns, ParquetSerDe serde)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(engine.ScratchDirectory, "firehose-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var input = Path.Combine(scratch, "records.json");
            var output = Path.Combine(scratch, "records.parquet");
            File.WriteAllText(input, lines);
            var spec = string.Join(", ", columns.Select(c => $"{SqlText.Literal(c.Name)}: {SqlText.Literal(HiveTypes.ToDuckDb(c.Type))}"));
            var compression = (serde.Compression ?? "SNAPPY") switch
            {
                "UNCOMPRESSED" => "uncompressed",
                "GZIP" => "gzip",
                _ => "snappy",
            };
            var version = serde.WriterVersion == "V2" ? ", PARQUET_VERSION v2" : "";
            using var session = engine.OpenSession();
            session.Execute($"COPY (SELECT * FROM read_json({SqlText.Literal(input)}, format = 'newline_delimited', columns = {{{spec}}})) " +
                $"TO {SqlText.Literal(output)} (FORMAT parquet, COMPRESSION {compression}{version})");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The table's data columns (partition keys live in the prefix, not the file); a missing table fails the conversion.</summary>
    private List<(string, HiveType)> Columns(SchemaConfiguration schema, string account)
    {
        var catalogId = string.IsNullOrEmpty(schema.CatalogId) ? account : schema.CatalogId;
        var row = catalog.GetTable(catalogId, schema.DatabaseName!.ToLowerInvariant(), schema.TableName!.ToLowerInvariant())
            ?? throw new FormatException($"Table {schema.DatabaseName}.{schema.TableName} was not found in the Glue Data Catalog {catalogId}.");
        var table = CatalogDocuments.Deserialize<Table>(row.Doc);
        var columns = table.StorageDescriptor?.Columns ?? [];
        if (columns.Count == 0) throw new FormatException($"Table {schema.DatabaseName}.{schema.TableName} has no columns.");
        return [.. columns.Select(c => (c.Name!.ToLowerInvariant(), HiveType.Parse(c.Type ?? "string")))];
    }

    private static JsonReadOptions ReadOptions(Deserializer deserializer) => deserializer.OpenXJsonSerDe is { } openx
        ? new JsonReadOptions(openx.CaseInsensitive ?? true, openx.ConvertDotsInJsonKeysToUnderscores ?? false,
            (openx.ColumnToJsonKeyMappings ?? []).ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value, StringComparer.Ordinal), [])
        : new JsonReadOptions(true, false, new Dictionary<string, string>(), deserializer.HiveJsonSerDe?.TimestampFormats ?? []);

    private static BufferedRecord Fail(BufferedRecord record, string code, string message) =>
        record with { Failure = new RecordFailure(FormatConversionFailed, code, message) };
}
