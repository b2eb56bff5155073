using System.Text.Json;
using System.Text.Json.Nodes;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>Binds documents (JSON keys = member names) to the generated types and back.</summary>
public static class TypedDocuments
{
    public static object ToTyped(JsonObject document, Type type, string errorCode = "InvalidArgument")
    {
        try
        {
            return document.Deserialize(type, AwsJson.Document)!;
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(errorCode, $"Invalid request parameter: {e.Path} {e.Message}");
        }
        catch (FormatException e)
        {
            throw new AwsServiceException(errorCode, $"Invalid request parameter: {e.Message}");
        }
    }

    public static JsonObject ToDocument(object? output, Type? type) =>
        output is null || type is null
            ? new JsonObject()
            : JsonSerializer.SerializeToNode(output, type, AwsJson.Document)!.AsObject();
}
