using System.Globalization;
using System.Net.Http.Headers;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// Signs outgoing HttpRequestMessages with SigV4 (host, x-amz-date, x-amz-content-sha256), for
/// Basin's own load client and tests that speak a protocol no installed SDK covers.
/// </summary>
public sealed class SigV4Signer(string accessKey, string secret, string region, string service)
{
    public void Sign(HttpRequestMessage request, string payloadHash = "UNSIGNED-PAYLOAD", DateTime? now = null)
    {
        var amzDate = (now ?? DateTime.UtcNow).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var uri = request.RequestUri!;
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var canonical = SigV4.CanonicalRequest(request.Method.Method, SigV4.CanonicalUri(uri.AbsolutePath, service), SigV4.CanonicalQuery(uri.Query),
            [("host", host), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)], payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var signature = SigV4.HexHmac(SigV4.SigningKey(secret, date, region, service), SigV4.StringToSign(amzDate, scope, canonical));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.Authorization = new AuthenticationHeaderValue(SigV4.Algorithm, $"Credential={accessKey}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
    }
}
