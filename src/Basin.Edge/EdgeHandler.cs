using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Codecs;
using Basin.Aws.Protocol.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Basin.Edge;

/// <summary>
/// Handles every request on the single port: Basin's own <c>/_basin/*</c> endpoints, CORS
/// preflights, otherwise route → authenticate → decode → run the operation → encode, with any failure answered in the
/// protocol's own error envelope. Unexpected exceptions become InternalError (500) and are logged.
/// </summary>
public sealed class EdgeHandler(ServiceDirectory services, RequestRouter router, RequestAuthenticator authenticator, EdgeOptions options, ILogger<EdgeHandler> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/_basin", StringComparison.Ordinal))
        {
            await BasinEndpoints.HandleAsync(http, services, options).ConfigureAwait(false);
            return;
        }

        var requestId = RequestIds.Next();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        AwsRequest? request = null;
        IRequestLog? log = null;
        string? errorCode = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (CrossOrigin.IsPreflight(http.Request))
            {
                await CrossOrigin.AnswerPreflightAsync(http, services, router).ConfigureAwait(false);
                return;
            }

            var signed = RequestAuthenticator.ReadSignature(http.Request);
            var resolved = await router.ResolveAsync(http, signed).ConfigureAwait(false);
            request = new AwsRequest
            {
                Http = http,
                RequestId = requestId,
                Service = resolved.Service.Model,
                Operation = resolved.Operation,
                Region = signed?.Region ?? options.Region,
                UriLabels = resolved.Labels,
                VirtualHostedBucket = resolved.VirtualHostedBucket,
                Body = http.Request.Body,
            };
            log = resolved.Service.Implementation as IRequestLog;
            await authenticator.AuthenticateAsync(request, signed).ConfigureAwait(false);
            if (options.Auth == AuthMode.SigV4 && resolved.Service.Implementation is IRequestAuthorizer authorizer) authorizer.Authorize(request);
            var handler = resolved.Service.Operations.Find(resolved.Operation.Name)
                ?? throw CommonErrors.NotImplemented(resolved.Service.Name, resolved.Operation.Name);
            var codec = ProtocolCodecs.For(request.Service.Protocol);
            var input = await codec.ReadInputAsync(request).ConfigureAwait(false);
            var output = await handler(input, request).ConfigureAwait(false);
            CrossOrigin.Apply(request, resolved.Service.Implementation as ICrossOriginPolicy);
            await codec.WriteOutputAsync(request, output).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            errorCode = e.Code;
            await WriteErrorAsync(http, request, requestId, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            errorCode = "InvalidRequest";
            await WriteErrorAsync(http, request, requestId, new AwsServiceException("InvalidRequest", e.Message, e.StatusCode)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            errorCode = "InternalError";
            logger.LogError(e, "Request {RequestId} {Method} {Path} failed", requestId, http.Request.Method, http.Request.Path);
            await WriteErrorAsync(http, request, requestId, CommonErrors.Internal()).ConfigureAwait(false);
        }

        if (log is not null && request is not null)
        {
            log.Completed(request, http.Response.StatusCode, errorCode, http.Response.ContentLength, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, AwsRequest? request, string requestId, AwsServiceException error)
    {
        if (http.Response.HasStarted)
        {
            // Headers are out (a streaming GET failed midway): the only honest signal left is an aborted connection.
            http.Abort();
            return;
        }

        http.Response.Clear();
        await DiscardUnreadBodyAsync(http).ConfigureAwait(false);
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        if (request is not null)
        {
            await ProtocolCodecs.For(request.Service.Protocol).WriteErrorAsync(request, error).ConfigureAwait(false);
        }
        else if (http.Request.Headers.ContainsKey("X-Amz-Target"))
        {
            await JsonCodec.WriteJsonErrorAsync(http.Response, "application/x-amz-json-1.1", error).ConfigureAwait(false);
        }
        else
        {
            await RestXmlCodec.WriteXmlErrorAsync(http, requestId, error).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An error can be decided before the body is read (bad part number, unknown bucket). Left
    /// unread, the body's bytes would be parsed as the next request on this keep-alive connection,
    /// so a small body is read and dropped, and a large one closes the connection instead.
    /// </summary>
    private static async Task DiscardUnreadBodyAsync(HttpContext http)
    {
        const int MaxDrain = 1024 * 1024;
        var buffer = new byte[16 * 1024];
        var drained = 0;
        try
        {
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                drained += n;
                if (drained > MaxDrain)
                {
                    http.Response.Headers.Connection = "close";
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or AwsServiceException or InvalidOperationException)
        {
            // The body was malformed or already consumed: the connection cannot be trusted.
            http.Response.Headers.Connection = "close";
        }
    }
}
