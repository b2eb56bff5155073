using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Auth;

namespace Basin.Cli.Sql;

/// <summary>
/// A minimal signed client of a running Basin's Athena and S3 APIs for <c>basin sql</c>: the
/// query takes exactly the path any SDK's would (StartQueryExecution, polling, GetQueryResults).
/// Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (default "test"), so it works
/// with <c>--auth sigv4</c> too.
/// </summary>
internal sealed class AthenaClient(int port) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(10) };
    private readonly string _accessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "test";
    private readonly string _secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "test";
    private readonly string _region = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";

    public async Task<JsonObject> CallAsync(string operation, JsonObject input, CancellationToken cancellationToken)
    {
        var body = input.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, _http.BaseAddress) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonAthena." + operation);
        new SigV4Signer(_accessKey, _secret, _region, "athena").Sign(request, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = text.Length > 0 ? JsonNode.Parse(text)!.AsObject() : [];
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{json["__type"]?.GetValue<string>() ?? response.StatusCode.ToString()}: {json["message"]?.GetValue<string>() ?? json["Message"]?.GetValue<string>() ?? text}");
        return json;
    }

    /// <summary>Creates an S3 bucket if there is none of that name (the default result bucket).</summary>
    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri(_http.BaseAddress!, bucket));
        new SigV4Signer(_accessKey, _secret, _region, "s3").Sign(head);
        using var exists = await _http.SendAsync(head, cancellationToken).ConfigureAwait(false);
        if (exists.IsSuccessStatusCode) return;
        using var create = new HttpRequestMessage(HttpMethod.Put, new Uri(_http.BaseAddress!, bucket));
        new SigV4Signer(_accessKey, _secret, _region, "s3").Sign(create);
        using var created = await _http.SendAsync(create, cancellationToken).ConfigureAwait(false);
        created.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
