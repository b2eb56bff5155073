using System.Net.Http.Headers;
using System.Text.Json;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// The POST Firehose sends an HTTP endpoint for one buffer: a JSON body
/// <c>{"requestId", "timestamp", "records": [{"data": base64}]}</c>, GZIP-encoded when the
/// stream's RequestConfiguration asks for it, and the X-Amz-Firehose-* headers. The request id
/// stays the same on every retry of the buffer, so an endpoint can drop duplicates.
/// </summary>
public static class HttpEndpointRequest
{
    public const string ProtocolVersion = "1.0";

    public static HttpRequestMessage Create(HttpOutput output, string sourceArn, string requestId, long timestampMs, IReadOnlyList<BufferedRecord> records)
    {
        var body = Body(requestId, timestampMs, records);
        if (output.Gzip) body = ObjectCompression.Compress("GZIP", body, entryName: string.Empty);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (output.Gzip) content.Headers.ContentEncoding.Add("gzip");

        var request = new HttpRequestMessage(HttpMethod.Post, output.Url) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Protocol-Version", ProtocolVersion);
        request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Request-Id", requestId);
        request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Source-Arn", sourceArn);
        if (!string.IsNullOrEmpty(output.AccessKey)) request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Access-Key", output.AccessKey);
        if (output.CommonAttributes.Count > 0) request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Common-Attributes", CommonAttributes(output.CommonAttributes));
        return request;
    }

    public static byte[] Body(string requestId, long timestampMs, IReadOnlyList<BufferedRecord> records)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("requestId", requestId);
            json.WriteNumber("timestamp", timestampMs);
            json.WriteStartArray("records");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteBase64String("data", record.Data);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.ToArray();
    }

    private static string CommonAttributes(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("commonAttributes");
            foreach (var (name, value) in attributes) json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}
