using Basin.Storage.Metadata;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    /// <summary>
    /// A bucket subresource document (tagging, and later versioning, lifecycle, policy ...), stored
    /// as the service serialized it; null when the bucket has none of that kind.
    /// </summary>
    public string? GetBucketConfig(string bucket, string kind) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT document FROM bucket_configs WHERE bucket=$b AND kind=$k", ("$b", bucket), ("$k", kind));
        return cmd.ExecuteScalar() as string;
    });

    /// <summary>Sets (or, with null, removes) a bucket subresource document. Throws NoSuchBucket if the bucket is gone.</summary>
    public Task PutBucketConfigAsync(string bucket, string kind, string? document) => _db.WriteAsync(c =>
    {
        RequireBucket(c, bucket);
        using var cmd = document is null
            ? SqliteDatabase.Command(c, "DELETE FROM bucket_configs WHERE bucket=$b AND kind=$k", ("$b", bucket), ("$k", kind))
            : SqliteDatabase.Command(c, "INSERT OR REPLACE INTO bucket_configs(bucket, kind, document) VALUES($b, $k, $d)", ("$b", bucket), ("$k", kind), ("$d", document));
        cmd.ExecuteNonQuery();
        return true;
    });

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
