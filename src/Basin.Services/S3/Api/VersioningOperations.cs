using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>
/// PutBucketVersioning, GetBucketVersioning and ListObjectVersions. What versioning does to
/// writes and deletes (new version ids, noncurrent versions, delete markers, the "null" version
/// of a suspended bucket) lives in the store, so every writer (PutObject, copies, multipart,
/// Firehose and Athena through the lake) versions alike.
/// </summary>
public sealed class VersioningOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<PutBucketVersioningRequest>("PutBucketVersioning", PutBucketVersioningAsync);
        operations.On<GetBucketVersioningRequest, GetBucketVersioningOutput>("GetBucketVersioning", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var state = s3.Store.GetBucketVersioning(input.Bucket!);
            return Task.FromResult(new GetBucketVersioningOutput { Status = state == BucketVersioning.Unversioned ? null : state.ToString() });
        });
        operations.On<ListObjectVersionsRequest, ListObjectVersionsOutput>("ListObjectVersions", (input, request) => Task.FromResult(List(input, request)));
    }

    private async Task PutBucketVersioningAsync(PutBucketVersioningRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var configuration = input.VersioningConfiguration ?? throw S3Errors.MissingRequestBody();
        var state = configuration.Status switch
        {
            "Enabled" => BucketVersioning.Enabled,
            "Suspended" => BucketVersioning.Suspended,
            _ => throw S3Errors.MalformedXml(),
        };
        if (configuration.MFADelete is not (null or "Disabled"))
        {
            if (configuration.MFADelete != "Enabled") throw S3Errors.MalformedXml();
            throw S3Errors.InvalidRequest("MFA delete cannot be enabled: Basin has no MFA devices to authenticate the request with.");
        }

        if (state != BucketVersioning.Enabled && s3.ObjectLock(input.Bucket!) is not null)
        {
            throw new AwsServiceException("InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.", 409);
        }

        await s3.Store.SetBucketVersioningAsync(input.Bucket!, state).ConfigureAwait(false);
    }

    private ListObjectVersionsOutput List(ListObjectVersionsRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var url = ListOperations.EncodingType(input.EncodingType);
        var prefix = input.Prefix ?? string.Empty;
        var maxKeys = ListOperations.MaxKeys(input.MaxKeys);
        if (input.VersionIdMarker is { Length: > 0 } && string.IsNullOrEmpty(input.KeyMarker))
        {
            throw S3Errors.InvalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", input.VersionIdMarker);
        }

        var entries = maxKeys == 0 ? [] : s3.Store.ListVersions(input.Bucket!, prefix, input.KeyMarker, input.VersionIdMarker, input.Delimiter, maxKeys + 1);
        var truncated = entries.Count > maxKeys;
        if (truncated) entries.RemoveAt(entries.Count - 1);
        var last = truncated ? entries[^1] : default;
        var versions = entries.Where(e => e.Version is { IsDeleteMarker: false }).Select(e => new ObjectVersion
        {
            Key = ListOperations.Encode(e.Key, url),
            VersionId = e.Version!.VersionLabel,
            IsLatest = e.IsLatest,
            LastModified = e.Version.LastModified,
            ETag = S3Context.Quote(e.Version.ETag),
            Size = e.Version.Size,
            StorageClass = e.Version.StorageClass,
            ChecksumAlgorithm = e.Version.Checksums.Count > 0 ? [.. e.Version.Checksums.Keys] : null,
            ChecksumType = e.Version.Checksums.Count > 0 ? e.Version.ChecksumType : null,
            Owner = Owners.For(e.Version.OwnerAccount),
        }).ToList();
        var markers = entries.Where(e => e.Version is { IsDeleteMarker: true }).Select(e => new DeleteMarkerEntry
        {
            Key = ListOperations.Encode(e.Key, url),
            VersionId = e.Version!.VersionLabel,
            IsLatest = e.IsLatest,
            LastModified = e.Version.LastModified,
            Owner = Owners.For(e.Version.OwnerAccount),
        }).ToList();
        var prefixes = entries.Where(e => e.Version is null).Select(e => new CommonPrefix { Prefix = ListOperations.Encode(e.Key, url) }).ToList();

        // S3 lists versions and delete markers together, in key then version order.
        request.XmlListOrder = [.. entries.Where(e => e.Version is not null).Select(e => e.Version!.IsDeleteMarker ? "DeleteMarkers" : "Versions")];
        return new ListObjectVersionsOutput
        {
            Name = input.Bucket,
            Prefix = ListOperations.Encode(prefix, url),
            KeyMarker = ListOperations.Encode(input.KeyMarker ?? string.Empty, url),
            VersionIdMarker = input.VersionIdMarker ?? string.Empty,
            Delimiter = ListOperations.Encode(input.Delimiter, url),
            MaxKeys = maxKeys,
            EncodingType = input.EncodingType,
            IsTruncated = truncated,
            NextKeyMarker = truncated ? ListOperations.Encode(last.Key, url) : null,
            NextVersionIdMarker = truncated ? last.Version?.VersionLabel : null,
            Versions = versions.Count > 0 ? versions : null,
            DeleteMarkers = markers.Count > 0 ? markers : null,
            CommonPrefixes = prefixes.Count > 0 ? prefixes : null,
        };
    }
}
