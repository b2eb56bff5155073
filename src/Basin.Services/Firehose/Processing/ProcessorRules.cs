using System.Text;
using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Processing.Jq;

namespace Basin.Services.Firehose.Processing;

/// <summary>
/// Checks a ProcessingConfiguration when a stream is created or updated, so a processor Basin
/// cannot run is refused up front with a clear message instead of failing every record later.
/// </summary>
public static class ProcessorRules
{
    private static readonly Dictionary<string, string[]> AllowedParameters = new(StringComparer.Ordinal)
    {
        ["RecordDeAggregation"] = ["SubRecordType", "Delimiter"],
        ["Decompression"] = ["CompressionFormat"],
        ["MetadataExtraction"] = ["MetadataExtractionQuery", "JsonParsingEngine"],
        ["AppendDelimiterToRecord"] = ["Delimiter"],
    };

    public static void Validate(ProcessingConfiguration? configuration, bool dynamicPartitioning)
    {
        if (configuration is not { Enabled: true, Processors: { } processors }) return;
        foreach (var processor in processors)
        {
            switch (processor.Type)
            {
                case "Lambda":
                    throw FirehoseErrors.InvalidArgument("Lambda processors run functions in Basin's Lambda service, which is not available yet; remove the Lambda processor.");
                case "CloudWatchLogProcessing":
                    throw FirehoseErrors.InvalidArgument("Basin does not support the CloudWatchLogProcessing processor yet.");
                case null or "":
                    throw FirehoseErrors.Validation("processingConfiguration.processors.member.type", processor.Type, "Member must not be null");
            }

            if (!AllowedParameters.TryGetValue(processor.Type, out var allowed))
            {
                throw FirehoseErrors.Validation("processingConfiguration.processors.member.type", processor.Type,
                    "Member must satisfy enum value set: [RecordDeAggregation, Decompression, CloudWatchLogProcessing, Lambda, MetadataExtraction, AppendDelimiterToRecord]");
            }

            var parameters = (processor.Parameters ?? []).ToDictionary(p => p.ParameterName ?? "", p => p.ParameterValue ?? "", StringComparer.Ordinal);
            foreach (var name in parameters.Keys.Where(n => !allowed.Contains(n)))
            {
                throw FirehoseErrors.InvalidArgument($"Processor parameter {name} is not valid for processor type {processor.Type}.");
            }

            switch (processor.Type)
            {
                case "RecordDeAggregation" when parameters.GetValueOrDefault("SubRecordType", "JSON") is not ("JSON" or "DELIMITED"):
                    throw FirehoseErrors.InvalidArgument("SubRecordType must be JSON or DELIMITED.");
                case "Decompression" when parameters.GetValueOrDefault("CompressionFormat", "GZIP") != "GZIP":
                    throw FirehoseErrors.InvalidArgument("The Decompression processor supports CompressionFormat GZIP.");
                case "MetadataExtraction":
                    ValidateMetadataExtraction(parameters, dynamicPartitioning);
                    break;
            }
        }
    }

    /// <summary>
    /// A delimiter parameter: AWS documents it base64-encoded; a value that is not valid base64
    /// (like "####") is taken literally, and "\n"-style escapes are understood.
    /// </summary>
    public static byte[] Delimiter(string value)
    {
        var buffer = new byte[value.Length];
        if (value.Length % 4 == 0 && Convert.TryFromBase64String(value, buffer, out var written) && written > 0) return buffer[..written];
        return Encoding.UTF8.GetBytes(value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal));
    }

    private static void ValidateMetadataExtraction(Dictionary<string, string> parameters, bool dynamicPartitioning)
    {
        if (!dynamicPartitioning) throw FirehoseErrors.InvalidArgument("MetadataExtraction processor is only supported when dynamic partitioning is enabled.");
        if (parameters.GetValueOrDefault("JsonParsingEngine") != "JQ-1.6")
            throw FirehoseErrors.InvalidArgument("MetadataExtraction processor requires the JsonParsingEngine parameter set to JQ-1.6.");
        if (!parameters.TryGetValue("MetadataExtractionQuery", out var query) || string.IsNullOrWhiteSpace(query))
            throw FirehoseErrors.InvalidArgument("MetadataExtraction processor requires the MetadataExtractionQuery parameter.");
        try
        {
            JqParser.Parse(query);
        }
        catch (JqException e)
        {
            throw FirehoseErrors.InvalidArgument($"MetadataExtractionQuery '{query}' is not valid: {e.Message}.");
        }
    }

    /// <summary>The partition keys the MetadataExtraction query defines, when its top level is an object literal.</summary>
    public static IReadOnlyList<string>? QueryKeys(ProcessingConfiguration? configuration)
    {
        var query = configuration?.Processors?.FirstOrDefault(p => p.Type == "MetadataExtraction")?.Parameters?
            .FirstOrDefault(p => p.ParameterName == "MetadataExtractionQuery")?.ParameterValue;
        if (query is null) return null;
        try
        {
            return JqParser.Parse(query) is JqObject o ? [.. o.Fields.Select(f => f.Key).OfType<JqLiteral>().Select(k => JqValues.Text(k.Value))] : null;
        }
        catch (JqException)
        {
            return null;
        }
    }
}
