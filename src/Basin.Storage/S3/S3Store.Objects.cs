using Basin.Storage.Files;
using Basin.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    private const string ObjectColumns = "bucket, key, data_path, size, etag, modified_ms, owner, storage_class, content_type, attrs, parts";

    // Keys are compared as UTF-8 bytes; no key character sorts after U+10FFFF, so this suffix
    // bounds every key that starts with a given prefix (used to skip a CommonPrefix whole).
    public const string AfterAllSuffix = "\U0010FFFF\U0010FFFF\U0010FFFF\U0010FFFF";

    public ObjectRecord? GetObject(string bucket, string key) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, $"SELECT {ObjectColumns} FROM objects WHERE bucket=$b AND key=$k", ("$b", bucket), ("$k", key));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadObject(r) : null;
    });

    /// <summary>Opens an object's bytes (or a range of them). Null if the version was replaced meanwhile.</summary>
    public Stream? OpenRead(ObjectRecord record, long offset = 0, long? length = null)
    {
        FileStream file;
        try
        {
            file = new FileStream(FullPath(record.DataPath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return new RangeStream(file, offset, length ?? record.Size - offset);
    }

    /// <summary>
    /// Objects in key order with keys after <paramref name="after"/> starting with <paramref name="prefix"/>.
    /// With a delimiter, each CommonPrefix is returned once (an entry without an object) and skipped over.
    /// </summary>
    public List<ListEntry> ListObjects(string bucket, string prefix, string? after, string? delimiter, int limit)
    {
        var result = new List<ListEntry>(Math.Min(limit, 1024));
        var start = after is not null && string.CompareOrdinal(after, prefix) >= 0 ? after : null;
        var from = start ?? prefix;
        var inclusive = start is null;
        _db.Read(c =>
        {
            while (result.Count < limit)
            {
                using var cmd = SqliteDatabase.Command(c,
                    $"SELECT {ObjectColumns} FROM objects WHERE bucket=$b AND key {(inclusive ? ">=" : ">")} $k ORDER BY key LIMIT $n",
                    ("$b", bucket), ("$k", from), ("$n", limit - result.Count + 1));
                using var r = cmd.ExecuteReader();
                var any = false;
                string? skipTo = null;
                while (r.Read() && result.Count < limit)
                {
                    any = true;
                    var record = ReadObject(r);
                    if (!record.Key.StartsWith(prefix, StringComparison.Ordinal)) return result;
                    from = record.Key;
                    inclusive = false;
                    if (!string.IsNullOrEmpty(delimiter))
                    {
                        var d = record.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                        if (d >= 0)
                        {
                            var common = record.Key[..(d + delimiter.Length)];
                            result.Add(new ListEntry(common, null));
                            skipTo = common + AfterAllSuffix;
                            break;
                        }
                    }

                    result.Add(new ListEntry(record.Key, record));
                }

                if (skipTo is not null)
                {
                    from = skipTo;
                    inclusive = false;
                    continue;
                }

                if (!any || result.Count >= limit) break;
            }

            return result;
        });
        return result;
    }

    /// <summary>Streams a request body into a new, unpublished data file for the key.</summary>
    public async Task<StagedData> WriteObjectDataAsync(string bucket, string key, Stream body, IEnumerable<Checksums.ChecksumAlgorithm> checksums, CancellationToken cancellationToken)
    {
        var dataPath = ObjectPaths.For(bucket, key, ObjectPaths.NewVersionId());
        var full = FullPath(dataPath);
        var (size, md5, values) = await DataFileWriter.WriteAsync(full, [body], checksums, cancellationToken).ConfigureAwait(false);
        return new StagedData(dataPath, full, size, md5, values);
    }

    /// <summary>Removes an unpublished data file (the request failed validation after its body arrived).</summary>
    public void Discard(StagedData staged) => DurableFiles.DeleteAndPrune(staged.FullPath, Root);

    /// <summary>
    /// Publishes staged bytes as the object's new current version; returns the version it replaced.
    /// Throws NoSuchBucket if the bucket disappeared meanwhile. <paramref name="alongside"/> runs in
    /// the same transaction (multipart completion removes its upload there).
    /// </summary>
    public async Task<ObjectRecord?> PutObjectAsync(ObjectRecord record, StagedData staged, Action<SqliteConnection>? alongside = null)
    {
        record = record with { DataPath = staged.DataPath, Size = staged.Size };
        ObjectRecord? previous;
        try
        {
            previous = await _db.WriteAsync(c =>
            {
                RequireBucket(c, record.Bucket);
                alongside?.Invoke(c);
                var old = ReadObject(c, record.Bucket, record.Key);
                using var upsert = SqliteDatabase.Command(c,
                    $"INSERT OR REPLACE INTO objects({ObjectColumns}) VALUES($b,$k,$p,$s,$e,$m,$o,$sc,$ct,$a,$parts)",
                    ("$b", record.Bucket), ("$k", record.Key), ("$p", record.DataPath), ("$s", record.Size), ("$e", record.ETag),
                    ("$m", record.LastModified.ToUnixTimeMilliseconds()), ("$o", record.OwnerAccount), ("$sc", record.StorageClass),
                    ("$ct", record.ContentType), ("$a", ObjectAttributes.Serialize(record)), ("$parts", record.PartsCount));
                upsert.ExecuteNonQuery();
                return old;
            }, dataBarrier: true).ConfigureAwait(false);
        }
        catch
        {
            Discard(staged);
            throw;
        }

        if (previous is not null) DurableFiles.DeleteAndPrune(FullPath(previous.DataPath), ObjectsRoot);
        return previous;
    }

    /// <summary>Deletes the current version; returns it, or null if there was none.</summary>
    public async Task<ObjectRecord?> DeleteObjectAsync(string bucket, string key)
    {
        var old = await _db.WriteAsync(c =>
        {
            var existing = ReadObject(c, bucket, key);
            if (existing is null) return null;
            using var delete = SqliteDatabase.Command(c, "DELETE FROM objects WHERE bucket=$b AND key=$k", ("$b", bucket), ("$k", key));
            delete.ExecuteNonQuery();
            return existing;
        }).ConfigureAwait(false);
        if (old is not null) DurableFiles.DeleteAndPrune(FullPath(old.DataPath), ObjectsRoot);
        return old;
    }

    private static void RequireBucket(SqliteConnection c, string bucket)
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT 1 FROM buckets WHERE name=$b", ("$b", bucket));
        if (cmd.ExecuteScalar() is null) throw new S3StoreException(S3StoreError.NoSuchBucket, "The specified bucket does not exist");
    }

    private static ObjectRecord? ReadObject(SqliteConnection c, string bucket, string key)
    {
        using var cmd = SqliteDatabase.Command(c, $"SELECT {ObjectColumns} FROM objects WHERE bucket=$b AND key=$k", ("$b", bucket), ("$k", key));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadObject(r) : null;
    }

    private static ObjectRecord ReadObject(SqliteDataReader r)
    {
        var attrs = ObjectAttributes.Parse(r.GetString(9));
        return new ObjectRecord
        {
            Bucket = r.GetString(0),
            Key = r.GetString(1),
            DataPath = r.GetString(2),
            Size = r.GetInt64(3),
            ETag = r.GetString(4),
            LastModified = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
            OwnerAccount = r.GetString(6),
            StorageClass = r.GetString(7),
            ContentType = r.IsDBNull(8) ? null : r.GetString(8),
            Headers = attrs.Headers,
            Metadata = attrs.Metadata,
            Checksums = attrs.Checksums,
            ChecksumType = attrs.ChecksumType,
            PartsCount = r.IsDBNull(10) ? null : r.GetInt32(10),
            PartSizes = attrs.PartSizes,
            Tags = attrs.Tags ?? [],
        };
    }
}
