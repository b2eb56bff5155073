namespace Basin.Aws.Protocol.Auth;

/// <summary>The SigV4 elements of one request, from its Authorization header or presigned query.</summary>
public sealed record SignedRequest(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string AmzDate,
    bool Presigned,
    int ExpiresSeconds)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    /// <summary>4 for SigV4; 2 for S3's legacy SigV2 (see <see cref="SigV2"/>).</summary>
    public int Version { get; init; } = 4;

    /// <summary>SigV2 query auth: the absolute expiry the URL carries.</summary>
    public DateTimeOffset? V2Expires { get; init; }

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex</c>.</summary>
    public static SignedRequest? FromAuthorizationHeader(string header, string? amzDate)
    {
        if (!header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal)) return null;
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(SigV4.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) continue;
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null) throw MalformedHeader();
        return FromParts(credential, signedHeaders, signature, amzDate ?? throw MalformedHeader(), presigned: false, expires: 0);
    }

    public static SignedRequest FromParts(string credential, string signedHeaders, string signature, string amzDate, bool presigned, int expires)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw presigned
                ? new AwsServiceException("AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
                : MalformedHeader();
        }

        return new SignedRequest(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature, amzDate, presigned, expires);
    }

    private static AwsServiceException MalformedHeader() =>
        new("AuthorizationHeaderMalformed", "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.");
}
