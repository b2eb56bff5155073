using System.Globalization;
using System.Net.Http.Headers;
using Basin.Aws.Protocol.Auth;

namespace Basin.Bench;

/// <summary>
/// A minimal S3 client for load: HttpClient plus Basin's SigV4 signer (UNSIGNED-PAYLOAD, as S3
/// allows), so the client costs microseconds per request and is not what the benchmark measures.
/// </summary>
public sealed class SignedS3Client(string endpoint, int connections) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(endpoint),
        Timeout = TimeSpan.FromMinutes(5),
    };

    private readonly string _host = new Uri(endpoint).Authority;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        Sign(request, pathAndQuery);
        return _http.SendAsync(request, completion);
    }

    private void Sign(HttpRequestMessage request, string pathAndQuery)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = q < 0 ? string.Empty : pathAndQuery[(q + 1)..];
        var canonical = SigV4.CanonicalRequest(request.Method.Method, SigV4.CanonicalUri(path, "s3"), SigV4.CanonicalQuery(query),
            [("host", _host), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("x-amz-date", amzDate)], "UNSIGNED-PAYLOAD");
        var scope = $"{date}/us-east-1/s3/aws4_request";
        var signature = SigV4.HexHmac(SigV4.SigningKey("test", date, "us-east-1", "s3"), SigV4.StringToSign(amzDate, scope, canonical));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256", $"Credential=test/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
    }

    public void Dispose() => _http.Dispose();
}
