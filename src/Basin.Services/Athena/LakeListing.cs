using Basin.Services.Lake;
using Basin.Sql.Lake;

namespace Basin.Services.Athena;

/// <summary>The data objects under an S3 location, as Athena (Hive) reads a table or partition folder.</summary>
public static class LakeListing
{
    /// <summary>
    /// Every data object under a location: recursively, skipping empty objects and Hive's hidden
    /// paths (<see cref="LakePaths.IsHidden"/>), as the crawlers do.
    /// </summary>
    public static IEnumerable<LakeFile> ObjectsUnder(ILakeObjects lake, string? location, IReadOnlyList<string> partitionValues)
    {
        if (S3Location.TryParse(location) is not { } at || !lake.BucketExists(at.Bucket)) yield break;
        foreach (var o in lake.List(at.Bucket, at.FolderPrefix))
        {
            if (o.Size == 0 || LakePaths.IsHidden(o.Key[at.FolderPrefix.Length..])) continue;
            yield return new LakeFile(o.FilePath, o.Size, partitionValues);
        }
    }
}
