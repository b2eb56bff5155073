using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Processing.Jq;

namespace Basin.Services.Firehose.Processing;

/// <summary>
/// The processors of a destination's ProcessingConfiguration, run in Firehose's order: split
/// aggregated sub-records (RecordDeAggregation), decompress (Decompression), extract partition
/// keys with JQ (MetadataExtraction), then append a delimiter (AppendDelimiterToRecord).
/// Lambda and CloudWatch Logs processing are refused when the stream is configured (see
/// <see cref="ProcessorRules"/>), so they never reach here.
/// </summary>
public sealed class RecordPipeline
{
    public const string ProcessingFailed = "processing-failed";
    public const string PartitioningFailed = "partitioning-failed";

    private readonly string? _subRecordType;
    private readonly byte[]? _subRecordDelimiter;
    private readonly bool _decompress;
    private readonly JqNode? _metadataQuery;
    private readonly byte[]? _appendDelimiter;

    public RecordPipeline(ProcessingConfiguration? configuration, TimeProvider? time = null)
    {
        if (configuration is not { Enabled: true, Processors: { } processors }) return;
        foreach (var processor in processors)
        {
            string? Parameter(string name) => processor.Parameters?.FirstOrDefault(p => p.ParameterName == name)?.ParameterValue;
            switch (processor.Type)
            {
                case "RecordDeAggregation":
                    _subRecordType = Parameter("SubRecordType") ?? "JSON";
                    _subRecordDelimiter = Parameter("Delimiter") is { } d ? ProcessorRules.Delimiter(d) : null;
                    break;
                case "Decompression":
                    _decompress = true;
                    break;
                case "MetadataExtraction":
                    _metadataQuery = JqParser.Parse(Parameter("MetadataExtractionQuery")!, time);
                    break;
                case "AppendDelimiterToRecord":
                    _appendDelimiter = Parameter("Delimiter") is { } a ? ProcessorRules.Delimiter(a) : "\n"u8.ToArray();
                    break;
            }
        }
    }

    public IEnumerable<RecordOutcome> Process(byte[] data)
    {
        IReadOnlyList<byte[]> records;
        try
        {
            records = _subRecordType switch
            {
                null => [data],
                "DELIMITED" => SplitDelimited(data, _subRecordDelimiter ?? "\n"u8.ToArray()),
                _ => SplitJson(data),
            };
        }
        catch (JsonException e)
        {
            return [Failed(data, ProcessingFailed, "RecordDeAggregation.InvalidJson", e.Message)];
        }

        return records.Select(ProcessOne);
    }

    private RecordOutcome ProcessOne(byte[] record)
    {
        if (_decompress)
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(record), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                record = plain.ToArray();
            }
            catch (InvalidDataException e)
            {
                return Failed(record, ProcessingFailed, "Decompression.InvalidData", e.Message);
            }
        }

        IReadOnlyDictionary<string, string>? keys = null;
        if (_metadataQuery is not null)
        {
            try
            {
                keys = PartitionKeys(_metadataQuery.Eval(JsonNode.Parse(record)));
            }
            catch (Exception e) when (e is JsonException or JqException or InvalidOperationException or FormatException or ArgumentException)
            {
                return Failed(record, PartitioningFailed, "DynamicPartitioning.MetadataExtractionFailed", e.Message);
            }
        }

        if (_appendDelimiter is not null) record = [.. record, .. _appendDelimiter];
        return new RecordOutcome(record, keys);
    }

    /// <summary>The query must yield an object whose values are scalars; a missing (null) key fails the record.</summary>
    private static Dictionary<string, string> PartitionKeys(JsonNode? result)
    {
        if (result is not JsonObject fields) throw new JqException($"The metadata extraction query must produce an object, not {JqValues.TypeName(result)}");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (value is null) throw new JqException($"Partition key '{name}' is null");
            if (value is not JsonValue) throw new JqException($"Partition key '{name}' is {JqValues.TypeName(value)}, not a string or number");
            keys[name] = JqValues.Text(value);
        }

        return keys;
    }

    /// <summary>Concatenated or newline-separated JSON objects, each one record.</summary>
    private static List<byte[]> SplitJson(byte[] data)
    {
        var records = new List<byte[]>();
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            records.Add(data[start..(int)reader.BytesConsumed]);
        }

        return records;
    }

    private static List<byte[]> SplitDelimited(byte[] data, byte[] delimiter)
    {
        var records = new List<byte[]>();
        var rest = data.AsSpan();
        while (true)
        {
            var at = rest.IndexOf(delimiter);
            if (at < 0)
            {
                if (!rest.IsEmpty) records.Add(rest.ToArray());
                return records;
            }

            records.Add(rest[..at].ToArray());
            rest = rest[(at + delimiter.Length)..];
        }
    }

    private static RecordOutcome Failed(byte[] data, string outputType, string code, string message) =>
        new(data, null, new RecordFailure(outputType, code, message));
}
