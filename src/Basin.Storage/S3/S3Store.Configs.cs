using Basin.Storage.Metadata;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    /// <summary>
    /// A bucket subresource document (tagging, versioning, lifecycle ...), stored as the service
    /// serialized it; null when the bucket has none of that kind. Cached: GET and PUT consult
    /// some of them (lifecycle expiry headers) on every request.
    /// </summary>
    public string? GetBucketConfig(string bucket, string kind) =>
        CachedDocument(_configs, (bucket, kind), "SELECT document FROM bucket_configs WHERE bucket=$o AND kind=$k");

    /// <summary>An account-wide settings document (S3 Control's Block Public Access); null when the account has none.</summary>
    public string? GetAccountConfig(string account, string kind) =>
        CachedDocument(_accountConfigs, (account, kind), "SELECT document FROM account_configs WHERE account=$o AND kind=$k");

    /// <summary>Sets (or, with null, removes) an account-wide settings document.</summary>
    public async Task PutAccountConfigAsync(string account, string kind, string? document)
    {
        await _db.WriteAsync(c =>
        {
            using var cmd = document is null
                ? SqliteDatabase.Command(c, "DELETE FROM account_configs WHERE account=$a AND kind=$k", ("$a", account), ("$k", kind))
                : SqliteDatabase.Command(c, "INSERT OR REPLACE INTO account_configs(account, kind, document) VALUES($a, $k, $d)", ("$a", account), ("$k", kind), ("$d", document));
            cmd.ExecuteNonQuery();
            return true;
        }).ConfigureAwait(false);
        lock (_bucketsLock) _accountConfigs[(account, kind)] = document;
    }

    /// <summary>A settings document by (owner, kind), read through <paramref name="cache"/>; <paramref name="sql"/> takes $o and $k.</summary>
    private string? CachedDocument(Dictionary<(string, string), string?> cache, (string Owner, string Kind) key, string sql)
    {
        lock (_bucketsLock)
        {
            if (cache.TryGetValue(key, out var cached)) return cached;
        }

        var document = _db.Read(c =>
        {
            using var cmd = SqliteDatabase.Command(c, sql, ("$o", key.Owner), ("$k", key.Kind));
            return cmd.ExecuteScalar() as string;
        });
        // A write that committed meanwhile has cached its newer document: keep that one.
        lock (_bucketsLock) return cache.TryAdd(key, document) ? document : cache[key];
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

    /// <summary>
    /// Changes one version (current or noncurrent) in place: its tags, storage class or restore
    /// state, never its data. Returns the version as updated, or null if it is gone or is a delete marker.
    /// </summary>
    public Task<ObjectRecord?> UpdateVersionAsync(ObjectRecord version, Func<ObjectRecord, ObjectRecord> change) => _db.WriteAsync(c =>
    {
        var (found, current) = FindVersion(c, version.Bucket, version.Key, version.VersionLabel);
        if (found is null || found.IsDeleteMarker) return null;
        var updated = change(found);
        using var cmd = current
            ? SqliteDatabase.Command(c, "UPDATE objects SET attrs=$a, storage_class=$sc WHERE bucket=$b AND key=$k",
                ("$a", ObjectAttributes.Serialize(updated)), ("$sc", updated.StorageClass), ("$b", version.Bucket), ("$k", version.Key))
            : SqliteDatabase.Command(c, "UPDATE versions SET attrs=$a, storage_class=$sc WHERE bucket=$b AND key=$k AND version_id=$v",
                ("$a", ObjectAttributes.Serialize(updated)), ("$sc", updated.StorageClass), ("$b", version.Bucket), ("$k", version.Key), ("$v", version.VersionLabel));
        cmd.ExecuteNonQuery();
        return (ObjectRecord?)updated;
    });
}
