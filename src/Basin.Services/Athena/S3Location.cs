namespace Basin.Services.Athena;

/// <summary>An s3://bucket/prefix location (a table's LOCATION, a query's OutputLocation).</summary>
public sealed record S3Location(string Bucket, string Key)
{
    public static S3Location? TryParse(string? uri)
    {
        if (uri is null || !uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        return bucket.Length == 0 ? null : new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    /// <summary>The key prefix of a folder-like location: "" or ending in '/'.</summary>
    public string FolderPrefix => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
