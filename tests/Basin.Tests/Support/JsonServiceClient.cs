using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Auth;

namespace Basin.Tests.Support;

/// <summary>
/// Calls an AWS JSON-protocol service (X-Amz-Target) with SigV4, for services whose AWS SDK for
/// .NET package is not installable here (Kinesis, Glue, ...). Throws on an error response.
/// </summary>
public sealed class JsonServiceClient(string endpoint, string service, string targetPrefix, string jsonVersion = "1.1") : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SigV4Signer _signer = new("test", "test", "us-east-1", service);

    public async Task<JsonNode> CallAsync(string operation, object body, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/") { Content = new ByteArrayContent(json) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/x-amz-json-{jsonVersion}");
        request.Headers.Add("X-Amz-Target", $"{targetPrefix}.{operation}");
        _signer.Sign(request, SigV4.HexSha256(json));
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{operation} failed ({(int)response.StatusCode}): {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public void Dispose() => _http.Dispose();
}
