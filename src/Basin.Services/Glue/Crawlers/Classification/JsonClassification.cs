using System.Text.Json;

namespace Basin.Services.Glue.Crawlers.Classification;

/// <summary>
/// The JSON classifiers. The built-in one takes a file of JSON values (one per line, or
/// concatenated): each object is a record. A file holding one top-level array is, as in Glue, a
/// single column named <c>array</c>; a custom classifier with JsonPath <c>$[*]</c> makes its
/// elements the records instead.
/// </summary>
public static class JsonClassification
{
    public static FileSchema? BuiltIn(ReadOnlySpan<byte> data, bool complete, string compression) => Classify(data, complete, compression, path: null);

    public static FileSchema? Custom(string jsonPath, ReadOnlySpan<byte> data, bool complete, string compression) =>
        JsonPathSelector.TryParse(jsonPath, out var selector) ? Classify(data, complete, compression, selector) : null;

    private static FileSchema? Classify(ReadOnlySpan<byte> data, bool complete, string compression, JsonPathSelector? path)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        List<GlueType.Field>? fields = null;
        long records = 0, bytes = 0;
        while (true)
        {
            JsonDocument value;
            try
            {
                if (!reader.Read()) break;
                value = JsonDocument.ParseValue(ref reader);
            }
            catch (JsonException)
            {
                // A value cut off by the end of a partial sample ends it; anything else is not JSON.
                if (complete || records == 0) return null;
                break;
            }

            using (value)
            {
                var selected = path is null ? [value.RootElement] : path.Select(value.RootElement);
                foreach (var record in selected)
                {
                    var recordFields = record.ValueKind switch
                    {
                        JsonValueKind.Object => Fields(record),
                        JsonValueKind.Array when path is null => [new GlueType.Field("array", TypeOf(record) ?? GlueType.String)],
                        _ => null,
                    };
                    if (recordFields is null) return null; // a scalar record: not a table of JSON objects
                    fields = fields is null ? recordFields : GlueType.MergeFields(fields, recordFields);
                    records++;
                }
            }

            bytes = reader.BytesConsumed;
        }

        if (fields is null || records == 0) return null;
        return new FileSchema
        {
            Classification = "json",
            Compression = compression,
            Columns = [.. fields.Select(f => f with { Type = f.TypeOrString })],
            JsonPath = path?.Expression,
            SampledRecords = records,
            SampledBytes = bytes,
        };
    }

    private static List<GlueType.Field> Fields(JsonElement obj)
    {
        var fields = new List<GlueType.Field>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var name = property.Name.ToLowerInvariant();
            if (seen.Add(name)) fields.Add(new GlueType.Field(name, TypeOf(property.Value)));
        }

        return fields;
    }

    /// <summary>JSON numbers are int when they fit 32 bits, bigint when 64, else double; null says nothing.</summary>
    private static GlueType? TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => GlueType.String,
        JsonValueKind.True or JsonValueKind.False => GlueType.Boolean,
        JsonValueKind.Number => value.TryGetInt32(out _) ? GlueType.Int : value.TryGetInt64(out _) ? GlueType.BigInt : GlueType.Double,
        JsonValueKind.Object => new GlueType.Struct(Fields(value)),
        JsonValueKind.Array => new GlueType.Array(value.EnumerateArray().Aggregate((GlueType?)null, (t, e) => GlueType.Widen(t, TypeOf(e)))),
        _ => null,
    };
}
