using Basin.Storage.Metadata;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    /// <summary>
    /// A bucket subresource document (tagging, versioning, lifecycle ...), stored as the service
    /// serialized it; null when the bucket has none of that kind. Cached: GET and PUT consult
    /// some of them (lifecycle expiry headers) on every request.
    /// </summary>
    public string? GetBucketConfig(string bucket, string kind)
    {
        lock (_bucketsLock)
        {
            if (_configs.TryGetValue((bucket, kind), out var cached)) return cached;
        }

        var document = _db.Read(c =>
        {
            using var cmd = SqliteDatabase.Command(c, "SELECT document FROM bucket_configs WHERE bucket=$b AND kind=$k", ("$b", bucket), ("$k", kind));
            return cmd.ExecuteScalar() as string;
        });
        // A write that committed meanwhile has cached its newer document: keep that one.
        lock (_bucketsLock) return _configs.TryAdd((bucket, kind), document) ? document : _configs[(bucket, kind)];
    }

    /// <summary>Every bucket that has a subresource of this kind, with its document (the lifecycle runner's work list).</summary>
    public List<(string Bucket, string Document)> BucketConfigs(string kind) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT bucket, document FROM bucket_configs WHERE kind=$k ORDER BY bucket", ("$k", kind));
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    });

    /// <summary>Changes the storage class of one version in place (a lifecycle transition); false if the version is gone.</summary>
    public Task<bool> SetStorageClassAsync(ObjectRecord version, string storageClass) => _db.WriteAsync(c =>
    {
        var (found, current) = FindVersion(c, version.Bucket, version.Key, version.VersionLabel);
        if (found is null || found.IsDeleteMarker) return false;
        using var cmd = current
            ? SqliteDatabase.Command(c, "UPDATE objects SET storage_class=$sc WHERE bucket=$b AND key=$k", ("$sc", storageClass), ("$b", version.Bucket), ("$k", version.Key))
            : SqliteDatabase.Command(c, "UPDATE versions SET storage_class=$sc WHERE bucket=$b AND key=$k AND version_id=$v",
                ("$sc", storageClass), ("$b", version.Bucket), ("$k", version.Key), ("$v", version.VersionLabel));
        return cmd.ExecuteNonQuery() > 0;
    });

    /// <summary>Sets (or, with null, removes) a bucket subresource document. Throws NoSuchBucket if the bucket is gone.</summary>
    public async Task PutBucketConfigAsync(string bucket, string kind, string? document)
    {
        await _db.WriteAsync(c =>
        {
            RequireBucket(c, bucket);
            using var cmd = document is null
                ? SqliteDatabase.Command(c, "DELETE FROM bucket_configs WHERE bucket=$b AND kind=$k", ("$b", bucket), ("$k", kind))
                : SqliteDatabase.Command(c, "INSERT OR REPLACE INTO bucket_configs(bucket, kind, document) VALUES($b, $k, $d)", ("$b", bucket), ("$k", kind), ("$d", document));
            cmd.ExecuteNonQuery();
            return true;
        }).ConfigureAwait(false);
        lock (_bucketsLock) _configs[(bucket, kind)] = document;
    }

    /// <summary>Replaces the tags of one version (current or noncurrent) in place; the version as updated, or null if it is gone.</summary>
    public Task<ObjectRecord?> SetVersionTagsAsync(ObjectRecord version, IReadOnlyDictionary<string, string> tags) => _db.WriteAsync(c =>
    {
        var (found, current) = FindVersion(c, version.Bucket, version.Key, version.VersionLabel);
        if (found is null || found.IsDeleteMarker) return null;
        var updated = found with { Tags = tags };
        using var cmd = current
            ? SqliteDatabase.Command(c, "UPDATE objects SET attrs=$a WHERE bucket=$b AND key=$k", ("$a", ObjectAttributes.Serialize(updated)), ("$b", version.Bucket), ("$k", version.Key))
            : SqliteDatabase.Command(c, "UPDATE versions SET attrs=$a WHERE bucket=$b AND key=$k AND version_id=$v",
                ("$a", ObjectAttributes.Serialize(updated)), ("$b", version.Bucket), ("$k", version.Key), ("$v", version.VersionLabel));
        cmd.ExecuteNonQuery();
        return updated;
    });
}
