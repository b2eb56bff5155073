using Basin.Services.Lake;
using Basin.Sql.Lake;

namespace Basin.Services.Athena;

/// <summary>The data objects under an S3 location, as Athena (Hive) reads a table or partition folder.</summary>
public static class LakeListing
{
    /// <summary>
    /// Every data object under a location: recursively, skipping empty objects and Hive's hidden
    /// paths (<see cref="LakePaths.IsHidden"/>), as the crawlers do; each at the path the query's
    /// <paramref name="files"/> give the engine (JSON lines for an <paramref name="avro"/> table's).
    /// </summary>
    public static IEnumerable<LakeFile> ObjectsUnder(ILakeObjects lake, QueryLakeFiles files, string? location, IReadOnlyList<string> partitionValues, bool avro = false)
    {
        if (S3Location.TryParse(location) is not { } at || !lake.BucketExists(at.Bucket)) yield break;
        foreach (var o in lake.List(at.Bucket, at.FolderPrefix))
        {
            if (o.Size == 0 || LakePaths.IsHidden(o.Key[at.FolderPrefix.Length..])) continue;
            yield return new LakeFile(files.PathOf(o, avro), o.Size, partitionValues, $"s3://{o.Bucket}/{o.Key}", o.LastModified);
        }
    }
}
