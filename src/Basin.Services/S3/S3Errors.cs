using Basin.Aws.Protocol;

namespace Basin.Services.S3;

/// <summary>S3's error responses (Amazon S3 API Reference, "Error responses": codes, statuses, messages).</summary>
public static class S3Errors
{
    public static AwsServiceException NoSuchBucket(string bucket) =>
        new AwsServiceException("NoSuchBucket", "The specified bucket does not exist", 404).With("BucketName", bucket);

    public static AwsServiceException NoSuchKey(string key) =>
        new AwsServiceException("NoSuchKey", "The specified key does not exist.", 404).With("Key", key);

    public static AwsServiceException NoSuchUpload(string uploadId) =>
        new AwsServiceException("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404).With("UploadId", uploadId);

    public static AwsServiceException BucketNotEmpty(string bucket) =>
        new AwsServiceException("BucketNotEmpty", "The bucket you tried to delete is not empty", 409).With("BucketName", bucket);

    public static AwsServiceException InvalidBucketName(string bucket) =>
        new AwsServiceException("InvalidBucketName", "The specified bucket is not valid.").With("BucketName", bucket);

    public static AwsServiceException KeyTooLong(int size) =>
        new AwsServiceException("KeyTooLongError", "Your key is too long").With("Size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)).With("MaxSizeAllowed", "1024");

    public static AwsServiceException InvalidArgument(string message, string name, string? value) =>
        new AwsServiceException("InvalidArgument", message).With("ArgumentName", name).With("ArgumentValue", value ?? string.Empty);

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequest", message);

    public static AwsServiceException PreconditionFailed(string condition) =>
        new AwsServiceException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412).With("Condition", condition);

    public static AwsServiceException NotModified() => new("NotModified", "Not Modified", 304);

    public static AwsServiceException BadDigest(string what) =>
        new("BadDigest", what == "Content-MD5"
            ? "The Content-MD5 you specified did not match what we received."
            : $"The {what} you specified did not match the calculated checksum.");

    public static AwsServiceException InvalidDigest() =>
        new("InvalidDigest", "The Content-MD5 you specified is not valid.");

    /// <summary>A configuration PUT (tagging, versioning, lifecycle, CORS) without its document.</summary>
    public static AwsServiceException MissingRequestBody() => new("MissingRequestBodyError", "Request Body is empty");

    public static AwsServiceException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
}
