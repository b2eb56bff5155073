using System.Security.Cryptography;
using System.Text;

namespace Basin.Storage.S3;

/// <summary>
/// Maps an S3 key to the relative path of one stored version of it. Directory segments keep the
/// key's own names, so a lake's Hive-style <c>dt=2024-01-01/</c> prefixes are real directories the
/// SQL engine can prune on; the file is <c>~&lt;id&gt;~&lt;name&gt;</c>, unique per write, so an
/// overwrite never touches the bytes a reader or the index still points at, and an object
/// <c>a</c> can coexist with <c>a/b</c>. Segments a filesystem cannot hold ("", ".", "..", names
/// over 200 bytes, names starting with '~') are replaced by a hash, and keys too deep for a path
/// go to a flat overflow folder. The index stores the path, so the mapping never has to be reversed.
/// </summary>
public static class ObjectPaths
{
    private const int MaxSegmentBytes = 200;
    private const int MaxRelativePathBytes = 3000;

    public static string NewVersionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A version id as S3 shows it: 32 URL-safe characters, never "null".</summary>
    public static string NewObjectVersionId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '.').Replace('/', '_');

    public static string For(string bucket, string key, string id)
    {
        var slash = key.LastIndexOf('/');
        var dirs = slash < 0 ? [] : key[..slash].Split('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        var sb = new StringBuilder(bucket.Length + key.Length + 32).Append(bucket);
        foreach (var segment in dirs) sb.Append('/').Append(EscapeDirectory(segment));
        sb.Append("/~").Append(id).Append('~').Append(Encoding.UTF8.GetByteCount(name) > MaxSegmentBytes || name.Contains('\0', StringComparison.Ordinal) ? Hash(name) : name);
        var path = sb.ToString();
        return Encoding.UTF8.GetByteCount(path) > MaxRelativePathBytes || dirs.Length > 200
            ? $"{bucket}/~overflow/~{id}~{Hash(key)}"
            : path;
    }

    private static string EscapeDirectory(string segment) =>
        segment.Length == 0 || segment is "." or ".." || segment[0] == '~' || segment.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes
            ? "~_" + Hash(segment)
            : segment;

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
