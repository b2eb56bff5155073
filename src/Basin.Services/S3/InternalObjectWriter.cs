using Basin.Services.S3.Encryption;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// Writes the objects Basin's services put into buckets themselves (query results, Firehose
/// deliveries, server access logs) as a PutObject would: a new version, the bucket's default
/// Object Lock retention and default encryption (or SSE-KMS with a named key), durable on return,
/// announced with an ObjectCreated:Put event.
/// </summary>
public sealed class InternalObjectWriter(S3Context s3)
{
    /// <summary>Throws <see cref="S3StoreException"/> (NoSuchBucket) if the bucket does not exist.</summary>
    public async Task<ObjectRecord> PutAsync(string bucket, string key, Stream body, string? contentType, string ownerAccount, string? kmsKeyArn = null, CancellationToken cancellationToken = default)
    {
        var target = s3.Store.FindBucket(bucket) ?? throw new S3StoreException(S3StoreError.NoSuchBucket, "The specified bucket does not exist");
        var requested = kmsKeyArn is null ? EncryptionRequest.None : EncryptionRequest.None with { Algorithm = "aws:kms", KmsKeyId = kmsKeyArn };
        var encryption = s3.Encryption.ForNewVersion(target, key, requested, caller: null);
        var staged = await s3.Store.WriteObjectDataAsync(bucket, key, body, [], cancellationToken, encryption?.File).ConfigureAwait(false);
        var now = s3.Now();
        var record = ObjectRecord.Blank(bucket, key, now, ownerAccount) with
        {
            ETag = ServerSideEncryption.ETag(encryption?.State, staged.Md5),
            ContentType = contentType,
            Lock = Locking.ObjectLocks.ForNewVersion(s3.ObjectLock(bucket), mode: null, retainUntil: null, legalHold: null, now),
            Encryption = encryption?.State,
        };
        ObjectRecord stored;
        try
        {
            stored = await s3.Store.PutObjectAsync(record, staged).ConfigureAwait(false);
        }
        catch
        {
            s3.Store.Discard(staged);
            throw;
        }

        s3.Events.Publish(Notifications.S3EventKind.Put, stored, request: null);
        return stored;
    }
}
