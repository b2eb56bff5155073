using Basin.Aws.Protocol.Auth;

namespace Basin.Edge;

public sealed class EdgeOptions
{
    public string Region { get; init; } = "us-east-1";
    public AuthMode Auth { get; init; } = AuthMode.Off;

    /// <summary>Hosts under which <c>bucket.host</c> addresses a bucket virtual-hosted-style.</summary>
    public IReadOnlyList<string> S3BaseHosts { get; init; } = ["localhost", "s3.localhost", "s3.amazonaws.com", "localhost.localstack.cloud", "s3.localhost.localstack.cloud"];

    /// <summary>Read-only views the host offers as <c>GET /_basin/{name}</c> (JSON), such as the recent bus events.</summary>
    public IReadOnlyDictionary<string, Func<object>> Views { get; init; } = new Dictionary<string, Func<object>>();
}
