using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Codecs;

namespace Basin.Services.Glue;

/// <summary>
/// The catalog stores Glue's own shapes as JSON. Input shapes (DatabaseInput, TableInput) share
/// their members with the stored shapes (Database, Table), so a stored object is the input's
/// document plus the fields Glue adds.
/// </summary>
public static class CatalogDocuments
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, AwsJson.Document);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, AwsJson.Document)!;

    /// <summary>The input's members, then <paramref name="added"/>, as a <typeparamref name="T"/>.</summary>
    public static T From<T>(object input, JsonObject added)
    {
        var doc = JsonSerializer.SerializeToNode(input, input.GetType(), AwsJson.Document)!.AsObject();
        foreach (var (key, value) in added) doc[key] = value?.DeepClone();
        return doc.Deserialize<T>(AwsJson.Document)!;
    }

    public static string Timestamp(DateTimeOffset t) => RestBindings.Iso(t);
}
