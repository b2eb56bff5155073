using System.Text;
using System.Text.Json;
using System.Xml;
using Basin.Aws.Protocol.Codecs;
using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.EventStreams;

/// <summary>
/// Writes an operation's event stream, each message flushed as it is produced. The event type is
/// the event-stream member whose shape the event object is. JSON protocols (Kinesis
/// SubscribeToShard) start with an initial-response message and serialize each event as JSON;
/// an AwsServiceException yielded or thrown becomes an exception message, after which the stream
/// ends. REST-XML (S3 SelectObjectContent) sends only the events: the event's payload member as
/// the message body (a blob as raw bytes, a structure as XML), and errors as error messages.
/// </summary>
public static class EventStreamWriter
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    public static async Task WriteAsync(AwsRequest request, Shape eventStream, IAsyncEnumerable<object> events, string payloadContentType)
    {
        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = ContentType;
        var byType = eventStream.Members.ToDictionary(m => m.Shape.Name, m => m.Name, StringComparer.Ordinal);
        await SendAsync(response, [(":message-type", "event"), (":event-type", "initial-response"), (":content-type", payloadContentType)], "{}"u8.ToArray()).ConfigureAwait(false);
        try
        {
            await foreach (var item in events.WithCancellation(request.Http.RequestAborted).ConfigureAwait(false))
            {
                if (item is AwsServiceException error)
                {
                    await SendErrorAsync(response, error).ConfigureAwait(false);
                    return;
                }

                var type = item.GetType();
                var name = byType.TryGetValue(type.Name, out var member) ? member : throw new InvalidOperationException($"{type.Name} is not an event of {eventStream.Name}.");
                await SendAsync(response, [(":message-type", "event"), (":event-type", name), (":content-type", payloadContentType)], JsonSerializer.SerializeToUtf8Bytes(item, type, AwsJson.Wire)).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException error)
        {
            await SendErrorAsync(response, error).ConfigureAwait(false);
        }
    }

    public static async Task WriteXmlAsync(AwsRequest request, Shape eventStream, IAsyncEnumerable<object> events)
    {
        var response = request.Http.Response;
        response.StatusCode = 200;
        var byType = eventStream.Members.ToDictionary(m => m.Shape.Name, StringComparer.Ordinal);
        try
        {
            await foreach (var item in events.WithCancellation(request.Http.RequestAborted).ConfigureAwait(false))
            {
                var type = item.GetType();
                var member = byType.TryGetValue(type.Name, out var m) ? m : throw new InvalidOperationException($"{type.Name} is not an event of {eventStream.Name}.");
                var headers = new List<(string, string)> { (":message-type", "event"), (":event-type", member.Name) };
                var payload = Array.Empty<byte>();
                // The payload member's value as the handler set it: a blob's bytes go out as they are
                // (Records chunks), a structure as XML.
                if (member.Shape.Members.FirstOrDefault(p => p.EventPayload) is { } payloadMember
                    && type.GetProperty(payloadMember.Name)?.GetValue(item) is { } value)
                {
                    (var contentType, payload) = value is byte[] bytes
                        ? ("application/octet-stream", bytes)
                        : ("text/xml", Xml(payloadMember.Shape.Name, TypedDocuments.ToDocument(value, value.GetType()), payloadMember.Shape));
                    headers.Add((":content-type", contentType));
                }

                await SendAsync(response, headers, payload).ConfigureAwait(false);
            }
        }
        catch (AwsServiceException error)
        {
            await SendAsync(response, [(":message-type", "error"), (":error-code", error.Code), (":error-message", error.Message)], []).ConfigureAwait(false);
        }
    }

    private static readonly XmlWriterSettings EventXml = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };

    private static byte[] Xml(string name, System.Text.Json.Nodes.JsonNode value, Shape shape)
    {
        using var bytes = new MemoryStream();
        using (var writer = XmlWriter.Create(bytes, EventXml))
        {
            XmlShapeWriter.WriteElement(writer, name, value, shape);
        }

        return bytes.ToArray();
    }

    private static Task SendErrorAsync(HttpResponse response, AwsServiceException error) =>
        SendAsync(response, [(":message-type", "exception"), (":exception-type", error.Code), (":content-type", "application/json")], JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message }));

    private static async Task SendAsync(HttpResponse response, IReadOnlyList<(string, string)> headers, byte[] payload)
    {
        await response.Body.WriteAsync(EventStreamMessage.Encode(headers, payload)).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }
}
