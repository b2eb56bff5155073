using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Services;
using Microsoft.AspNetCore.Http;

namespace Basin.Edge;

/// <summary>
/// CORS at the edge, for S3: a browser's preflight (OPTIONS with Origin and
/// Access-Control-Request-Method) is answered from the bucket's CORS rules, and an actual request
/// carrying Origin gets the Access-Control-* headers of the rule that allows it.
/// </summary>
public static class CrossOrigin
{
    private const string DeniedMessage = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && !request.Headers.ContainsKey("X-Amz-Target");

    /// <summary>Answers a preflight: 200 with the allowing rule's headers, 403 when no rule allows it, 400 without Origin or method.</summary>
    public static Task AnswerPreflightAsync(HttpContext http, ServiceDirectory services, RequestRouter router)
    {
        var request = http.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) throw new AwsServiceException("BadRequest", "Insufficient information. Origin request header needed.");
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (method.Length == 0) throw new AwsServiceException("BadRequest", "Invalid Access-Control-Request-Method: null");
        var requested = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bucket = Bucket(http, router) ?? throw Denied(method);
        var policy = services.ByName("s3")?.Implementation as ICrossOriginPolicy;
        var headers = policy?.Preflight(bucket, origin, method, requested) ?? throw Denied(method);
        foreach (var (name, value) in headers) http.Response.Headers[name] = value;
        http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>Adds the CORS headers to an S3 response when the request came from an allowed origin.</summary>
    public static void Apply(AwsRequest request, ICrossOriginPolicy? policy)
    {
        var http = request.Http;
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || request.Service.Name != "s3") return;
        var bucket = request.VirtualHostedBucket ?? request.UriLabels.GetValueOrDefault("Bucket");
        if (bucket is null || policy is null) return;
        if (policy.ForRequest(bucket, origin, http.Request.Method) is not { } headers) return;
        foreach (var (name, value) in headers) http.Response.Headers[name] = value;
    }

    private static string? Bucket(HttpContext http, RequestRouter router)
    {
        var bucket = router.VirtualHostBucket(http.Request.Host.Host);
        if (bucket is not null) return bucket;
        var path = RequestAuthenticator.RawPath(http).TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? path : path[..slash];
        return name.Length > 0 ? Uri.UnescapeDataString(name) : null;
    }

    private static AwsServiceException Denied(string method) =>
        new AwsServiceException("AccessForbidden", DeniedMessage, 403).With("Method", method).With("ResourceType", "OBJECT");
}
