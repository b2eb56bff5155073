using System.Buffers;
using System.Text.Json;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// The AWS JSON 1.0/1.1 protocols (Kinesis, Glue, Athena, DynamoDB, ...): the body is the input
/// structure as JSON keyed by member names, so it binds straight to the generated type.
/// </summary>
public sealed class JsonCodec : IProtocolCodec
{
    private const string CborContentType = "application/x-amz-cbor-1.1";

    public async Task<object?> ReadInputAsync(AwsRequest request)
    {
        var type = request.Service.Types[request.Operation.Name].Input;
        if (type is null) return null;
        // Deserializing copies every value out, so the pooled body is returned right after.
        using var body = await BufferedBody.ReadPooledAsync(request).ConfigureAwait(false);
        var document = body.WrittenMemory.Span;
        if (document.Length == 0) return Activator.CreateInstance(type);
        try
        {
            // The AWS SDK for Java and the KCL send Kinesis requests as CBOR: same document, binary encoding.
            if (IsCbor(request)) return Cbor.CborDecoder.Decode(document).Deserialize(type, AwsJson.Wire) ?? Activator.CreateInstance(type);
            return JsonSerializer.Deserialize(document, type, AwsJson.Wire)
                ?? Activator.CreateInstance(type);
        }
        catch (JsonException e)
        {
            throw CommonErrors.Serialization(e.Path is { Length: > 1 } path ? $"Unable to parse request at {path}." : "Unable to parse request body as JSON.");
        }
    }

    public async Task WriteOutputAsync(AwsRequest request, object? output)
    {
        if (request.EventStream is { } events && request.Operation.Output?.Members.FirstOrDefault(m => m.Shape.IsEventStream) is { } stream)
        {
            await EventStreams.EventStreamWriter.WriteAsync(request, stream.Shape, events, ContentType(request)).ConfigureAwait(false);
            return;
        }

        var response = request.Http.Response;
        response.StatusCode = request.StatusCode ?? 200;
        response.ContentType = ContentType(request);
        var type = request.Service.Types[request.Operation.Name].Output;
        if (IsCbor(request))
        {
            var cbor = Cbor.CborEncoder.Encode(output is null || type is null ? new System.Text.Json.Nodes.JsonObject() : JsonSerializer.SerializeToNode(output, type, AwsJson.Wire), request.Operation.Output);
            response.ContentLength = cbor.Length;
            await response.Body.WriteAsync(cbor, request.Http.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var buffer = new PooledBufferWriter();
        if (output is null || type is null)
        {
            buffer.Write("{}"u8);
        }
        else
        {
            using var writer = new Utf8JsonWriter(buffer);
            JsonSerializer.Serialize(writer, output, type, AwsJson.Wire);
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, request.Http.RequestAborted).ConfigureAwait(false);
    }

    public async Task WriteErrorAsync(AwsRequest request, AwsServiceException error)
    {
        if (!IsCbor(request))
        {
            await WriteJsonErrorAsync(request.Http.Response, ContentType(request), error).ConfigureAwait(false);
            return;
        }

        var response = request.Http.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = CborContentType;
        response.Headers["x-amzn-ErrorType"] = error.Code;
        var bytes = Cbor.CborEncoder.Encode(new System.Text.Json.Nodes.JsonObject { ["__type"] = error.Code, ["message"] = error.Message }, null);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static bool IsCbor(AwsRequest request) =>
        request.Http.Request.ContentType?.StartsWith("application/x-amz-cbor", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task WriteJsonErrorAsync(Microsoft.AspNetCore.Http.HttpResponse response, string contentType, AwsServiceException error)
    {
        response.StatusCode = error.StatusCode;
        response.ContentType = contentType;
        response.Headers["x-amzn-ErrorType"] = error.Code;
        var body = new Dictionary<string, string> { ["__type"] = error.Code, ["message"] = error.Message };
        foreach (var (k, v) in error.Fields) body[k] = v;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static string ContentType(AwsRequest request) =>
        IsCbor(request) ? CborContentType : $"application/x-amz-json-{request.Service.JsonVersion ?? "1.0"}";
}
