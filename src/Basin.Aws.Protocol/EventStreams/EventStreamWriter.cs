using System.Text.Json;
using Basin.Aws.Protocol.Codecs;
using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.EventStreams;

/// <summary>
/// Writes an operation's event stream (Kinesis SubscribeToShard): an initial-response message,
/// then one message per event the handler yields, each flushed as it is produced. The event
/// type is the event-stream member whose shape the event object is; an AwsServiceException
/// yielded or thrown becomes an exception message, after which the stream ends.
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

    private static Task SendErrorAsync(HttpResponse response, AwsServiceException error) =>
        SendAsync(response, [(":message-type", "exception"), (":exception-type", error.Code), (":content-type", "application/json")], JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message }));

    private static async Task SendAsync(HttpResponse response, IReadOnlyList<(string, string)> headers, byte[] payload)
    {
        await response.Body.WriteAsync(EventStreamMessage.Encode(headers, payload)).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }
}
