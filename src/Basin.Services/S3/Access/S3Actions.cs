namespace Basin.Services.S3.Access;

/// <summary>
/// The IAM action an S3 operation is authorized as. Most are "s3:" plus the operation name; the
/// table lists the ones S3 names otherwise (a HEAD is a GET, listing a bucket is ListBucket,
/// every multipart step but abort is PutObject, and naming a version uses the *Version actions).
/// </summary>
public static class S3Actions
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["HeadObject"] = "s3:GetObject",
        ["GetObjectAttributes"] = "s3:GetObject",
        ["SelectObjectContent"] = "s3:GetObject",
        ["CopyObject"] = "s3:PutObject",
        ["CreateMultipartUpload"] = "s3:PutObject",
        ["UploadPart"] = "s3:PutObject",
        ["UploadPartCopy"] = "s3:PutObject",
        ["CompleteMultipartUpload"] = "s3:PutObject",
        ["DeleteObjects"] = "s3:DeleteObject",
        ["ListParts"] = "s3:ListMultipartUploadParts",
        ["ListMultipartUploads"] = "s3:ListBucketMultipartUploads",
        ["ListObjects"] = "s3:ListBucket",
        ["ListObjectsV2"] = "s3:ListBucket",
        ["HeadBucket"] = "s3:ListBucket",
        ["ListObjectVersions"] = "s3:ListBucketVersions",
        ["DeleteBucketPolicy"] = "s3:DeleteBucketPolicy",
        ["GetBucketLifecycleConfiguration"] = "s3:GetLifecycleConfiguration",
        ["PutBucketLifecycleConfiguration"] = "s3:PutLifecycleConfiguration",
        ["DeleteBucketLifecycle"] = "s3:PutLifecycleConfiguration",
        ["GetBucketCors"] = "s3:GetBucketCORS",
        ["PutBucketCors"] = "s3:PutBucketCORS",
        ["DeleteBucketCors"] = "s3:PutBucketCORS",
        ["GetBucketEncryption"] = "s3:GetEncryptionConfiguration",
        ["PutBucketEncryption"] = "s3:PutEncryptionConfiguration",
        ["DeleteBucketEncryption"] = "s3:PutEncryptionConfiguration",
        ["GetBucketNotificationConfiguration"] = "s3:GetBucketNotification",
        ["PutBucketNotificationConfiguration"] = "s3:PutBucketNotification",
        ["GetObjectLockConfiguration"] = "s3:GetBucketObjectLockConfiguration",
        ["PutObjectLockConfiguration"] = "s3:PutBucketObjectLockConfiguration",
        ["DeleteBucketTagging"] = "s3:PutBucketTagging",
        ["GetPublicAccessBlock"] = "s3:GetBucketPublicAccessBlock",
        ["PutPublicAccessBlock"] = "s3:PutBucketPublicAccessBlock",
        ["DeletePublicAccessBlock"] = "s3:PutBucketPublicAccessBlock",
        ["DeleteBucketOwnershipControls"] = "s3:PutBucketOwnershipControls",
    };

    /// <summary>
    /// The action for <paramref name="operation"/>; with a version id, the version-specific action
    /// where S3 has one (s3:GetObjectVersion, s3:DeleteObjectVersion, s3:GetObjectVersionTagging,
    /// s3:PutObjectVersionAcl, ...).
    /// </summary>
    public static string For(string operation, bool namesVersion)
    {
        var action = Named.GetValueOrDefault(operation) ?? "s3:" + operation;
        if (!namesVersion || action is not ("s3:GetObject" or "s3:DeleteObject" or "s3:GetObjectTagging" or "s3:PutObjectTagging" or "s3:DeleteObjectTagging" or "s3:GetObjectAcl" or "s3:PutObjectAcl"))
        {
            return action;
        }

        var verb = action.IndexOf("Object", StringComparison.Ordinal) + "Object".Length;
        return action[..verb] + "Version" + action[verb..];
    }
}
