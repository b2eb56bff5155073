using Basin.Aws.Model.Glue;
using Basin.Services.Lake;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Lists an S3 target into a folder tree. Skipped, as Hive and Athena skip them: folder marker
/// objects, empty objects, and anything whose name or folder starts with '_' or '.'
/// (<c>_SUCCESS</c>, <c>_temporary/</c>, <c>.crc</c> files); also whatever an exclusion matches.
/// </summary>
public static class LakeScan
{
    /// <summary>
    /// The tree under the target. A path naming one object (no trailing slash) yields a root holding
    /// just that file. Null if the bucket does not exist.
    /// </summary>
    public static LakeFolder? Scan(ILakeObjects lake, S3Target target, out int skipped)
    {
        skipped = 0;
        var path = S3Path.Parse(target.Path);
        if (!lake.BucketExists(path.Bucket)) return null;
        var exclusions = (target.Exclusions ?? []).Select(ExclusionPattern.Parse).ToList();
        var prefix = path.FolderPrefix;
        var root = new LakeFolder(path.Bucket, prefix, path.FolderName);
        if (path.Key.Length > 0 && !path.Key.EndsWith('/'))
        {
            // s3://bucket/data/orders.csv names an object, or a folder given without its slash.
            var single = lake.List(path.Bucket, path.Key).FirstOrDefault(o => o.Key == path.Key);
            if (single is not null)
            {
                var parent = path.Key.LastIndexOf('/') is var s and >= 0 ? path.Key[..(s + 1)] : string.Empty;
                var folder = new LakeFolder(path.Bucket, parent, path.FolderName);
                if (single.Size > 0) folder.Files.Add(new CrawledFile(single));
                return folder;
            }
        }

        foreach (var obj in lake.List(path.Bucket, prefix))
        {
            var relative = obj.Key[prefix.Length..];
            if (obj.Size == 0 || LakePaths.IsHidden(relative) || exclusions.Any(e => e.Excludes(relative)))
            {
                skipped++;
                continue;
            }

            var segments = relative.Split('/');
            var folder = root;
            for (var i = 0; i < segments.Length - 1; i++) folder = folder.Child(segments[i]);
            folder.Files.Add(new CrawledFile(obj));
        }

        return root;
    }
}
