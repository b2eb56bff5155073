namespace Basin.Services.Lake;

/// <summary>
/// The lake's objects as other services read them (Glue crawlers now; Athena, Firehose later):
/// listing and reading S3 objects without reaching into the S3 service's state.
/// </summary>
public interface ILakeObjects
{
    bool BucketExists(string bucket);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IEnumerable<LakeObject> List(string bucket, string prefix);

    /// <summary>An object's bytes from <paramref name="offset"/> (at most <paramref name="length"/>); null if it is gone.</summary>
    Stream? Open(string bucket, string key, long offset = 0, long? length = null);
}

/// <summary>One object of a listing.</summary>
/// <param name="ContentEncoding">The stored Content-Encoding header (gzip objects often carry one).</param>
public sealed record LakeObject(string Bucket, string Key, long Size, DateTimeOffset LastModified, string? ContentEncoding);
