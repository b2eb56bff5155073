using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Auth;

namespace Basin.Bench;

/// <summary>A minimal AWS JSON-protocol client (X-Amz-Target + SigV4) for load, cheap per call.</summary>
public sealed class SignedJsonClient(string endpoint, string service, string targetPrefix, int connections) : IDisposable
{
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");
    private readonly SigV4Signer _signer = new("test", "test", "us-east-1", service);
    private readonly Uri _uri = new(endpoint + "/");
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMinutes(2) };

    // Load loops resend the same body: hashing 700 KB for its signature on every call took ~15%
    // of a PutRecords round trip in the client, on the cores the server under test shares.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], string> _payloadHashes = [];

    public async Task<JsonNode> CallAsync(string operation, byte[] body) => JsonNode.Parse(await CallRawAsync(operation, body))!;

    /// <summary>The raw response body, for callers that scan it instead of building a tree.</summary>
    public Task<byte[]> CallRawAsync(string operation, byte[] body) => CallScanAsync(operation, body, span => span.ToArray());

    /// <summary>
    /// Calls and hands the response body to <paramref name="scan"/> in a pooled buffer, so a load
    /// client reading multi-MiB pages allocates nothing per call (and is not the bottleneck).
    /// </summary>
    public async Task<T> CallScanAsync<T>(string operation, byte[] body, ScanBody<T> scan)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.Add("X-Amz-Target", $"{targetPrefix}.{operation}");
        _signer.Sign(request, _payloadHashes.GetValue(body, b => SigV4.HexSha256(b)));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)(response.Content.Headers.ContentLength ?? 64 * 1024) + 1);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var n = await stream.ReadAsync(buffer.AsMemory(length));
                if (n == 0) break;
                length += n;
            }

            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{operation}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(buffer, 0, length)}");
            return scan(buffer.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<JsonNode> CallAsync(string operation, object body) => CallAsync(operation, JsonSerializer.SerializeToUtf8Bytes(body));

    public void Dispose() => _http.Dispose();
}

/// <summary>Reads a response body that is only valid during the call.</summary>
public delegate T ScanBody<out T>(ReadOnlySpan<byte> body);

