using System.Globalization;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Logging;

/// <summary>
/// One S3 server access log record in AWS's space-separated format: bucket owner, bucket,
/// [time], remote IP, requester, request id, operation, key, "request URI", status, error code,
/// bytes sent, object size, total time, turn-around time, "referer", "user agent", version id,
/// host id, signature version, cipher suite, authentication type, host header, TLS version,
/// access point ARN, ACL required; "-" for what does not apply.
/// </summary>
public static class AccessLogLine
{
    public static string Format(AwsRequest request, string bucketOwner, string bucket, DateTimeOffset time, int status, string? errorCode, long? bytesSent, TimeSpan elapsed)
    {
        var http = request.Http;
        var key = request.UriLabels.GetValueOrDefault("Key");
        var uri = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} {http.Request.Protocol}";
        var fields = new[]
        {
            Owners.CanonicalId(bucketOwner),
            bucket,
            "[" + time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000]",
            http.Connection.RemoteIpAddress?.ToString() ?? "-",
            request.Caller.IsAnonymous ? "-" : request.Caller.Arn,
            request.RequestId,
            Operation(request),
            key is null ? "-" : Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal),
            Quote(uri),
            status.ToString(CultureInfo.InvariantCulture),
            errorCode ?? "-",
            bytesSent is > 0 ? bytesSent.Value.ToString(CultureInfo.InvariantCulture) : "-",
            "-",
            ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "-",
            Quote(http.Request.Headers.Referer.ToString()),
            Quote(http.Request.Headers.UserAgent.ToString()),
            http.Response.Headers["x-amz-version-id"].ToString() is { Length: > 0 } v ? v : "-",
            request.RequestId,
            request.Caller.IsAnonymous ? "-" : "SigV4",
            "-",
            request.Caller.IsAnonymous ? "-" : http.Request.Query.ContainsKey("X-Amz-Signature") ? "QueryString" : "AuthHeader",
            http.Request.Host.Value ?? "-",
            "-",
            "-",
            "-",
        };
        return string.Join(' ', fields);
    }

    /// <summary>AWS's operation label: REST.METHOD.RESOURCE, e.g. REST.GET.OBJECT, REST.PUT.TAGGING, REST.COPY.OBJECT.</summary>
    public static string Operation(AwsRequest request)
    {
        var name = request.Operation.Name;
        var method = request.Http.Request.Method.ToUpperInvariant();
        var resource = name switch
        {
            "CopyObject" => null,
            "UploadPart" or "UploadPartCopy" => "PART",
            "CreateMultipartUpload" => "UPLOADS",
            "CompleteMultipartUpload" or "AbortMultipartUpload" or "ListParts" => "UPLOAD",
            "ListObjectVersions" => "BUCKETVERSIONS",
            "PutBucketLogging" or "GetBucketLogging" => "LOGGING_STATUS",
            _ => request.Operation.Uri.QueryLiterals.Select(q => q.Key.ToUpperInvariant()).FirstOrDefault()
                 ?? (request.UriLabels.ContainsKey("Key") ? "OBJECT" : "BUCKET"),
        };
        return resource is null ? "REST.COPY.OBJECT" : $"REST.{method}.{resource}";
    }

    private static string Quote(string value) => value.Length == 0 ? "\"-\"" : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
