using Basin.Aws.Model.S3;

namespace Basin.Services.S3.Access;

/// <summary>
/// The four Block Public Access settings in force for a bucket. S3 applies the most restrictive
/// combination of the bucket's and its owner account's configurations: a setting is on when
/// either turns it on.
/// </summary>
public readonly record struct PublicAccessSettings(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets)
{
    public static PublicAccessSettings Combine(PublicAccessBlockConfiguration? bucket, PublicAccessBlockConfiguration? account) => new(
        bucket?.BlockPublicAcls == true || account?.BlockPublicAcls == true,
        bucket?.IgnorePublicAcls == true || account?.IgnorePublicAcls == true,
        bucket?.BlockPublicPolicy == true || account?.BlockPublicPolicy == true,
        bucket?.RestrictPublicBuckets == true || account?.RestrictPublicBuckets == true);
}
