namespace Basin.Services.Lake;

/// <summary>
/// The lake's objects as other services use them (Glue crawlers, Athena; Firehose later):
/// listing, reading and writing S3 objects without reaching into the S3 service's state.
/// </summary>
public interface ILakeObjects
{
    /// <summary>The directory holding every object's data file: the SQL engine may read (only) under it.</summary>
    string FilesRoot { get; }

    bool BucketExists(string bucket);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IEnumerable<LakeObject> List(string bucket, string prefix);

    /// <summary>An object's bytes (decrypted) from <paramref name="offset"/> (at most <paramref name="length"/>); null if it is gone or needs a customer key (SSE-C).</summary>
    Stream? Open(string bucket, string key, long offset = 0, long? length = null);

    /// <summary>
    /// Writes an object as PutObject would (durable when the task completes), owned by
    /// <paramref name="ownerAccount"/>: encrypted with SSE-KMS under <paramref name="kmsKeyArn"/> if
    /// given, else as the bucket's default encryption says. Throws <see cref="LakeBucketMissingException"/> if the bucket does not exist.
    /// </summary>
    Task PutAsync(string bucket, string key, Stream body, string? contentType, string ownerAccount, string? kmsKeyArn = null, CancellationToken cancellationToken = default);
}

public sealed class LakeBucketMissingException(string bucket) : Exception($"The bucket {bucket} does not exist.")
{
    public string Bucket { get; } = bucket;
}

/// <summary>One object of a listing.</summary>
/// <param name="ContentEncoding">The stored Content-Encoding header (gzip objects often carry one).</param>
/// <param name="FilePath">The object's data file, which query engines read in place.</param>
/// <param name="Encrypted">The data file is encrypted at rest: its plaintext is read through <see cref="ILakeObjects.Open"/>.</param>
public sealed record LakeObject(string Bucket, string Key, long Size, DateTimeOffset LastModified, string? ContentEncoding, string FilePath = "", bool Encrypted = false);
