using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// Signature Version 4 primitives (AWS General Reference, "Signature Version 4 signing process"):
/// URI encoding, canonical query strings, signing-key derivation and HMAC. Used to verify
/// requests and, by tests and benchmarks, to sign them.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> SigningKeys = new();

    public static byte[] SigningKey(string secret, string date, string region, string service) =>
        SigningKeys.GetOrAdd((secret, date, region, service), k =>
        {
            var kDate = Hmac(Encoding.UTF8.GetBytes("AWS4" + k.Secret), k.Date);
            var kRegion = Hmac(kDate, k.Region);
            var kService = Hmac(kRegion, k.Service);
            return Hmac(kService, "aws4_request");
        });

    public static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string HexHmac(byte[] key, string data) => Convert.ToHexStringLower(Hmac(key, data));

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string HexSha256(string data) => HexSha256(Encoding.UTF8.GetBytes(data));

    /// <summary>URI-encodes per SigV4: every byte except A-Z a-z 0-9 - _ . ~ (and '/' when asked).</summary>
    public static string UriEncode(string value, bool keepSlash)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/')) sb.Append(c);
            else sb.Append('%').Append(Convert.ToHexString([b]));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The canonical query string from a raw query string: parameters decoded then re-encoded
    /// strictly and sorted by key then value. <paramref name="skip"/> drops X-Amz-Signature.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, string? skip = null)
    {
        if (rawQuery.StartsWith('?')) rawQuery = rawQuery[1..];
        if (rawQuery.Length == 0) return string.Empty;
        var pairs = new List<(string Key, string Value)>();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Model.UriTemplate.PercentDecode(eq < 0 ? part : part.AsSpan(0, eq));
            if (key == skip) continue;
            var value = eq < 0 ? string.Empty : Model.UriTemplate.PercentDecode(part.AsSpan(eq + 1));
            pairs.Add((UriEncode(key, false), UriEncode(value, false)));
        }

        pairs.Sort((a, b) => a.Key != b.Key ? string.CompareOrdinal(a.Key, b.Key) : string.CompareOrdinal(a.Value, b.Value));
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>
    /// S3 signs the path as sent; every other service signs it URI-encoded once more
    /// (the path's own percent signs become %25).
    /// </summary>
    public static string CanonicalUri(string rawPath, string service)
    {
        if (rawPath.Length == 0) return "/";
        return service == "s3" ? rawPath : UriEncode(rawPath, keepSlash: true);
    }

    public static string CanonicalHeaderValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space) sb.Append(c);
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }

        return sb.ToString();
    }

    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, IEnumerable<(string Name, string Value)> signedHeaders, string payloadHash)
    {
        var headers = signedHeaders.ToList();
        var sb = new StringBuilder();
        sb.Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers) sb.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        sb.Append('\n').Append(string.Join(';', headers.Select(h => h.Name))).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(canonicalRequest)}";
}
