using Basin.Aws.Protocol.Auth;

namespace Basin.Bench;

/// <summary>
/// A minimal S3 client for load: HttpClient plus Basin's SigV4 signer (UNSIGNED-PAYLOAD, as S3
/// allows), so the client costs microseconds per request and is not what the benchmark measures.
/// </summary>
public sealed class SignedS3Client(string endpoint, int connections) : IDisposable
{
    private readonly SigV4Signer _signer = new("test", "test", "us-east-1", "s3");

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(endpoint),
        Timeout = TimeSpan.FromMinutes(5),
    };

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, pathAndQuery)) { Content = content };
        _signer.Sign(request);
        return _http.SendAsync(request, completion);
    }

    public void Dispose() => _http.Dispose();
}
