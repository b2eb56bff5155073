using Basin.Services.Lake;
using Basin.Sql.Lake;

namespace Basin.Services.Athena;

/// <summary>The data objects under an S3 location, as Athena (Hive) reads a table or partition folder.</summary>
public static class LakeListing
{
    /// <summary>
    /// Every data object under a location: recursively, skipping folder markers, empty objects
    /// and names starting with '_' or '.' (Hive's hidden files such as _SUCCESS).
    /// </summary>
    public static IEnumerable<LakeFile> ObjectsUnder(ILakeObjects lake, string? location, IReadOnlyList<string> partitionValues)
    {
        if (S3Location.TryParse(location) is not { } at || !lake.BucketExists(at.Bucket)) yield break;
        foreach (var o in lake.List(at.Bucket, at.FolderPrefix))
        {
            if (o.Size == 0 || IsHidden(o.Key)) continue;
            yield return new LakeFile(o.FilePath, o.Size, partitionValues);
        }
    }

    public static bool IsHidden(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.Length == 0 || name[0] is '_' or '.';
    }
}
