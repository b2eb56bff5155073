using Basin.Storage.Files;
using Basin.Storage.Metadata;
using Basin.Storage.S3.Encryption;
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

    /// <summary>
    /// Opens an object's bytes (or a range of them), decrypted if the version is encrypted (an
    /// SSE-C version needs its <paramref name="customerKey"/>). Null if the version was replaced meanwhile.
    /// </summary>
    public Stream? OpenRead(ObjectRecord record, long offset = 0, long? length = null, byte[]? customerKey = null) =>
        OpenData(FullPath(record.DataPath), record.Encryption is not null, offset, length ?? record.Size - offset, customerKey);

    /// <summary>Whether <paramref name="customerKey"/> is the key an SSE-C version was written with.</summary>
    public bool OpensWith(ObjectRecord record, byte[] customerKey)
    {
        try
        {
            using var file = File.OpenRead(FullPath(record.DataPath));
            var (sealedKey, _) = EncryptedDataFile.ReadHeader(file);
            return DataKeys.VaultNumber(sealedKey) == DataKeys.CustomerKey && DataKeys.Unseal(sealedKey, customerKey) is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A data file's plaintext window; encrypted files are unsealed through the vault or the customer key.</summary>
    private Stream? OpenData(string fullPath, bool encrypted, long offset, long length, byte[]? customerKey)
    {
        FileStream file;
        try
        {
            file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (!encrypted) return new RangeStream(file, offset, length);
        try
        {
            var (sealedKey, nonce) = EncryptedDataFile.ReadHeader(file);
            var number = DataKeys.VaultNumber(sealedKey);
            var keyEncryptionKey = number == DataKeys.CustomerKey
                ? customerKey ?? throw new System.Security.Cryptography.CryptographicException("The data is encrypted with a customer-provided key (SSE-C).")
                : Keys.Material(number);
            var dataKey = DataKeys.Unseal(sealedKey, keyEncryptionKey) ?? throw new System.Security.Cryptography.CryptographicException("The key does not open this data file.");
            return new DecryptingStream(file, dataKey, nonce, offset, length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
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

    /// <summary>
    /// Every current version under a prefix, in key order, read a page at a time. Objects may
    /// change while this runs (lifecycle passes delete and transition): each page resumes after
    /// the last key seen.
    /// </summary>
    public IEnumerable<ObjectRecord> CurrentVersions(string bucket, string prefix = "")
    {
        const int Page = 1000;
        string? after = null;
        while (true)
        {
            var page = ListObjects(bucket, prefix, after, delimiter: null, Page);
            foreach (var entry in page) yield return entry.Object!;
            if (page.Count < Page) yield break;
            after = page[^1].Key;
        }
    }

    /// <summary>
    /// Every current version, in all buckets, of the classes whose state changes with time:
    /// INTELLIGENT_TIERING (access tiers) and GLACIER / DEEP_ARCHIVE (restores). Read a page at a
    /// time through the <c>objects_aging</c> partial index.
    /// </summary>
    public IEnumerable<ObjectRecord> AgingVersions()
    {
        const int Page = 1000;
        (string Class, string Bucket, string Key) after = (string.Empty, string.Empty, string.Empty);
        while (true)
        {
            var page = _db.Read(c =>
            {
                using var cmd = SqliteDatabase.Command(c,
                    $"SELECT {ObjectColumns} FROM objects WHERE storage_class IN ('INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE') AND (storage_class, bucket, key) > ($c, $b, $k) ORDER BY storage_class, bucket, key LIMIT $n",
                    ("$c", after.Class), ("$b", after.Bucket), ("$k", after.Key), ("$n", Page));
                using var r = cmd.ExecuteReader();
                var list = new List<ObjectRecord>();
                while (r.Read()) list.Add(ReadObject(r));
                return list;
            });
            foreach (var version in page) yield return version;
            if (page.Count < Page) yield break;
            after = (page[^1].StorageClass, page[^1].Bucket, page[^1].Key);
        }
    }

    /// <summary>Streams a request body into a new, unpublished data file for the key (encrypted with <paramref name="encryption"/> if given).</summary>
    public async Task<StagedData> WriteObjectDataAsync(string bucket, string key, Stream body, IEnumerable<Checksums.ChecksumAlgorithm> checksums, CancellationToken cancellationToken, FileEncryption? encryption = null)
    {
        var dataPath = ObjectPaths.For(bucket, key, ObjectPaths.NewVersionId());
        var full = FullPath(dataPath);
        var (size, md5, values) = await DataFileWriter.WriteAsync(full, [body], checksums, cancellationToken, encryption).ConfigureAwait(false);
        return new StagedData(dataPath, full, size, md5, values);
    }

    /// <summary>Removes an unpublished data file (the request failed validation after its body arrived).</summary>
    public void Discard(StagedData staged) => DurableFiles.DeleteAndPrune(staged.FullPath, Root);

    /// <summary>
    /// Publishes staged bytes as the key's new current version and returns it as stored (with its
    /// version id). Unversioned buckets replace the old version; versioned buckets keep it as a
    /// noncurrent version, suspended ones replace only the "null" version. Throws NoSuchBucket if
    /// the bucket disappeared meanwhile. <paramref name="alongside"/> runs in the same transaction
    /// (multipart completion removes its upload there).
    /// </summary>
    public async Task<ObjectRecord> PutObjectAsync(ObjectRecord record, StagedData staged, Action<SqliteConnection>? alongside = null)
    {
        record = record with { DataPath = staged.DataPath, Size = staged.Size };
        (ObjectRecord Stored, List<string> Removed) result;
        try
        {
            result = await _db.WriteAsync(c =>
            {
                RequireBucket(c, record.Bucket);
                alongside?.Invoke(c);
                var versioning = Versioning(c, record.Bucket);
                var stored = record with { VersionId = versioning == BucketVersioning.Enabled ? ObjectPaths.NewObjectVersionId() : null };
                var removed = Supersede(c, record.Bucket, record.Key, versioning);
                Upsert(c, stored);
                return (stored, removed);
            }, dataBarrier: true).ConfigureAwait(false);
        }
        catch
        {
            Discard(staged);
            throw;
        }

        foreach (var path in result.Removed) DurableFiles.DeleteAndPrune(FullPath(path), ObjectsRoot);
        return result.Stored;
    }

    /// <summary>
    /// Deletes a key without naming a version: unversioned buckets remove the object; versioned
    /// ones keep it as noncurrent and add a delete marker (suspended ones, a "null" marker that
    /// replaces the "null" version).
    /// </summary>
    public async Task<DeleteResult> DeleteObjectAsync(string bucket, string key, DateTimeOffset now, string ownerAccount)
    {
        var (result, removed) = await _db.WriteAsync(c =>
        {
            var versioning = Versioning(c, bucket);
            if (versioning == BucketVersioning.Unversioned)
            {
                var existing = ReadObject(c, bucket, key);
                if (existing is null) return (new DeleteResult(null, false), new List<string>());
                DeleteCurrent(c, bucket, key);
                return (new DeleteResult(null, false), [existing.DataPath]);
            }

            var gone = Supersede(c, bucket, key, versioning);
            DeleteCurrent(c, bucket, key);
            var marker = ObjectRecord.Blank(bucket, key, now, ownerAccount) with
            {
                VersionId = versioning == BucketVersioning.Enabled ? ObjectPaths.NewObjectVersionId() : null,
                IsDeleteMarker = true,
            };
            InsertVersion(c, marker);
            return (new DeleteResult(marker.VersionLabel, true), gone);
        }).ConfigureAwait(false);
        foreach (var path in removed) DurableFiles.DeleteAndPrune(FullPath(path), ObjectsRoot);
        return result;
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
            VersionId = attrs.VersionId,
            Restore = attrs.Restore,
            PartChecksums = attrs.PartChecksums,
            Lock = attrs.Lock,
            Encryption = attrs.Encryption,
            Acl = attrs.Acl,
            AccessTier = attrs.AccessTier,
            LastAccessed = attrs.LastAccessed,
        };
    }
}
