using System.Text.Json;

namespace Basin.Aws.Protocol.Model;

/// <summary>One API operation: its HTTP binding, input/output shapes and declared errors.</summary>
public sealed class OperationModel
{
    public required ServiceModel Service { get; init; }
    public required string Name { get; init; }
    public string HttpMethod { get; init; } = "POST";

    /// <summary>The request URI template, e.g. <c>/{Bucket}/{Key+}?uploads</c>.</summary>
    public string RequestUri { get; init; } = "/";
    public int ResponseCode { get; init; } = 200;
    public Shape? Input { get; init; }

    /// <summary>The model's httpChecksum.requestChecksumRequired: the request must carry Content-MD5 or a flexible checksum.</summary>
    public bool RequestChecksumRequired { get; init; }
    public Shape? Output { get; init; }
    public IReadOnlyList<Shape> Errors { get; init; } = [];
    public UriTemplate Uri { get; init; } = UriTemplate.Parse("/");

    /// <summary>Superseded by another operation on the same binding (S3's PutBucketLifecycle by PutBucketLifecycleConfiguration).</summary>
    public bool Deprecated { get; init; }

    internal static OperationModel Parse(ServiceModel service, string name, JsonElement json, IReadOnlyDictionary<string, Shape> shapes)
    {
        var http = json.TryGetProperty("http", out var h) ? h : default;
        var uri = http.ValueKind == JsonValueKind.Object && http.TryGetProperty("requestUri", out var u) ? u.GetString()! : "/";
        return new OperationModel
        {
            Service = service,
            Name = name,
            HttpMethod = http.ValueKind == JsonValueKind.Object && http.TryGetProperty("method", out var m) ? m.GetString()! : "POST",
            RequestUri = uri,
            ResponseCode = http.ValueKind == JsonValueKind.Object && http.TryGetProperty("responseCode", out var rc) ? rc.GetInt32() : 200,
            Input = json.TryGetProperty("input", out var i) ? shapes[i.GetProperty("shape").GetString()!] : null,
            Output = json.TryGetProperty("output", out var o) ? shapes[o.GetProperty("shape").GetString()!] : null,
            Errors = json.TryGetProperty("errors", out var e)
                ? e.EnumerateArray().Select(x => shapes[x.GetProperty("shape").GetString()!]).ToArray()
                : [],
            Uri = UriTemplate.Parse(uri),
            Deprecated = json.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True,
            RequestChecksumRequired = json.TryGetProperty("httpChecksum", out var hc) && hc.TryGetProperty("requestChecksumRequired", out var required) && required.ValueKind == JsonValueKind.True,
        };
    }
}
