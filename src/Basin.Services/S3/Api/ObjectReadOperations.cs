using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Encryption;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>GetObject and HeadObject: conditions, ranges, response-* overrides.</summary>
public sealed class ObjectReadOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<GetObjectRequest, GetObjectOutput>("GetObject", GetObjectAsync);
        operations.On<HeadObjectRequest, HeadObjectOutput>("HeadObject", HeadObjectAsync);
    }

    private Task<GetObjectOutput> GetObjectAsync(GetObjectRequest input, AwsRequest request)
    {
        // An overwrite between the index lookup and the open removes the old file: look up again.
        for (var attempt = 0; ; attempt++)
        {
            var (record, range) = Resolve(input.Bucket, input.Key, input.VersionId, input.PartNumber, input.Range, input.IfMatch, input.IfNoneMatch, input.IfModifiedSince, input.IfUnmodifiedSince);
            var customerKey = ReadKey(record, request, input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5);
            ArchiveStorage.RequireReadable(record, s3.Now());
            var body = s3.Store.OpenRead(record, range?.Start ?? 0, range?.Length, customerKey);
            s3.Tracker.Read(record, s3.Now());
            if (body is null && attempt < 3) continue;
            if (body is null) throw S3Errors.NoSuchKey(record.Key);
            var output = ObjectHeaders.Output<GetObjectOutput>(record, range, input.ChecksumMode == "ENABLED");
            output.Body = body;
            output.VersionId = s3.VersionIdOf(record);
            output.Expiration = input.VersionId is null ? s3.ExpirationOf(record) : null;
            output.Restore = ArchiveStorage.RestoreHeader(record, s3.Now());
            ApplyOverrides(output, input, request);
            if (range is not null) request.StatusCode = 206;
            return Task.FromResult(output);
        }
    }

    private Task<HeadObjectOutput> HeadObjectAsync(HeadObjectRequest input, AwsRequest request)
    {
        var (record, range) = Resolve(input.Bucket, input.Key, input.VersionId, input.PartNumber, input.Range, input.IfMatch, input.IfNoneMatch, input.IfModifiedSince, input.IfUnmodifiedSince);
        ReadKey(record, request, input.SSECustomerAlgorithm, input.SSECustomerKey, input.SSECustomerKeyMD5);
        if (range is not null) request.StatusCode = 206;
        var output = ObjectHeaders.Output<HeadObjectOutput>(record, range, input.ChecksumMode == "ENABLED");
        output.VersionId = s3.VersionIdOf(record);
        output.Expiration = input.VersionId is null ? s3.ExpirationOf(record) : null;
        output.Restore = ArchiveStorage.RestoreHeader(record, s3.Now());
        if (Tiering.AccessTiers.IsArchived(record)) output.ArchiveStatus = record.AccessTier;
        return Task.FromResult(output);
    }

    /// <summary>The SSE-C key a read of <paramref name="record"/> needs, after S3's header checks.</summary>
    private byte[]? ReadKey(ObjectRecord record, AwsRequest request, string? algorithm, string? key, string? keyMd5)
    {
        ServerSideEncryption.RejectOnRead(request);
        return s3.Encryption.ReadKey(record, CustomerKeys.ForRead(algorithm, key, keyMd5));
    }

    private (ObjectRecord Record, ByteRange? Range) Resolve(
        string? bucket, string? key, string? versionId, int? partNumber, string? range,
        string? ifMatch, string? ifNoneMatch, DateTimeOffset? ifModifiedSince, DateTimeOffset? ifUnmodifiedSince)
    {
        s3.RequireBucket(bucket);
        key = S3Context.RequireKey(key);
        var record = s3.ReadableVersion(bucket!, key, versionId);
        Conditions.Check(record.ETag, record.LastModified, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince);
        if (partNumber is { } part)
        {
            // A part of a multipart object is read as its byte range (206); a plain object is one part.
            if (range is not null) throw S3Errors.InvalidRequest("Cannot specify both Range header and partNumber query parameter");
            var sizes = record.PartSizes ?? [record.Size];
            if (part < 1 || part > sizes.Count)
            {
                throw new AwsServiceException("InvalidPartNumber", "The requested partnumber is not satisfiable", 416)
                    .With("PartNumberRequested", part.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .With("ActualPartCount", sizes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return (record, record.PartSizes is null ? null : new ByteRange(sizes.Take(part - 1).Sum(), sizes[part - 1]));
        }

        return (record, ByteRange.Parse(range, record.Size));
    }

    /// <summary>response-* query parameters override the stored headers; S3 allows them on signed requests only.</summary>
    private static void ApplyOverrides(GetObjectOutput output, GetObjectRequest input, AwsRequest request)
    {
        var any = input.ResponseCacheControl ?? input.ResponseContentDisposition ?? input.ResponseContentEncoding
            ?? input.ResponseContentLanguage ?? input.ResponseContentType ?? (input.ResponseExpires is null ? null : "expires");
        if (any is null) return;
        if (request.Caller.IsAnonymous) throw S3Errors.InvalidRequest("Request specific response headers cannot be used for anonymous GET requests.");
        output.CacheControl = input.ResponseCacheControl ?? output.CacheControl;
        output.ContentDisposition = input.ResponseContentDisposition ?? output.ContentDisposition;
        output.ContentEncoding = input.ResponseContentEncoding ?? output.ContentEncoding;
        output.ContentLanguage = input.ResponseContentLanguage ?? output.ContentLanguage;
        output.ContentType = input.ResponseContentType ?? output.ContentType;
        output.Expires = input.ResponseExpires ?? output.Expires;
    }
}
