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

    public async Task<JsonNode> CallAsync(string operation, byte[] body) => JsonNode.Parse(await CallRawAsync(operation, body))!;

    /// <summary>The raw response body, for callers that scan it instead of building a tree.</summary>
    public async Task<byte[]> CallRawAsync(string operation, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.Add("X-Amz-Target", $"{targetPrefix}.{operation}");
        _signer.Sign(request, SigV4.HexSha256(body));
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{operation}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    public Task<JsonNode> CallAsync(string operation, object body) => CallAsync(operation, JsonSerializer.SerializeToUtf8Bytes(body));

    public void Dispose() => _http.Dispose();
}
