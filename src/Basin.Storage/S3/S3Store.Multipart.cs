using System.Text.Json;
using Basin.Storage.Metadata;
using Basin.Storage.S3.Encryption;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.S3;

public sealed partial class S3Store
{
    public async Task CreateUploadAsync(MultipartUploadRecord upload)
    {
        await _db.WriteAsync(c =>
        {
            RequireBucket(c, upload.Bucket);
            using var insert = SqliteDatabase.Command(c, "INSERT INTO uploads VALUES($u,$b,$k,$i,$o,$t,$ca,$ct)",
                ("$u", upload.UploadId), ("$b", upload.Bucket), ("$k", upload.Key), ("$i", upload.Initiated.ToUnixTimeMilliseconds()),
                ("$o", upload.OwnerAccount), ("$t", JsonSerializer.Serialize(upload.Template)), ("$ca", upload.ChecksumAlgorithm), ("$ct", upload.ChecksumType));
            return insert.ExecuteNonQuery();
        }).ConfigureAwait(false);
    }

    public MultipartUploadRecord? GetUpload(string uploadId) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT upload_id, bucket, key, initiated_ms, owner, template, checksum_algorithm, checksum_type FROM uploads WHERE upload_id=$u", ("$u", uploadId));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadUpload(r) : null;
    });

    /// <summary>Uploads of a bucket ordered by key then initiation time (ListMultipartUploads order).</summary>
    public List<MultipartUploadRecord> ListUploads(string bucket, string prefix) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c,
            "SELECT upload_id, bucket, key, initiated_ms, owner, template, checksum_algorithm, checksum_type FROM uploads WHERE bucket=$b AND key >= $p ORDER BY key, initiated_ms, upload_id",
            ("$b", bucket), ("$p", prefix));
        using var r = cmd.ExecuteReader();
        var list = new List<MultipartUploadRecord>();
        while (r.Read())
        {
            var upload = ReadUpload(r);
            if (!upload.Key.StartsWith(prefix, StringComparison.Ordinal)) break;
            list.Add(upload);
        }

        return list;
    });

    /// <summary>Streams a part's body into a new, unpublished file of the upload.</summary>
    public async Task<StagedData> WritePartDataAsync(string uploadId, int partNumber, Stream body, IEnumerable<Checksums.ChecksumAlgorithm> checksums, CancellationToken cancellationToken, FileEncryption? encryption = null)
    {
        var dataPath = Path.Combine(uploadId, $"{partNumber}~{ObjectPaths.NewVersionId()}");
        var full = Path.Combine(UploadsRoot, dataPath);
        var (size, md5, values) = await DataFileWriter.WriteAsync(full, [body], checksums, cancellationToken, encryption).ConfigureAwait(false);
        return new StagedData(dataPath, full, size, md5, values);
    }

    /// <summary>Publishes a staged part; a part uploaded again under the same number replaces the old one.</summary>
    public async Task<PartRecord> PutPartAsync(string uploadId, int partNumber, StagedData staged, string etag, DateTimeOffset now)
    {
        var dataPath = staged.DataPath;
        var part = new PartRecord(uploadId, partNumber, dataPath, staged.Size, etag, now, staged.Checksums);
        string? replaced;
        try
        {
            replaced = await _db.WriteAsync(c =>
            {
                using var exists = SqliteDatabase.Command(c, "SELECT 1 FROM uploads WHERE upload_id=$u", ("$u", uploadId));
                if (exists.ExecuteScalar() is null) throw new S3StoreException(S3StoreError.NoSuchUpload, "The specified upload does not exist.");
                using var old = SqliteDatabase.Command(c, "SELECT data_path FROM parts WHERE upload_id=$u AND part_number=$n", ("$u", uploadId), ("$n", partNumber));
                var oldPath = old.ExecuteScalar() as string;
                using var upsert = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO parts VALUES($u,$n,$p,$s,$e,$m,$c)",
                    ("$u", uploadId), ("$n", partNumber), ("$p", dataPath), ("$s", staged.Size), ("$e", etag),
                    ("$m", now.ToUnixTimeMilliseconds()), ("$c", JsonSerializer.Serialize(staged.Checksums)));
                upsert.ExecuteNonQuery();
                return oldPath;
            }, dataBarrier: true).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(staged.FullPath);
            throw;
        }

        if (replaced is not null) File.Delete(Path.Combine(UploadsRoot, replaced));
        return part;
    }

    public List<PartRecord> ListParts(string uploadId) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT upload_id, part_number, data_path, size, etag, modified_ms, checksums FROM parts WHERE upload_id=$u ORDER BY part_number", ("$u", uploadId));
        using var r = cmd.ExecuteReader();
        var list = new List<PartRecord>();
        while (r.Read())
        {
            list.Add(new PartRecord(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(6)) ?? []));
        }

        return list;
    });

    public string PartPath(PartRecord part) => Path.Combine(UploadsRoot, part.DataPath);

    /// <summary>
    /// Completes an upload: the chosen parts are concatenated into one staged file (decrypted part by
    /// part, and encrypted again with <paramref name="encryption"/> as one file), published as the
    /// object, and the upload removed, in one index transaction. Encrypted parts are sealed under
    /// vault keys, so no customer key is needed here.
    /// </summary>
    public async Task<ObjectRecord> CompleteUploadAsync(
        MultipartUploadRecord upload, IReadOnlyList<PartRecord> parts, ObjectRecord record, IEnumerable<Checksums.ChecksumAlgorithm> fullObjectChecksums, CancellationToken cancellationToken, FileEncryption? encryption = null)
    {
        var encryptedParts = upload.Template.Encryption is not null;
        var sources = parts.Select(p => OpenData(PartPath(p), encryptedParts, 0, p.Size, customerKey: null) ?? throw new FileNotFoundException("A part's data file is missing.", PartPath(p))).ToList();
        StagedData staged;
        try
        {
            var dataPath = ObjectPaths.For(record.Bucket, record.Key, ObjectPaths.NewVersionId());
            var (size, md5, values) = await DataFileWriter.WriteAsync(FullPath(dataPath), sources, fullObjectChecksums, cancellationToken, encryption).ConfigureAwait(false);
            staged = new StagedData(dataPath, FullPath(dataPath), size, md5, values);
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync().ConfigureAwait(false);
        }

        if (staged.Checksums.Count > 0) record = record with { Checksums = staged.Checksums };
        var stored = await PutObjectAsync(record, staged, c =>
        {
            using var deleteUpload = SqliteDatabase.Command(c, "DELETE FROM uploads WHERE upload_id=$u", ("$u", upload.UploadId));
            if (deleteUpload.ExecuteNonQuery() == 0) throw new S3StoreException(S3StoreError.NoSuchUpload, "The specified upload does not exist.");
            using var deleteParts = SqliteDatabase.Command(c, "DELETE FROM parts WHERE upload_id=$u", ("$u", upload.UploadId));
            deleteParts.ExecuteNonQuery();
        }).ConfigureAwait(false);
        DeleteUploadFiles(upload.UploadId);
        return stored;
    }

    public async Task AbortUploadAsync(string uploadId)
    {
        await _db.WriteAsync(c =>
        {
            using var deleteUpload = SqliteDatabase.Command(c, "DELETE FROM uploads WHERE upload_id=$u", ("$u", uploadId));
            if (deleteUpload.ExecuteNonQuery() == 0) throw new S3StoreException(S3StoreError.NoSuchUpload, "The specified upload does not exist.");
            using var deleteParts = SqliteDatabase.Command(c, "DELETE FROM parts WHERE upload_id=$u", ("$u", uploadId));
            return deleteParts.ExecuteNonQuery();
        }).ConfigureAwait(false);
        DeleteUploadFiles(uploadId);
    }

    private void DeleteUploadFiles(string uploadId)
    {
        try
        {
            Directory.Delete(Path.Combine(UploadsRoot, uploadId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // no part was ever uploaded
        }
    }

    private static MultipartUploadRecord ReadUpload(SqliteDataReader r) => new()
    {
        UploadId = r.GetString(0),
        Bucket = r.GetString(1),
        Key = r.GetString(2),
        Initiated = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
        OwnerAccount = r.GetString(4),
        Template = JsonSerializer.Deserialize<ObjectRecord>(r.GetString(5))!,
        ChecksumAlgorithm = r.IsDBNull(6) ? null : r.GetString(6),
        ChecksumType = r.IsDBNull(7) ? null : r.GetString(7),
    };
}
