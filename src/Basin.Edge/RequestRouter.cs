using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Auth;
using Microsoft.AspNetCore.Http;

namespace Basin.Edge;

/// <summary>
/// Decides which service and operation a request is for: X-Amz-Target (JSON protocols), then the
/// SigV4 credential scope's service (query and REST protocols), defaulting to S3 for unsigned
/// requests. S3 virtual-hosted-style hosts (<c>bucket.s3.localhost</c>) become path-style here.
/// </summary>
public sealed class RequestRouter(ServiceDirectory services, IEnumerable<string> s3BaseHosts)
{
    // Longest first, so "s3.localhost" wins over "localhost".
    private readonly string[] _s3BaseHosts = [.. s3BaseHosts.OrderByDescending(h => h.Length)];

    public async Task<ResolvedOperation> ResolveAsync(HttpContext http, SignedRequest? signed)
    {
        var request = http.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.LastIndexOf('.');
            var service = dot > 0 ? services.ByTargetPrefix(target[..dot]) : null;
            if (service is null) throw CommonErrors.UnknownOperation(target);
            var name = target[(dot + 1)..];
            return service.Model.Operations.TryGetValue(name, out var op)
                ? new ResolvedOperation(service, op, new Dictionary<string, string>())
                : throw CommonErrors.UnknownOperation(service.Name);
        }

        var entry = signed is not null ? services.BySigningName(signed.Service) : null;
        if (signed is not null && entry is null)
        {
            throw new AwsServiceException("UnknownService", $"Basin does not cover the AWS service '{signed.Service}'.", 400);
        }

        entry ??= services.ByName("s3")!;
        if (entry.Name == "s3" && IsS3Control(request)) entry = services.ByName("s3control")!;
        if (entry.Protocol == "query")
        {
            // The form is read here to find the Action, and again later to hash the signed body.
            request.EnableBuffering();
            var parameters = await Aws.Protocol.Codecs.QueryCodec.ReadParametersAsync(http).ConfigureAwait(false);
            request.Body.Position = 0;
            if (!parameters.TryGetValue("Action", out var action)) throw CommonErrors.MissingParameter("Action");
            return entry.Model.Operations.TryGetValue(action, out var op)
                ? new ResolvedOperation(entry, op, new Dictionary<string, string>())
                : throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version {entry.Model.ApiVersion}", 400);
        }

        var path = RequestAuthenticator.RawPath(http);
        var bucket = entry.Name == "s3" ? VirtualHostBucket(request.Host.Host) : null;
        if (bucket is not null) path = "/" + bucket + (path == "/" ? string.Empty : path);

        var match = RestOperationMatcher.Match(entry.Model, request, path);
        return match is { } m
            ? new ResolvedOperation(entry, m.Operation, m.Labels, bucket)
            : throw (entry.Name == "s3"
                ? new AwsServiceException("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
                    .With("Method", request.Method).With("ResourceType", path.Count(c => c == '/') > 1 ? "OBJECT" : "BUCKET")
                : new AwsServiceException("UnknownOperationException", $"No {entry.Name} operation matches {request.Method} {path}.", 404));
    }

    /// <summary>
    /// S3 Control requests are signed as S3's and come to the same port; they are the ones under
    /// its API version's path that name an account (<c>x-amz-account-id</c>), which no S3 request
    /// sends. Clients put the account in the host too (<c>123456789012.localhost</c>), which is
    /// not a bucket here.
    /// </summary>
    private static bool IsS3Control(HttpRequest request) =>
        request.Path.StartsWithSegments("/v20180820", StringComparison.Ordinal) && request.Headers.ContainsKey("x-amz-account-id");

    /// <summary>The bucket of a virtual-hosted-style host, e.g. <c>logs</c> for <c>logs.s3.localhost</c>.</summary>
    public string? VirtualHostBucket(string host)
    {
        if (_s3BaseHosts.Any(b => string.Equals(b, host, StringComparison.OrdinalIgnoreCase))) return null;
        foreach (var baseHost in _s3BaseHosts)
        {
            if (host.Length > baseHost.Length + 1 && host.EndsWith("." + baseHost, StringComparison.OrdinalIgnoreCase))
            {
                return host[..^(baseHost.Length + 1)];
            }
        }

        return null;
    }
}
