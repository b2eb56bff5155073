using Basin.Aws.Protocol.Model;

namespace Basin.Services.S3;

/// <summary>Parses x-amz-copy-source: <c>[/]bucket/key[?versionId=id]</c>, URL-encoded.</summary>
public static class CopySources
{
    public static (string Bucket, string Key) Parse(string? copySource)
    {
        if (string.IsNullOrEmpty(copySource)) throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        var source = copySource;
        var q = source.IndexOf("?versionId=", StringComparison.Ordinal);
        if (q >= 0)
        {
            var version = source[(q + "?versionId=".Length)..];
            source = source[..q];
            if (version != "null")
            {
                throw new Aws.Protocol.AwsServiceException("NoSuchVersion", "The specified version does not exist.", 404).With("VersionId", version);
            }
        }

        var decoded = UriTemplate.PercentDecode(source.TrimStart('/'));
        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == decoded.Length - 1)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", copySource);
        }

        return (decoded[..slash], decoded[(slash + 1)..]);
    }
}
