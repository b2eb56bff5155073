using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Basin.Aws.Protocol.Codecs;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// Verifies SigV4 (Authorization header or presigned query) and unwraps the body
/// (aws-chunked, signed payload hash). In <see cref="AuthMode.Off"/> any key is accepted, but
/// presigned URLs still expire and, when their key is known, must carry a valid signature.
/// </summary>
public sealed class RequestAuthenticator(AuthMode mode, ICredentialStore keys, TimeProvider time)
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public AuthMode Mode => mode;

    /// <summary>Reads the SigV4 elements without verifying them (the scope routes the request).</summary>
    public static SignedRequest? ReadSignature(HttpRequest request)
    {
        if (request.Query.TryGetValue("X-Amz-Credential", out var credential))
        {
            var q = request.Query;
            if (q["X-Amz-Algorithm"] != SigV4.Algorithm)
            {
                throw new AwsServiceException("AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
            }

            if (!int.TryParse(q["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > 604800)
            {
                throw new AwsServiceException("AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is 604800 and more than 0");
            }

            return SignedRequest.FromParts(credential.ToString(), q["X-Amz-SignedHeaders"].ToString(), q["X-Amz-Signature"].ToString(), q["X-Amz-Date"].ToString(), presigned: true, expires);
        }

        if (SigV2.Read(request) is { } v2) return v2;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0) return null;
        if (!authorization.StartsWith(SigV4.Algorithm, StringComparison.Ordinal))
        {
            throw new AwsServiceException("InvalidArgument", "Unsupported Authorization Type; Basin accepts AWS Signature Version 4 only.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        return SignedRequest.FromAuthorizationHeader(authorization, amzDate.Length > 0 ? amzDate : request.Headers.Date.ToString());
    }

    public async Task AuthenticateAsync(AwsRequest request, SignedRequest? signed)
    {
        if (signed is null)
        {
            if (mode == AuthMode.SigV4 && request.Service.Name != "s3")
            {
                throw new AwsServiceException("MissingAuthenticationTokenException", "Request is missing Authentication Token", 403);
            }

            // Anonymous S3 requests are allowed or denied by bucket policy (issue 3); until then, allowed.
            return;
        }

        if (signed.Version == 2)
        {
            AuthenticateV2(request, signed);
            return;
        }

        var now = time.GetUtcNow();
        var signedAt = ParseAmzDate(signed.AmzDate, request);
        if (signed.Presigned && now > signedAt.AddSeconds(signed.ExpiresSeconds))
        {
            throw new AwsServiceException("AccessDenied", "Request has expired", 403)
                .With("X-Amz-Expires", signed.ExpiresSeconds.ToString(CultureInfo.InvariantCulture))
                .With("Expires", RestBindings.Iso(signedAt.AddSeconds(signed.ExpiresSeconds)))
                .With("ServerTime", RestBindings.Iso(now));
        }

        var key = keys.Find(signed.AccessKeyId);
        if (key is null && mode == AuthMode.SigV4) throw AuthErrors.UnknownKey(request.Service, signed.AccessKeyId);
        request.Caller = Identity(signed.AccessKeyId, key);

        var verify = key is not null && (mode == AuthMode.SigV4 || signed.Presigned);
        if (mode == AuthMode.SigV4 && !signed.Presigned && (now - signedAt).Duration() > MaxSkew)
        {
            throw AuthErrors.Skewed(request.Service, signed.AmzDate, now);
        }

        var payloadHash = await PayloadHashAsync(request, signed, verify).ConfigureAwait(false);
        byte[]? signingKey = null;
        if (verify)
        {
            signingKey = SigV4.SigningKey(key!.SecretAccessKey, signed.Date, signed.Region, signed.Service);
            var http = request.Http.Request;
            var headers = signed.SignedHeaders.Select(h => (h, h == "host" ? http.Host.Value ?? string.Empty : string.Join(',', http.Headers[h].ToArray())));
            var canonical = SigV4.CanonicalRequest(
                http.Method,
                SigV4.CanonicalUri(RawPath(request.Http), signed.Service),
                SigV4.CanonicalQuery(http.QueryString.Value ?? string.Empty, signed.Presigned ? "X-Amz-Signature" : null),
                headers,
                payloadHash);
            var stringToSign = SigV4.StringToSign(signed.AmzDate, signed.Scope, canonical);
            var expected = SigV4.HexHmac(signingKey, stringToSign);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signed.Signature)))
            {
                throw AuthErrors.BadSignature(request.Service, signed.AccessKeyId, stringToSign, canonical, signed.Signature);
            }
        }

        UnwrapBody(request, signed, payloadHash, verify ? signingKey : null);
    }

    private void AuthenticateV2(AwsRequest request, SignedRequest signed)
    {
        var now = time.GetUtcNow();
        if (signed.V2Expires is { } expires && now > expires)
        {
            throw new AwsServiceException("AccessDenied", "Request has expired", 403)
                .With("Expires", RestBindings.Iso(expires)).With("ServerTime", RestBindings.Iso(now));
        }

        var key = keys.Find(signed.AccessKeyId);
        if (key is null && mode == AuthMode.SigV4) throw AuthErrors.UnknownKey(request.Service, signed.AccessKeyId);
        request.Caller = Identity(signed.AccessKeyId, key);
        if (mode == AuthMode.SigV4 && !signed.Presigned && (now - ParseAmzDate(signed.AmzDate, request)).Duration() > MaxSkew)
        {
            throw AuthErrors.Skewed(request.Service, signed.AmzDate, now);
        }

        if (key is null || (mode == AuthMode.Off && !signed.Presigned)) return;
        var path = request.VirtualHostedBucket is { } bucket ? "/" + bucket + RawPath(request.Http) : RawPath(request.Http);
        var stringToSign = SigV2.StringToSign(request.Http.Request, path, signed);
        var expected = SigV2.Sign(key.SecretAccessKey, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signed.Signature)))
        {
            throw AuthErrors.BadSignature(request.Service, signed.AccessKeyId, stringToSign, string.Empty, signed.Signature);
        }
    }

    /// <summary>The payload hash that was signed: the client's header, or the body's hash when the header is absent.</summary>
    private static async Task<string> PayloadHashAsync(AwsRequest request, SignedRequest signed, bool verify)
    {
        var header = request.Http.Request.Headers["x-amz-content-sha256"].ToString();
        if (header.Length > 0) return header;
        if (signed.Presigned) return "UNSIGNED-PAYLOAD";
        if (!verify) return SigV4.EmptySha256;

        // S3 never hashes a body itself: a signed request must say what it signed.
        if (request.Service.Name == "s3") throw new AwsServiceException("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        var buffer = await BufferedBody.ReadAsync(request).ConfigureAwait(false);
        request.Body = buffer;
        return SigV4.HexSha256(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void UnwrapBody(AwsRequest request, SignedRequest signed, string payloadHash, byte[]? signingKey)
    {
        var headers = request.Http.Request.Headers;
        if (payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal))
        {
            // Signed chunks chain from the request's own signature; unsigned ones carry none.
            var chunkKey = payloadHash.StartsWith("STREAMING-UNSIGNED", StringComparison.Ordinal) ? null : signingKey;
            request.Body = new AwsChunkedStream(request.Body, request.Trailers, chunkKey, signed.Signature, signed.AmzDate, signed.Scope);
            if (long.TryParse(headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var decoded)) request.DeclaredLength = decoded;
        }
        else if (signingKey is not null && payloadHash.Length == 64 && request.Body is not MemoryStream)
        {
            request.Body = new PayloadHashStream(request.Body, payloadHash);
        }
    }

    private static DateTimeOffset ParseAmzDate(string text, AwsRequest request)
    {
        if (DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t)) return t;
        throw request.Service.Name == "s3"
            ? new AwsServiceException("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403)
            : new AwsServiceException("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 400);
    }

    /// <summary>Off mode: a 12-digit access key names its account; any other unknown key is account 000000000000.</summary>
    public static CallerIdentity Identity(string accessKeyId, AccessKey? key)
    {
        if (key is not null)
        {
            var arn = key.UserName == "root" ? $"arn:aws:iam::{key.AccountId}:root" : $"arn:aws:iam::{key.AccountId}:user/{key.UserName}";
            return new CallerIdentity(accessKeyId, key.AccountId, arn, key.UserName == "root" ? key.AccountId : "AIDA" + accessKeyId.ToUpperInvariant().PadRight(17, 'X')[..17]);
        }

        var account = accessKeyId.Length == 12 && accessKeyId.All(char.IsAsciiDigit) ? accessKeyId : "000000000000";
        return new CallerIdentity(accessKeyId, account, $"arn:aws:iam::{account}:root", account);
    }

    /// <summary>The path exactly as the client sent it (still percent-encoded), which S3 signs.</summary>
    public static string RawPath(HttpContext http) =>
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { } target
            ? target.Split('?', 2)[0]
            : http.Request.Path.Value ?? "/";
}
