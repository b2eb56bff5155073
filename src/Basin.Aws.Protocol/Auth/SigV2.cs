using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// S3's legacy Signature Version 2 (Amazon S3 Developer Guide, "Signing and authenticating REST
/// requests"), which boto3 still uses by default for presigned S3 URLs
/// (<c>?AWSAccessKeyId=..&amp;Expires=..&amp;Signature=..</c>) and some tools send as
/// <c>Authorization: AWS key:signature</c>. StringToSign = verb, Content-MD5, Content-Type,
/// Date (or Expires), canonical x-amz-* headers, canonical resource; HMAC-SHA1, base64.
/// </summary>
public static class SigV2
{
    // The sub-resources and response overrides that take part in the canonical resource.
    private static readonly HashSet<string> SignedSubresources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "cors", "defaultObjectAcl", "location", "logging", "partNumber", "policy", "requestPayment",
        "torrent", "versioning", "versionId", "versions", "website", "uploads", "uploadId", "response-content-type",
        "response-content-language", "response-expires", "response-cache-control", "response-content-disposition",
        "response-content-encoding", "delete", "lifecycle", "tagging", "restore", "storageClass", "notification",
        "replication", "analytics", "metrics", "inventory", "select", "select-type", "object-lock", "legal-hold", "retention",
    };

    public static SignedRequest? Read(HttpRequest request)
    {
        if (request.Query.TryGetValue("AWSAccessKeyId", out var key) && request.Query.TryGetValue("Signature", out var signature))
        {
            if (!long.TryParse(request.Query["Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            {
                throw new AwsServiceException("AccessDenied", "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters", 403);
            }

            return new SignedRequest(key.ToString(), string.Empty, string.Empty, "s3", [], signature.ToString(), request.Query["Expires"].ToString(), Presigned: true, ExpiresSeconds: 0)
            {
                Version = 2,
                V2Expires = DateTimeOffset.FromUnixTimeSeconds(expires),
            };
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS ", StringComparison.Ordinal)) return null;
        var colon = authorization.LastIndexOf(':');
        if (colon < 4) throw new AwsServiceException("InvalidArgument", "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
        var date = request.Headers["x-amz-date"].ToString() is { Length: > 0 } amzDate ? amzDate : request.Headers.Date.ToString();
        return new SignedRequest(authorization[4..colon], string.Empty, string.Empty, "s3", [], authorization[(colon + 1)..], date, Presigned: false, ExpiresSeconds: 0) { Version = 2 };
    }

    public static string StringToSign(HttpRequest request, string canonicalPath, SignedRequest signed)
    {
        var headers = request.Headers;
        var sb = new StringBuilder();
        sb.Append(request.Method).Append('\n');
        sb.Append(headers["Content-MD5"].ToString()).Append('\n');
        sb.Append(headers.ContentType.ToString()).Append('\n');

        // Query auth signs Expires; header auth signs Date, or nothing when x-amz-date is used.
        sb.Append(signed.Presigned ? request.Query["Expires"].ToString() : headers.ContainsKey("x-amz-date") ? string.Empty : headers.Date.ToString()).Append('\n');
        foreach (var (name, value) in headers
                     .Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(',', h.Value.Select(v => v?.Trim()))))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append(canonicalPath);
        var subresources = request.Query
            .Where(q => SignedSubresources.Contains(q.Key))
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .Select(q => q.Value.Count == 0 || (q.Value.Count == 1 && string.IsNullOrEmpty(q.Value[0])) && !RawQueryHasValue(request, q.Key) ? q.Key : $"{q.Key}={q.Value}")
            .ToList();
        if (subresources.Count > 0) sb.Append('?').Append(string.Join('&', subresources));
        return sb.ToString();
    }

    public static string Sign(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary><c>?uploads</c> signs as "uploads" but <c>?uploads=</c> as "uploads=".</summary>
    private static bool RawQueryHasValue(HttpRequest request, string key) =>
        (request.QueryString.Value ?? string.Empty).Contains(key + "=", StringComparison.Ordinal);
}
