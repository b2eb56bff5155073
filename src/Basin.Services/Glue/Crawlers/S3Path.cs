namespace Basin.Services.Glue.Crawlers;

/// <summary>An S3 include path of a crawler target: <c>s3://bucket/prefix/</c> (a prefix or one object).</summary>
public sealed record S3Path(string Bucket, string Key)
{
    public static S3Path Parse(string? path)
    {
        if (path is null || !path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || path.Length == 5)
        {
            throw GlueErrors.InvalidInput($"S3 target path must be of the form s3://bucket/prefix: {path}.");
        }

        var rest = path[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new S3Path(rest, string.Empty) : new S3Path(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>The folder prefix the target names: the key with a trailing '/', or empty for the bucket.</summary>
    public string FolderPrefix => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    /// <summary>The folder's own name: the last segment of the key, or the bucket's name.</summary>
    public string FolderName => Key.TrimEnd('/') is { Length: > 0 } k ? k[(k.LastIndexOf('/') + 1)..] : Bucket;

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
