using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Encryption;
using Basin.Services.S3.Locking;
using Basin.Services.S3.Notifications;
using Basin.Storage.Checksums;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>PutObject, CopyObject, DeleteObject, DeleteObjects.</summary>
public sealed class ObjectWriteOperations(S3Context s3)
{
    private const long MaxCopySourceSize = 5L * 1024 * 1024 * 1024;

    public void Register(OperationTable operations)
    {
        operations.On<PutObjectRequest, PutObjectOutput>("PutObject", PutObjectAsync);
        operations.On<CopyObjectRequest, CopyObjectOutput>("CopyObject", CopyObjectAsync);
        operations.On<DeleteObjectRequest, DeleteObjectOutput>("DeleteObject", DeleteObjectAsync);
        operations.On<DeleteObjectsRequest, DeleteObjectsOutput>("DeleteObjects", DeleteObjectsAsync);
    }

    private async Task<PutObjectOutput> PutObjectAsync(PutObjectRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);
        var key = S3Context.RequireKey(input.Key);
        var members = ObjectTemplates.Members(input);
        var encryption = s3.Encryption.ForNewVersion(bucket, key, EncryptionRequest.From(members), request.Caller);
        var template = ObjectTemplates.From(members, request, input.Bucket!, key, s3.Now()) with
        {
            Lock = ObjectLocks.ForNewVersion(s3.ObjectLock(input.Bucket!), input.ObjectLockMode, input.ObjectLockRetainUntilDate, input.ObjectLockLegalHoldStatus, s3.Now()),
            Encryption = encryption?.State,
        };
        var (owner, acl) = Access.Acls.ForNewObject(s3, bucket, members, request.Caller.AccountId);
        template = template with { OwnerAccount = owner, Acl = acl };
        var contentMd5 = UploadIntegrity.ParseContentMd5(input.ContentMD5);
        var provided = ChecksumMembers.Read(input);
        var algorithms = UploadIntegrity.Algorithms(request, provided, input.ChecksumAlgorithm);
        CheckWriteConditions(input.Bucket!, key, input.IfMatch, input.IfNoneMatch);

        var staged = await s3.Store.WriteObjectDataAsync(input.Bucket!, key, input.Body ?? Stream.Null, WithDefault(algorithms), request.Http.RequestAborted, encryption?.File).ConfigureAwait(false);
        var record = await PublishNewVersionAsync(template, staged, s3.Now(), () =>
        {
            UploadIntegrity.Verify(request, staged, contentMd5, provided);
            CheckWriteConditions(input.Bucket!, key, input.IfMatch, input.IfNoneMatch);
        }).ConfigureAwait(false);
        var output = new PutObjectOutput { ETag = S3Context.Quote(record.ETag), ChecksumType = record.ChecksumType, VersionId = s3.VersionIdOf(record), Expiration = s3.ExpirationOf(record) };
        ChecksumMembers.Write(output, Requested(record.Checksums, algorithms));
        EncryptionMembers.Write(output, record.Encryption);
        s3.Events.Publish(S3EventKind.Put, record, request);
        return output;
    }

    private async Task<CopyObjectOutput> CopyObjectAsync(CopyObjectRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);
        var key = S3Context.RequireKey(input.Key);
        var members = ObjectTemplates.Members(input);
        var requested = EncryptionRequest.From(members);
        var (sourceBucket, sourceKey, sourceVersion) = CopySources.Parse(input.CopySource);
        s3.RequireBucket(sourceBucket);
        var source = s3.CopySourceVersion(sourceBucket, sourceKey, sourceVersion);
        var sourceCustomerKey = s3.Encryption.ReadKey(source, CustomerKeys.ForRead(input.CopySourceSSECustomerAlgorithm, input.CopySourceSSECustomerKey, input.CopySourceSSECustomerKeyMD5));
        Conditions.Check(source.ETag, source.LastModified, input.CopySourceIfMatch, input.CopySourceIfNoneMatch, input.CopySourceIfModifiedSince, input.CopySourceIfUnmodifiedSince, copySource: true);
        if (source.Size > MaxCopySourceSize)
        {
            throw S3Errors.InvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
        }

        var replace = input.MetadataDirective switch
        {
            null or "COPY" => false,
            "REPLACE" => true,
            _ => throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", input.MetadataDirective),
        };
        // Naming an encryption (or a bucket default encryption) makes a copy onto itself legal: it re-encrypts.
        if (sourceBucket == input.Bucket && sourceKey == key && sourceVersion is null && !replace && input.StorageClass is null && input.WebsiteRedirectLocation is null
            && !requested.Any && s3.BucketEncryption(bucket.Name) is null)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        var tags = input.TaggingDirective switch
        {
            null or "COPY" => source.Tags,
            "REPLACE" => TagSets.FromHeader(input.Tagging),
            _ => throw S3Errors.InvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", input.TaggingDirective),
        };
        var now = s3.Now();
        var copied = replace
            ? ObjectTemplates.From(members, request, input.Bucket!, key, now)
            : source with { Bucket = input.Bucket!, Key = key, OwnerAccount = request.Caller.AccountId, StorageClass = ObjectTemplates.StorageClass(input.StorageClass, request), PartsCount = null, PartSizes = null };

        // A copy is a new object: the source's restored copy, lock and encryption do not come along
        // (it is encrypted as the request or the target bucket's default says).
        var encryption = s3.Encryption.ForNewVersion(bucket, key, requested, request.Caller);
        var template = copied with
        {
            Tags = tags,
            Restore = null,
            Lock = ObjectLocks.ForNewVersion(s3.ObjectLock(input.Bucket!), input.ObjectLockMode, input.ObjectLockRetainUntilDate, input.ObjectLockLegalHoldStatus, now),
            Encryption = encryption?.State,
        };
        var (owner, acl) = Access.Acls.ForNewObject(s3, bucket, members, request.Caller.AccountId);
        template = template with { OwnerAccount = owner, Acl = acl };
        var algorithms = input.ChecksumAlgorithm is { } named
            ? UploadIntegrity.Algorithms(request, [], named)
            : [.. source.Checksums.Keys.Select(ChecksumAlgorithms.Parse).OfType<ChecksumAlgorithm>()];

        await using var body = s3.Store.OpenRead(source, customerKey: sourceCustomerKey) ?? throw S3Errors.NoSuchKey(sourceKey);
        var staged = await s3.Store.WriteObjectDataAsync(input.Bucket!, key, body, WithDefault(algorithms), request.Http.RequestAborted, encryption?.File).ConfigureAwait(false);
        var record = await PublishNewVersionAsync(template, staged, now, verify: null).ConfigureAwait(false);
        var result = new CopyObjectResult { ETag = S3Context.Quote(record.ETag), LastModified = now, ChecksumType = record.ChecksumType };
        ChecksumMembers.Write(result, Requested(record.Checksums, algorithms));
        var output = new CopyObjectOutput { CopyObjectResult = result, VersionId = s3.VersionIdOf(record), Expiration = s3.ExpirationOf(record), CopySourceVersionId = sourceVersion is null ? null : s3.VersionIdOf(source) };
        EncryptionMembers.Write(output, record.Encryption);
        s3.Events.Publish(S3EventKind.Copy, record, request);
        return output;
    }

    private async Task<DeleteObjectOutput> DeleteObjectAsync(DeleteObjectRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var key = S3Context.RequireKey(input.Key);
        if (input.IfMatch is { } ifMatch)
        {
            var current = s3.Store.GetObject(input.Bucket!, key) ?? throw S3Errors.NoSuchKey(key);
            if (!Conditions.Matches(ifMatch, current.ETag)) throw S3Errors.PreconditionFailed("If-Match");
        }

        var result = await DeleteAsync(input.Bucket!, key, input.VersionId, input.BypassGovernanceRetention == true, request).ConfigureAwait(false);
        return new DeleteObjectOutput { VersionId = result.VersionId, DeleteMarker = result.DeleteMarker ? true : null };
    }

    private async Task<DeleteObjectsOutput> DeleteObjectsAsync(DeleteObjectsRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var objects = input.Delete?.Objects ?? throw S3Errors.MalformedXml();
        if (objects.Count is 0 or > 1000) throw S3Errors.MalformedXml();
        var output = new DeleteObjectsOutput { Deleted = [], Errors = [] };
        foreach (var o in objects)
        {
            try
            {
                var result = await DeleteAsync(input.Bucket!, S3Context.RequireKey(o.Key), o.VersionId, input.BypassGovernanceRetention == true, request).ConfigureAwait(false);
                if (input.Delete.Quiet == true) continue;
                output.Deleted.Add(new DeletedObject
                {
                    Key = o.Key,
                    VersionId = o.VersionId,
                    DeleteMarker = result.DeleteMarker ? true : null,
                    DeleteMarkerVersionId = result.DeleteMarker && o.VersionId is null ? result.VersionId : null,
                });
            }
            catch (AwsServiceException e)
            {
                output.Errors.Add(new Error { Key = o.Key, VersionId = o.VersionId, Code = e.Code, Message = e.Message });
            }
        }

        if (output.Deleted.Count == 0) output.Deleted = null;
        if (output.Errors.Count == 0) output.Errors = null;
        return output;
    }

    /// <summary>
    /// Deletes a key (adding a delete marker in a versioned bucket) or, with a version id, that
    /// version for good, unless Object Lock protects it; publishes ObjectRemoved:Delete or
    /// ObjectRemoved:DeleteMarkerCreated.
    /// </summary>
    private async Task<DeleteResult> DeleteAsync(string bucket, string key, string? versionId, bool bypassGovernance, AwsRequest request)
    {
        try
        {
            if (versionId is not null)
            {
                if (s3.Store.GetVersion(bucket, key, versionId) is { } version) ObjectLocks.RequireDeletable(version, bypassGovernance, s3.Now());
                var removed = await s3.Store.DeleteVersionAsync(bucket, key, versionId).ConfigureAwait(false);
                s3.Events.Publish(S3EventKind.Delete, bucket, key, removed.VersionId, content: null, request);
                return removed;
            }

            var result = await s3.Store.DeleteObjectAsync(bucket, key, s3.Now(), request.Caller.AccountId).ConfigureAwait(false);
            s3.Events.Publish(result.DeleteMarker ? S3EventKind.DeleteMarkerCreated : S3EventKind.Delete, bucket, key, result.VersionId, content: null, request);
            return result;
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
        {
            throw S3Errors.NoSuchBucket(bucket);
        }
    }

    /// <summary>S3 conditional writes: If-None-Match: * fails if the key exists; If-Match needs the current ETag.</summary>
    private void CheckWriteConditions(string bucket, string key, string? ifMatch, string? ifNoneMatch)
    {
        if (ifMatch is null && ifNoneMatch is null) return;
        if (ifNoneMatch is not null && ifNoneMatch.Trim() != "*")
        {
            throw new AwsServiceException("NotImplemented", "A header you provided implies functionality that is not implemented", 501).With("Header", "If-None-Match");
        }

        var current = s3.Store.GetObject(bucket, key);
        if (ifNoneMatch is not null && current is not null) throw S3Errors.PreconditionFailed("If-None-Match");
        if (ifMatch is not null)
        {
            if (current is null) throw S3Errors.NoSuchKey(key);
            if (!Conditions.Matches(ifMatch, current.ETag)) throw S3Errors.PreconditionFailed("If-Match");
        }
    }

    /// <summary>
    /// Checks what can only be checked once the bytes arrived, then makes them the key's current
    /// version. On any failure the unpublished data file is discarded.
    /// </summary>
    private async Task<ObjectRecord> PublishNewVersionAsync(ObjectRecord template, StagedData staged, DateTimeOffset now, Action? verify)
    {
        try
        {
            verify?.Invoke();
            var record = template with { ETag = ServerSideEncryption.ETag(template.Encryption, staged.Md5), Checksums = staged.Checksums, ChecksumType = "FULL_OBJECT", LastModified = now };
            return await s3.Store.PutObjectAsync(record, staged).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
        {
            throw S3Errors.NoSuchBucket(template.Bucket);
        }
        catch
        {
            s3.Store.Discard(staged);
            throw;
        }
    }

    /// <summary>Since 2024 S3 gives every new object a CRC64NVME checksum when the client names none.</summary>
    internal static List<ChecksumAlgorithm> WithDefault(List<ChecksumAlgorithm> algorithms) =>
        algorithms.Count > 0 ? algorithms : [ChecksumAlgorithm.Crc64Nvme];

    /// <summary>Responses echo the checksums the client asked for (or the default one).</summary>
    internal static Dictionary<string, string> Requested(IReadOnlyDictionary<string, string> values, List<ChecksumAlgorithm> algorithms) =>
        WithDefault(algorithms).Select(a => a.WireName()).Where(values.ContainsKey).ToDictionary(n => n, n => values[n], StringComparer.Ordinal);
}
