using Basin.Services.Firehose.Processing;
using Microsoft.Extensions.Logging;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Delivers a buffer to an HTTP endpoint: one POST per attempt, the same request id on every
/// attempt, retries with a doubling back-off (1 s, 2 s, ... at most 60 s) until the stream's retry
/// duration has passed since the first attempt, then the buffer's records fail with the last
/// attempt's error and go to the S3 error output under http-endpoint-failed.
/// </summary>
public sealed partial class HttpEndpointSender(HttpClient http, TimeProvider time, TimeSpan timeout, ILogger logger)
{
    public const string FailedOutputType = "http-endpoint-failed";
    private const long FirstBackoffMs = 1000;
    private const long MaxBackoffMs = 60_000;

    public async Task<DeliveryResult> SendAsync(DeliveryPlan plan, HttpOutput output, DeliveryBuffer buffer, CancellationToken stop)
    {
        var started = time.GetUtcNow().ToUnixTimeMilliseconds();
        buffer.RequestId ??= Guid.NewGuid().ToString();
        buffer.FirstAttemptMs ??= started;
        buffer.Attempts++;
        var failure = await AttemptAsync(output, plan.Stream.Arn, buffer.RequestId, started, buffer.Records, stop).ConfigureAwait(false);
        if (failure is not { } error) return new DeliveryResult(buffer.Records, []);

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var deadline = buffer.FirstAttemptMs.Value + output.RetryDurationMs;
        LogAttemptFailed(logger, plan.Stream.Arn, output.Url, buffer.Attempts, error.Code, error.Message);
        if (now >= deadline)
        {
            var reason = new RecordFailure(FailedOutputType, error.Code, error.Message, buffer.Attempts);
            return new DeliveryResult([], [.. buffer.Records.Select(r => r with { Failure = reason })]);
        }

        var backoff = Math.Min(FirstBackoffMs << Math.Min(buffer.Attempts - 1, 16), MaxBackoffMs);
        return DeliveryResult.Retry(Math.Min(now + backoff, deadline));
    }

    private async Task<(string Code, string Message)?> AttemptAsync(HttpOutput output, string sourceArn, string requestId, long timestampMs, IReadOnlyList<BufferedRecord> records, CancellationToken stop)
    {
        using var request = HttpEndpointRequest.Create(output, sourceArn, requestId, timestampMs, records);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(response.Content, deadline.Token).ConfigureAwait(false);
            if (body is null) return (HttpEndpointResponse.ResponseTooLarge, $"The response to request {requestId} is larger than {HttpEndpointResponse.MaxBytes} bytes.");
            return HttpEndpointResponse.Check((int)response.StatusCode, response.Content.Headers.ContentType, response.Content.Headers.ContentEncoding, body, requestId);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (HttpEndpointResponse.RequestTimeout, $"The endpoint did not answer request {requestId} within {timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            var code = e.HttpRequestError switch
            {
                HttpRequestError.SecureConnectionError => HttpEndpointResponse.SslHandshakeFailure,
                HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError => HttpEndpointResponse.ConnectionFailed,
                _ => HttpEndpointResponse.ConnectionReset,
            };
            return (code, $"Request {requestId} to {output.Url.GetLeftPart(UriPartial.Authority)} failed: {e.Message}");
        }
        catch (IOException e)
        {
            return (HttpEndpointResponse.ConnectionReset, $"The connection for request {requestId} was closed early: {e.Message}");
        }
    }

    /// <summary>The response body, or null when it is over Firehose's 1 MiB limit.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancel)
    {
        if (content.Headers.ContentLength > HttpEndpointResponse.MaxBytes) return null;
        var stream = await content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > HttpEndpointResponse.MaxBytes) return null;
                body.Write(chunk, 0, read);
            }

            return body.ToArray();
        }
    }

    /// <summary>The client Firehose delivers with: no redirects followed (a 3xx is a failed attempt), no response decompression.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose {Arn}: delivery attempt {Attempt} to {Url} failed ({Code}): {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, string arn, Uri url, int attempt, string code, string message);
}
