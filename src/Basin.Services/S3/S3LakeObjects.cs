using Basin.Services.Lake;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// The lake view of Basin's S3 store: what crawlers and query engines list and read, and how
/// Firehose and Athena write. Offline archived objects (GLACIER, DEEP_ARCHIVE, not restored) are
/// not listed, as Athena and Glue crawlers skip them; writes version and take the bucket's
/// default Object Lock retention and encryption like a PutObject, on the injected clock. Reads
/// are decrypted; objects encrypted with a customer key (SSE-C) cannot be opened. It shares the
/// S3 service's context (configuration caches, event sequencing) when the host builds both.
/// </summary>
public sealed class S3LakeObjects(S3Context s3) : ILakeObjects
{
    private readonly S3Store _store = s3.Store;
    private readonly S3Context _s3 = s3;

    public S3LakeObjects(S3Store store, TimeProvider time)
        : this(new S3Context(store, time))
    {
    }

    private InternalObjectWriter Writer => new(_s3);

    public string FilesRoot => _store.ObjectsRoot;

    public bool BucketExists(string bucket) => _store.FindBucket(bucket) is not null;

    public IEnumerable<LakeObject> List(string bucket, string prefix)
    {
        var now = _s3.Now();
        return _store.CurrentVersions(bucket, prefix)
            .Where(o => ArchiveStorage.Readable(o, now))
            .Select(o => new LakeObject(bucket, o.Key, o.Size, o.LastModified, o.Headers.GetValueOrDefault("ContentEncoding"), _store.FullPath(o.DataPath), o.Encryption is not null));
    }

    public Stream? Open(string bucket, string key, long offset = 0, long? length = null)
    {
        var record = _store.GetObject(bucket, key);
        if (record is null || !ArchiveStorage.Readable(record, _s3.Now()) || record.Encryption?.CustomerKeyMd5 is not null) return null;
        offset = Math.Clamp(offset, 0, record.Size);
        return _store.OpenRead(record, offset, Math.Min(length ?? long.MaxValue, record.Size - offset));
    }

    public async Task PutAsync(string bucket, string key, Stream body, string? contentType, string ownerAccount, string? kmsKeyArn = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await Writer.PutAsync(bucket, key, body, contentType, ownerAccount, kmsKeyArn, cancellationToken).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
        {
            throw new LakeBucketMissingException(bucket);
        }
    }
}
