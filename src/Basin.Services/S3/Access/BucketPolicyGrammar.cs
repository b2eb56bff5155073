using Basin.Aws.Protocol;
using Basin.Services.Access;

namespace Basin.Services.S3.Access;

/// <summary>What PutBucketPolicy accepts: s3: actions on the bucket's own ARNs; anything else is MalformedPolicy.</summary>
public static class BucketPolicyGrammar
{
    public static PolicyGrammar For(string bucket) => new(
        "s3",
        resource => PolicyMatching.Like("arn:aws:s3:::" + bucket + "*", resource) || PolicyMatching.Like(resource, "arn:aws:s3:::" + bucket),
        message => new AwsServiceException("MalformedPolicy", message));
}
