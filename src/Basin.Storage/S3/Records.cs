namespace Basin.Storage.S3;

public sealed record BucketRecord(string Name, string OwnerAccount, string Region, DateTimeOffset Created);

/// <summary>One version of an object (the current one, a noncurrent one, or a delete marker), as the index holds it.</summary>
public sealed record ObjectRecord
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }

    /// <summary>Path of the data file relative to the objects folder (see <see cref="ObjectPaths"/>).</summary>
    public required string DataPath { get; init; }
    public required long Size { get; init; }

    /// <summary>The ETag without quotes: hex MD5, or <c>md5-of-md5s-N</c> for multipart uploads.</summary>
    public required string ETag { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required string OwnerAccount { get; init; }
    public string StorageClass { get; init; } = "STANDARD";
    public string? ContentType { get; init; }

    /// <summary>Stored representation headers (Content-Encoding, Cache-Control, ...), by canonical name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>User metadata (x-amz-meta-*), keys lower-cased as S3 stores them.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Flexible checksums by wire name (CRC32, SHA256, ...), base64.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();
    public string? ChecksumType { get; init; }
    public int? PartsCount { get; init; }

    /// <summary>The version id; null for an object written before its bucket was ever versioned (S3's "null" version).</summary>
    public string? VersionId { get; init; }

    /// <summary>True for a delete marker, which exists only among a key's versions.</summary>
    public bool IsDeleteMarker { get; init; }

    /// <summary>A version without data yet: the template of a write, or a delete marker.</summary>
    public static ObjectRecord Blank(string bucket, string key, DateTimeOffset lastModified, string ownerAccount) => new()
    {
        Bucket = bucket,
        Key = key,
        DataPath = string.Empty,
        Size = 0,
        ETag = string.Empty,
        LastModified = lastModified,
        OwnerAccount = ownerAccount,
    };

    /// <summary>The id S3 shows for this version: its own, or "null".</summary>
    public string VersionLabel => VersionId ?? NullVersion;

    public const string NullVersion = "null";

    /// <summary>The temporary copy RestoreObject makes of an archived version, if one was requested.</summary>
    public RestoreState? Restore { get; init; }

    /// <summary>Object Lock protection of this version: a retention mode and date, and a legal hold.</summary>
    public ObjectLockState? Lock { get; init; }

    /// <summary>The object's tags (at most 10), in the order they were given.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The checksums of each part, for a multipart object uploaded with a checksum algorithm (GetObjectAttributes lists them).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>>? PartChecksums { get; init; }

    /// <summary>Sizes of the parts a multipart object was assembled from, in order (GET ?partNumber=N reads one).</summary>
    public IReadOnlyList<long>? PartSizes { get; init; }

    /// <summary>Server-side encryption of this version's data; null when it is stored in plaintext.</summary>
    public EncryptionState? Encryption { get; init; }

    /// <summary>
    /// For an INTELLIGENT_TIERING version: its access tier once it left Frequent Access
    /// (INFREQUENT_ACCESS, ARCHIVE_INSTANT_ACCESS, ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS), and when it was last read.
    /// </summary>
    public string? AccessTier { get; init; }
    public DateTimeOffset? LastAccessed { get; init; }

    /// <summary>The version's ACL grants; null for the default (its owner has FULL_CONTROL).</summary>
    public IReadOnlyList<AclGrant>? Acl { get; init; }
}

/// <summary>One ACL grant: a grantee ("id:" and a canonical user id, or "uri:" and a group URI) and a permission (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL).</summary>
public sealed record AclGrant(string Grantee, string Permission);

/// <summary>
/// How a version is encrypted at rest, as S3 reports it. The key itself is never here: the data
/// file's header holds the data key sealed under a vault key or the customer's key (see
/// Encryption/DataKeys).
/// </summary>
public sealed record EncryptionState
{
    /// <summary>AES256 (SSE-S3), aws:kms or aws:kms:dsse; null for SSE-C.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The KMS key's ARN (SSE-KMS).</summary>
    public string? KmsKeyId { get; init; }
    public bool BucketKeyEnabled { get; init; }

    /// <summary>The x-amz-server-side-encryption-context the write named (base64 JSON), kept as given.</summary>
    public string? KmsContext { get; init; }

    /// <summary>SSE-C: the algorithm (AES256) and the base64 MD5 of the customer's key.</summary>
    public string? CustomerAlgorithm { get; init; }
    public string? CustomerKeyMd5 { get; init; }

    /// <summary>
    /// Only while a multipart upload is in progress: the object's data key sealed for the object's
    /// file (base64), and, for SSE-C, sealed under Basin's key too, so parts and the completion
    /// (which S3 accepts without the customer key) can be written.
    /// </summary>
    public string? UploadSealedKey { get; init; }
    public string? UploadPartsSealedKey { get; init; }
}

/// <summary>One row of a listing: an object, or (Object null) a CommonPrefix rolled up at the delimiter.</summary>
public readonly record struct ListEntry(string Key, ObjectRecord? Object);

/// <summary>
/// Bytes written to a new data file that no index row references yet: invisible until a commit
/// publishes it (which flushes it first), or discarded.
/// </summary>
/// <param name="DataPath">Path relative to the objects (or uploads) folder.</param>
public sealed record StagedData(string DataPath, string FullPath, long Size, byte[] Md5, IReadOnlyDictionary<string, string> Checksums);

public sealed record MultipartUploadRecord
{
    public required string UploadId { get; init; }
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset Initiated { get; init; }
    public required string OwnerAccount { get; init; }

    /// <summary>The object as it will be created: content headers, metadata, storage class, checksum algorithm.</summary>
    public required ObjectRecord Template { get; init; }
    public string? ChecksumAlgorithm { get; init; }
    public string? ChecksumType { get; init; }
}

public sealed record PartRecord(string UploadId, int PartNumber, string DataPath, long Size, string ETag, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Checksums);

/// <summary>A version's Object Lock: GOVERNANCE or COMPLIANCE retention until a date, and/or a legal hold.</summary>
public sealed record ObjectLockState(string? Mode, DateTimeOffset? RetainUntil, bool LegalHold);

/// <summary>A restore of an archived version: readable from <paramref name="ReadyAt"/> until <paramref name="ExpiresAt"/>.</summary>
public sealed record RestoreState(DateTimeOffset RequestedAt, DateTimeOffset ReadyAt, DateTimeOffset ExpiresAt);

/// <summary>A bucket's versioning state: never enabled (Unversioned), Enabled or Suspended.</summary>
public enum BucketVersioning
{
    Unversioned,
    Enabled,
    Suspended,
}

/// <summary>What a delete did: the version it removed or created, and whether that is a delete marker.</summary>
public sealed record DeleteResult(string? VersionId, bool DeleteMarker);

/// <summary>One row of ListObjectVersions: a version or delete marker (IsLatest for the newest of its key), or (Version null) a CommonPrefix.</summary>
public readonly record struct VersionEntry(string Key, ObjectRecord? Version, bool IsLatest);

public enum S3StoreError
{
    NoSuchBucket,
    BucketNotEmpty,
    BucketAlreadyExists,
    NoSuchUpload,
}

/// <summary>A store-level condition the S3 service turns into its AWS error.</summary>
public sealed class S3StoreException(S3StoreError error, string message) : Exception(message)
{
    public S3StoreError Error { get; } = error;
}
