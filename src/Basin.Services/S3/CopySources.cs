using Basin.Aws.Protocol.Model;

namespace Basin.Services.S3;

/// <summary>Parses x-amz-copy-source: <c>[/]bucket/key[?versionId=id]</c>, URL-encoded.</summary>
public static class CopySources
{
    public static (string Bucket, string Key, string? VersionId) Parse(string? copySource)
    {
        if (string.IsNullOrEmpty(copySource)) throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        var source = copySource;
        string? version = null;
        var q = source.IndexOf("?versionId=", StringComparison.Ordinal);
        if (q >= 0)
        {
            version = UriTemplate.PercentDecode(source.Substring(q + "?versionId=".Length));
            source = source[..q];
        }

        var decoded = UriTemplate.PercentDecode(source.TrimStart('/'));
        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        }

        return (decoded[..slash], decoded[(slash + 1)..], version);
    }
}
