using System.Text.Json.Nodes;
using System.Xml;
using Basin.Aws.Model;
using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>The rest-xml protocol (S3): REST bindings plus an XML or streaming payload.</summary>
public sealed class RestXmlCodec : IProtocolCodec
{
    public async Task<object?> ReadInputAsync(AwsRequest request)
    {
        var input = request.Operation.Input;
        var types = request.Service.Types[request.Operation.Name];
        if (input is null || types.Input is null) return null;
        var doc = RestBindings.ReadInput(request, input);
        var payload = input.Payload is { } p ? input.Member(p) : null;
        if (payload is { IsStreamingBlob: false })
        {
            if (payload.Shape.Type == "structure")
            {
                await using var body = await BufferedBody.ReadAsync(request).ConfigureAwait(false);
                var root = await XmlShapeReader.LoadAsync(body, request.Http.RequestAborted).ConfigureAwait(false);
                if (root is not null) doc[payload.Name] = XmlShapeReader.Read(root, payload.Shape);
            }
            else
            {
                using var buffer = await BufferedBody.ReadAsync(request).ConfigureAwait(false);
                doc[payload.Name] = payload.Shape.Type == "blob" ? Convert.ToBase64String(buffer.ToArray()) : System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
        else if (payload is null && RestBindings.HasBodyMembers(input))
        {
            await using var body = await BufferedBody.ReadAsync(request).ConfigureAwait(false);
            var root = await XmlShapeReader.LoadAsync(body, request.Http.RequestAborted).ConfigureAwait(false);
            if (root is not null)
            {
                foreach (var (k, v) in XmlShapeReader.Read(root, input)!.AsObject().ToList()) doc[k] = v?.DeepClone();
            }
        }

        var typed = TypedDocuments.ToTyped(doc, types.Input);
        if (typed is IStreamingPayload streaming) streaming.PayloadStream = request.Body;
        return typed;
    }

    public async Task WriteOutputAsync(AwsRequest request, object? output)
    {
        var response = request.Http.Response;
        var shape = request.Operation.Output;
        if (request.EventStream is { } events && shape?.Members.FirstOrDefault(m => m.Shape.IsEventStream) is { } stream)
        {
            await EventStreams.EventStreamWriter.WriteXmlAsync(request, stream.Shape, events).ConfigureAwait(false);
            return;
        }

        var doc = TypedDocuments.ToDocument(output, request.Service.Types[request.Operation.Name].Output);
        var status = RestBindings.WriteOutput(response, doc, shape, request.Operation.ResponseCode);
        response.StatusCode = request.StatusCode ?? status;
        if (shape is null || request.IsHead) return;

        var payload = shape.Payload is { } p ? shape.Member(p) : null;
        if (payload is { IsStreamingBlob: true })
        {
            if (output is IStreamingPayload { PayloadStream: { } body })
            {
                await using (body.ConfigureAwait(false))
                {
                    await body.CopyToAsync(response.Body, 256 * 1024, request.Http.RequestAborted).ConfigureAwait(false);
                }
            }

            return;
        }

        if (payload is not null)
        {
            if (doc[payload.Name] is not { } value) return;

            // A string or blob payload is the body itself (GetBucketPolicy's policy document).
            if (payload.Shape.Type is "string" or "blob")
            {
                var raw = payload.Shape.Type == "blob" ? Convert.FromBase64String(value.GetValue<string>()) : System.Text.Encoding.UTF8.GetBytes(value.GetValue<string>());
                await response.Body.WriteAsync(raw, request.Http.RequestAborted).ConfigureAwait(false);
                return;
            }

            var name = payload.HasLocationName ? payload.WireName : payload.Shape.LocationName ?? payload.Name;
            await WriteXmlAsync(request, name, value, payload.Shape, payload.XmlNamespace ?? request.Service.XmlNamespace).ConfigureAwait(false);
        }
        else if (RestBindings.HasBodyMembers(shape))
        {
            await WriteXmlAsync(request, shape.LocationName ?? shape.Name, doc, shape, request.Service.XmlNamespace).ConfigureAwait(false);
        }
    }

    private static async Task WriteXmlAsync(AwsRequest request, string root, JsonNode value, Shape shape, string? ns)
    {
        var response = request.Http.Response;
        response.ContentType = "application/xml";
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, XmlShapeWriter.Settings))
        {
            writer.WriteStartDocument();

            // A structure whose only body member is named like its root is written as that
            // member's text (S3 GetBucketLocation: <LocationConstraint>eu-west-1</LocationConstraint>).
            var bodyMembers = shape.Members.Where(m => m.Location == MemberLocation.Body).ToList();
            if (shape.Type == "structure" && bodyMembers.Count == 1 && bodyMembers[0].WireName == root && bodyMembers[0].Shape.Type != "structure")
            {
                writer.WriteStartElement(root, ns ?? string.Empty);
                if (value[root] is { } text) XmlShapeWriter.WriteContent(writer, text, bodyMembers[0].Shape, bodyMembers[0]);
                writer.WriteEndElement();
            }
            else
            {
                XmlShapeWriter.WriteElement(writer, root, value, shape, ns, listOrder: request.XmlListOrder);
            }
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, request.Http.RequestAborted).ConfigureAwait(false);
    }

    public async Task WriteErrorAsync(AwsRequest request, AwsServiceException error) =>
        await WriteXmlErrorAsync(request.Http, request.RequestId, error, wrapped: !request.Service.NoErrorWrapping).ConfigureAwait(false);

    /// <summary>
    /// The error document: S3's bare <c>&lt;Error&gt;</c> (also used before an operation is
    /// resolved) or, <paramref name="wrapped"/>, inside <c>&lt;ErrorResponse&gt;</c> with the
    /// request id beside it, as S3 Control and other rest-xml services answer.
    /// </summary>
    public static async Task WriteXmlErrorAsync(Microsoft.AspNetCore.Http.HttpContext http, string requestId, AwsServiceException error, bool wrapped = false)
    {
        var response = http.Response;
        response.StatusCode = error.StatusCode;
        foreach (var (k, v) in error.Headers) response.Headers[k] = v;
        if (Microsoft.AspNetCore.Http.HttpMethods.IsHead(http.Request.Method) || error.StatusCode == 304) return;
        response.ContentType = "application/xml";
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, XmlShapeWriter.Settings))
        {
            writer.WriteStartDocument();
            if (wrapped) writer.WriteStartElement("ErrorResponse");
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", error.Message);
            foreach (var (k, v) in error.Fields) writer.WriteElementString(k, v);
            if (wrapped) writer.WriteEndElement();
            writer.WriteElementString("RequestId", requestId);
            writer.WriteElementString("HostId", requestId);
            writer.WriteEndElement();
        }

        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body).ConfigureAwait(false);
    }
}
