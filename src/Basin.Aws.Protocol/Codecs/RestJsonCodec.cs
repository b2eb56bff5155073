using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Model;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>The rest-json protocol (Lambda, Scheduler): REST bindings plus a JSON or blob payload.</summary>
public sealed class RestJsonCodec : IProtocolCodec
{
    public async Task<object?> ReadInputAsync(AwsRequest request)
    {
        var input = request.Operation.Input;
        var type = request.Service.Types[request.Operation.Name].Input;
        if (input is null || type is null) return null;
        var doc = RestBindings.ReadInput(request, input);
        var payload = input.Payload is { } p ? input.Member(p) : null;
        if (payload is not { IsStreamingBlob: true })
        {
            using var buffer = await BufferedBody.ReadAsync(request).ConfigureAwait(false);
            if (buffer.Length > 0)
            {
                if (payload is { Shape.Type: "blob" or "string" })
                {
                    doc[payload.Name] = payload.Shape.Type == "blob" ? Convert.ToBase64String(buffer.ToArray()) : System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                }
                else
                {
                    JsonNode? body;
                    try
                    {
                        body = JsonNode.Parse(buffer.ToArray());
                    }
                    catch (JsonException)
                    {
                        throw CommonErrors.Serialization("Unable to parse request body as JSON.");
                    }

                    if (payload is not null) doc[payload.Name] = body;
                    else if (body is JsonObject obj)
                    {
                        foreach (var member in input.Members.Where(m => m.Location == MemberLocation.Body))
                        {
                            if (obj[member.WireName] is { } v) doc[member.Name] = v.DeepClone();
                        }
                    }
                }
            }
        }

        var typed = TypedDocuments.ToTyped(doc, type, "SerializationException");
        if (typed is IStreamingPayload streaming) streaming.PayloadStream = request.Body;
        return typed;
    }

    public async Task WriteOutputAsync(AwsRequest request, object? output)
    {
        var response = request.Http.Response;
        var shape = request.Operation.Output;
        var doc = TypedDocuments.ToDocument(output, request.Service.Types[request.Operation.Name].Output);
        var status = RestBindings.WriteOutput(response, doc, shape, request.Operation.ResponseCode);
        response.StatusCode = request.StatusCode ?? status;
        if (shape is null) return;
        var payload = shape.Payload is { } p ? shape.Member(p) : null;
        if (payload is { IsStreamingBlob: true } && output is IStreamingPayload { PayloadStream: { } stream })
        {
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(response.Body, request.Http.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        byte[] bytes;
        if (payload is not null)
        {
            var value = doc[payload.Name];
            bytes = value is null ? [] : payload.Shape.Type == "blob" ? Convert.FromBase64String(value.GetValue<string>()) : System.Text.Encoding.UTF8.GetBytes(value.ToJsonString());
        }
        else
        {
            // Bodies carry timestamps as epoch seconds, unlike the document form.
            var type = request.Service.Types[request.Operation.Name].Output!;
            var wire = JsonSerializer.SerializeToNode(output, type, AwsJson.Wire)!.AsObject();
            var body = new JsonObject();
            foreach (var member in shape.Members.Where(m => m.Location == MemberLocation.Body))
            {
                if (wire[member.Name] is { } v) body[member.WireName] = v.DeepClone();
            }

            response.ContentType = "application/json";
            bytes = JsonSerializer.SerializeToUtf8Bytes(body, AwsJson.Wire);
        }

        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, request.Http.RequestAborted).ConfigureAwait(false);
    }

    public async Task WriteErrorAsync(AwsRequest request, AwsServiceException error) =>
        await JsonCodec.WriteJsonErrorAsync(request.Http.Response, "application/json", error).ConfigureAwait(false);
}
