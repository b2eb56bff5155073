using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Auth;

/// <summary>
/// Authentication errors differ by service family: S3 says InvalidAccessKeyId/SignatureDoesNotMatch
/// (403), query services InvalidClientTokenId/SignatureDoesNotMatch (403), and the JSON services
/// UnrecognizedClientException/InvalidSignatureException (400).
/// </summary>
public static class AuthErrors
{
    private const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

    public static AwsServiceException UnknownKey(ServiceModel? service, string accessKeyId) => Family(service) switch
    {
        "s3" => new AwsServiceException("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403).With("AWSAccessKeyId", accessKeyId),
        "query" => new AwsServiceException("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        _ => new AwsServiceException("UnrecognizedClientException", "The security token included in the request is invalid.", 400),
    };

    public static AwsServiceException BadSignature(ServiceModel? service, string accessKeyId, string stringToSign, string canonicalRequest, string provided) => Family(service) switch
    {
        "s3" => new AwsServiceException("SignatureDoesNotMatch", Mismatch, 403)
            .With("AWSAccessKeyId", accessKeyId).With("StringToSign", stringToSign)
            .With("SignatureProvided", provided).With("CanonicalRequest", canonicalRequest),
        "query" => new AwsServiceException("SignatureDoesNotMatch", Mismatch, 403),
        _ => new AwsServiceException("InvalidSignatureException", Mismatch, 400),
    };

    public static AwsServiceException Skewed(ServiceModel? service, string requestTime, DateTimeOffset now) => Family(service) switch
    {
        "s3" => new AwsServiceException("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403)
            .With("RequestTime", requestTime).With("ServerTime", RestIso(now)).With("MaxAllowedSkewMilliseconds", "900000"),
        "query" => new AwsServiceException("SignatureDoesNotMatch", $"Signature expired: {requestTime} is now earlier than {now.AddMinutes(-15).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - 15 min.)", 403),
        _ => new AwsServiceException("InvalidSignatureException", $"Signature expired: {requestTime} is now earlier than {now.AddMinutes(-15).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - 15 min.)", 400),
    };

    private static string Family(ServiceModel? service) => service is null || service.SigningName == "s3" ? "s3" : service.Protocol == "query" ? "query" : "json";

    private static string RestIso(DateTimeOffset t) => Codecs.RestBindings.Iso(t);
}
