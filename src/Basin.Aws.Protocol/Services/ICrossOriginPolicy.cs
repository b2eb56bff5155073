namespace Basin.Aws.Protocol.Services;

/// <summary>
/// A service whose resources carry CORS rules (S3 buckets). The edge asks it to answer a browser's
/// preflight (OPTIONS) and which Access-Control-* headers go on an actual cross-origin response.
/// </summary>
public interface ICrossOriginPolicy
{
    /// <summary>The headers allowing this preflight, or null when no rule of the resource allows it.</summary>
    IReadOnlyDictionary<string, string>? Preflight(string resource, string origin, string method, IReadOnlyList<string> requestHeaders);

    /// <summary>The headers for an actual request from <paramref name="origin"/>, or null when no rule matches.</summary>
    IReadOnlyDictionary<string, string>? ForRequest(string resource, string origin, string method);
}
