using Basin.Services.Lake;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>The lake view of Basin's S3 store: what crawlers and query engines list and read.</summary>
public sealed class S3LakeObjects(S3Store store) : ILakeObjects
{
    private const int Page = 1000;

    public string FilesRoot => store.ObjectsRoot;

    public bool BucketExists(string bucket) => store.FindBucket(bucket) is not null;

    public IEnumerable<LakeObject> List(string bucket, string prefix)
    {
        string? after = null;
        while (true)
        {
            var page = store.ListObjects(bucket, prefix, after, delimiter: null, Page);
            foreach (var entry in page)
            {
                var o = entry.Object!;
                yield return new LakeObject(bucket, o.Key, o.Size, o.LastModified, o.Headers.GetValueOrDefault("ContentEncoding"), store.FullPath(o.DataPath));
            }

            if (page.Count < Page) yield break;
            after = page[^1].Key;
        }
    }

    public Stream? Open(string bucket, string key, long offset = 0, long? length = null)
    {
        var record = store.GetObject(bucket, key);
        if (record is null) return null;
        offset = Math.Clamp(offset, 0, record.Size);
        return store.OpenRead(record, offset, Math.Min(length ?? long.MaxValue, record.Size - offset));
    }

    public async Task PutAsync(string bucket, string key, Stream body, string? contentType, string ownerAccount, CancellationToken cancellationToken = default)
    {
        if (store.FindBucket(bucket) is null) throw new LakeBucketMissingException(bucket);
        var staged = await store.WriteObjectDataAsync(bucket, key, body, [], cancellationToken).ConfigureAwait(false);
        var record = new ObjectRecord
        {
            Bucket = bucket,
            Key = key,
            DataPath = staged.DataPath,
            Size = staged.Size,
            ETag = Convert.ToHexStringLower(staged.Md5),
            LastModified = DateTimeOffset.UtcNow,
            OwnerAccount = ownerAccount,
            ContentType = contentType,
        };
        try
        {
            await store.PutObjectAsync(record, staged).ConfigureAwait(false);
        }
        catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
        {
            throw new LakeBucketMissingException(bucket);
        }
    }
}
