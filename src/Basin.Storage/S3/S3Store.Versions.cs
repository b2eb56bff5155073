using Basin.Storage.Files;
using Basin.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    private const string VersioningKind = "versioning";
    private const string VersionColumns = ObjectColumns + ", version_id, delete_marker";

    /// <summary>The seq a current version sorts with: above every noncurrent one.</summary>
    private const long CurrentSeq = long.MaxValue - 1;

    /// <summary>A bucket's versioning state (from the cached bucket documents: every versioned response reads it).</summary>
    public BucketVersioning GetBucketVersioning(string bucket) =>
        GetBucketConfig(bucket, VersioningKind) is { } state ? Enum.Parse<BucketVersioning>(state) : BucketVersioning.Unversioned;

    /// <summary>Enables or suspends versioning; once enabled, a bucket never returns to unversioned.</summary>
    public Task SetBucketVersioningAsync(string bucket, BucketVersioning state) =>
        state == BucketVersioning.Unversioned
            ? throw new ArgumentOutOfRangeException(nameof(state))
            : PutBucketConfigAsync(bucket, VersioningKind, state.ToString());

    /// <summary>A specific version of a key (current, noncurrent or a delete marker), or null.</summary>
    public ObjectRecord? GetVersion(string bucket, string key, string versionId) => _db.Read(c => FindVersion(c, bucket, key, versionId).Record);

    /// <summary>The delete marker that hides a key, when its newest version is one.</summary>
    public ObjectRecord? LatestDeleteMarker(string bucket, string key) => _db.Read(c =>
    {
        if (ReadObject(c, bucket, key) is not null) return null;
        var newest = NewestVersion(c, bucket, key);
        return newest is { IsDeleteMarker: true } ? newest : null;
    });

    /// <summary>
    /// Permanently deletes one version. If it was the current version or the delete marker that
    /// hid the key, the newest remaining version (unless it is a delete marker) becomes current.
    /// Deleting a version that does not exist succeeds, as in S3.
    /// </summary>
    public async Task<DeleteResult> DeleteVersionAsync(string bucket, string key, string versionId)
    {
        var (result, removed) = await _db.WriteAsync(c =>
        {
            var (found, current) = FindVersion(c, bucket, key, versionId);
            if (found is null) return (new DeleteResult(versionId, false), (string?)null);
            if (current) DeleteCurrent(c, bucket, key);
            else DeleteVersionRow(c, bucket, key, versionId);

            // With the current version or the hiding delete marker gone, the newest remaining version (unless a marker) is current.
            if (ReadObject(c, bucket, key) is null && NewestVersion(c, bucket, key) is { IsDeleteMarker: false } next)
            {
                DeleteVersionRow(c, bucket, key, next.VersionLabel);
                Upsert(c, next);
            }

            return (new DeleteResult(versionId, found.IsDeleteMarker), found.IsDeleteMarker ? null : found.DataPath);
        }).ConfigureAwait(false);
        if (removed is not null) DurableFiles.DeleteAndPrune(FullPath(removed), ObjectsRoot);
        return result;
    }

    /// <summary>
    /// Versions in key order, newest first within a key, after (<paramref name="keyMarker"/>,
    /// <paramref name="versionIdMarker"/>); with a delimiter, each CommonPrefix once.
    /// </summary>
    public List<VersionEntry> ListVersions(string bucket, string prefix, string? keyMarker, string? versionIdMarker, string? delimiter, int limit)
    {
        var result = new List<VersionEntry>(Math.Min(limit, 1024));
        _db.Read(c =>
        {
            // The cursor is the last row passed, in (key ascending, seq descending) order; the
            // current version of a key sorts first with CurrentSeq.
            var (cursorKey, cursorSeq) = (prefix, long.MaxValue);
            if (keyMarker is not null && string.CompareOrdinal(keyMarker, prefix) >= 0)
            {
                cursorKey = keyMarker;
                cursorSeq = string.IsNullOrEmpty(versionIdMarker) ? 0 : SeqOf(c, bucket, keyMarker, versionIdMarker);
            }

            while (result.Count < limit)
            {
                using var cmd = SqliteDatabase.Command(c, $"""
                    SELECT {ObjectColumns}, NULL, 0, {CurrentSeq} AS seq, 1 AS latest FROM objects
                      WHERE bucket=$b AND (key > $k OR (key = $k AND {CurrentSeq} < $s))
                    UNION ALL
                    SELECT {VersionColumns}, seq,
                      NOT EXISTS(SELECT 1 FROM objects o WHERE o.bucket=v.bucket AND o.key=v.key)
                        AND seq = (SELECT MAX(seq) FROM versions w WHERE w.bucket=v.bucket AND w.key=v.key)
                      FROM versions v WHERE bucket=$b AND (key > $k OR (key = $k AND seq < $s))
                    ORDER BY key, seq DESC LIMIT $n
                    """, ("$b", bucket), ("$k", cursorKey), ("$s", cursorSeq), ("$n", limit - result.Count + 1));
                using var r = cmd.ExecuteReader();
                var any = false;
                while (r.Read() && result.Count < limit)
                {
                    any = true;
                    var version = ReadVersion(r);
                    if (!version.Key.StartsWith(prefix, StringComparison.Ordinal)) return result;
                    (cursorKey, cursorSeq) = (version.Key, r.GetInt64(13));
                    if (!string.IsNullOrEmpty(delimiter) && version.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal) is var d and >= 0)
                    {
                        var common = version.Key[..(d + delimiter.Length)];
                        if (common != keyMarker) result.Add(new VersionEntry(common, null, false));
                        (cursorKey, cursorSeq) = (common + AfterAllSuffix, long.MaxValue);
                        break;
                    }

                    result.Add(new VersionEntry(version.Key, version, r.GetInt64(14) != 0));
                }

                if (!any) break;
            }

            return result;
        });
        return result;
    }

    /// <summary>Where a version sits in its key's order; 0 (before every version: skip the key) if it does not exist.</summary>
    private static long SeqOf(SqliteConnection c, string bucket, string key, string versionId)
    {
        if (ReadObject(c, bucket, key) is { } current && current.VersionLabel == versionId) return CurrentSeq;
        using var cmd = SqliteDatabase.Command(c, "SELECT seq FROM versions WHERE bucket=$b AND key=$k AND version_id=$v", ("$b", bucket), ("$k", key), ("$v", versionId));
        return cmd.ExecuteScalar() is long seq ? seq : 0;
    }

    private static BucketVersioning Versioning(SqliteConnection c, string bucket)
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT document FROM bucket_configs WHERE bucket=$b AND kind=$k", ("$b", bucket), ("$k", VersioningKind));
        return cmd.ExecuteScalar() is string state ? Enum.Parse<BucketVersioning>(state) : BucketVersioning.Unversioned;
    }

    /// <summary>
    /// Makes room for a new current version or delete marker: the current version becomes
    /// noncurrent, except that a "null" version is replaced when versioning is suspended (or never
    /// enabled). Returns the data files no version references any more.
    /// </summary>
    private static List<string> Supersede(SqliteConnection c, string bucket, string key, BucketVersioning versioning)
    {
        var removed = new List<string>();
        var current = ReadObject(c, bucket, key);
        if (versioning != BucketVersioning.Enabled)
        {
            if (current is not null && current.VersionId is null or ObjectRecord.NullVersion) removed.Add(current.DataPath);
            else if (current is not null) InsertVersion(c, current);
            if (versioning == BucketVersioning.Suspended && FindStoredVersion(c, bucket, key, ObjectRecord.NullVersion) is { } nullVersion)
            {
                DeleteVersionRow(c, bucket, key, ObjectRecord.NullVersion);
                if (!nullVersion.IsDeleteMarker) removed.Add(nullVersion.DataPath);
            }
        }
        else if (current is not null)
        {
            InsertVersion(c, current);
        }

        return removed;
    }

    private static void Upsert(SqliteConnection c, ObjectRecord record)
    {
        using var upsert = SqliteDatabase.Command(c,
            $"INSERT OR REPLACE INTO objects({ObjectColumns}) VALUES($b,$k,$p,$s,$e,$m,$o,$sc,$ct,$a,$parts)",
            ("$b", record.Bucket), ("$k", record.Key), ("$p", record.DataPath), ("$s", record.Size), ("$e", record.ETag),
            ("$m", record.LastModified.ToUnixTimeMilliseconds()), ("$o", record.OwnerAccount), ("$sc", record.StorageClass),
            ("$ct", record.ContentType), ("$a", ObjectAttributes.Serialize(record)), ("$parts", record.PartsCount));
        upsert.ExecuteNonQuery();
    }

    private static void InsertVersion(SqliteConnection c, ObjectRecord record)
    {
        using var insert = SqliteDatabase.Command(c,
            $"""
            INSERT INTO versions({VersionColumns}, seq)
            VALUES($b,$k,$p,$s,$e,$m,$o,$sc,$ct,$a,$parts,$v,$dm,(SELECT COALESCE(MAX(seq), 0) + 1 FROM versions WHERE bucket=$b AND key=$k))
            """,
            ("$b", record.Bucket), ("$k", record.Key), ("$p", record.DataPath), ("$s", record.Size), ("$e", record.ETag),
            ("$m", record.LastModified.ToUnixTimeMilliseconds()), ("$o", record.OwnerAccount), ("$sc", record.StorageClass),
            ("$ct", record.ContentType), ("$a", ObjectAttributes.Serialize(record)), ("$parts", record.PartsCount),
            ("$v", record.VersionLabel), ("$dm", record.IsDeleteMarker ? 1 : 0));
        insert.ExecuteNonQuery();
    }

    private static void DeleteCurrent(SqliteConnection c, string bucket, string key)
    {
        using var delete = SqliteDatabase.Command(c, "DELETE FROM objects WHERE bucket=$b AND key=$k", ("$b", bucket), ("$k", key));
        delete.ExecuteNonQuery();
    }

    private static void DeleteVersionRow(SqliteConnection c, string bucket, string key, string versionId)
    {
        using var delete = SqliteDatabase.Command(c, "DELETE FROM versions WHERE bucket=$b AND key=$k AND version_id=$v", ("$b", bucket), ("$k", key), ("$v", versionId));
        delete.ExecuteNonQuery();
    }

    /// <summary>A version by id, and whether it is the current one.</summary>
    private static (ObjectRecord? Record, bool Current) FindVersion(SqliteConnection c, string bucket, string key, string versionId)
    {
        if (ReadObject(c, bucket, key) is { } current && current.VersionLabel == versionId) return (current, true);
        return (FindStoredVersion(c, bucket, key, versionId), false);
    }

    private static ObjectRecord? FindStoredVersion(SqliteConnection c, string bucket, string key, string versionId)
    {
        using var cmd = SqliteDatabase.Command(c, $"SELECT {VersionColumns} FROM versions WHERE bucket=$b AND key=$k AND version_id=$v", ("$b", bucket), ("$k", key), ("$v", versionId));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadVersion(r) : null;
    }

    private static ObjectRecord? NewestVersion(SqliteConnection c, string bucket, string key)
    {
        using var cmd = SqliteDatabase.Command(c, $"SELECT {VersionColumns} FROM versions WHERE bucket=$b AND key=$k ORDER BY seq DESC LIMIT 1", ("$b", bucket), ("$k", key));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadVersion(r) : null;
    }

    /// <summary>A row of <see cref="VersionColumns"/>: version_id NULL means a current row, whose id is in its attributes.</summary>
    private static ObjectRecord ReadVersion(SqliteDataReader r)
    {
        var record = ReadObject(r);
        if (r.IsDBNull(11)) return record;
        return record with { VersionId = NullIfNull(r.GetString(11)), IsDeleteMarker = r.GetInt64(12) != 0 };
    }

    private static string? NullIfNull(string versionId) => versionId == ObjectRecord.NullVersion ? null : versionId;
}
