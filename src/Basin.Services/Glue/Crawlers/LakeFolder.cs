using Basin.Services.Glue.Crawlers.Classification;
using Basin.Services.Lake;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// A folder of the crawled tree: the files directly in it and its subfolders. The crawler decides
/// per folder whether everything below is one table (with partitions) or several.
/// </summary>
public sealed class LakeFolder(string bucket, string prefix, string name)
{
    public string Bucket { get; } = bucket;

    /// <summary>The key prefix of the folder, ending in '/' (empty for a bucket's root).</summary>
    public string Prefix { get; } = prefix;

    public string Name { get; } = name;

    public string Location => $"s3://{Bucket}/{Prefix}";

    public List<CrawledFile> Files { get; } = [];

    public SortedDictionary<string, LakeFolder> Children { get; } = new(StringComparer.Ordinal);

    public LakeFolder Child(string segment) =>
        Children.TryGetValue(segment, out var child) ? child : Children[segment] = new LakeFolder(Bucket, Prefix + segment + "/", segment);

    /// <summary>Every file below, each with its depth relative to this folder (0 = directly in it).</summary>
    public IEnumerable<(CrawledFile File, int Depth, IReadOnlyList<string> Path)> Descendants()
    {
        var stack = new Stack<(LakeFolder Folder, List<string> Path)>();
        stack.Push((this, []));
        while (stack.Count > 0)
        {
            var (folder, path) = stack.Pop();
            foreach (var file in folder.Files) yield return (file, path.Count, path);
            foreach (var child in folder.Children.Values.Reverse()) stack.Push((child, [.. path, child.Name]));
        }
    }

    /// <summary>Folders that hold files, below and including this one.</summary>
    public IEnumerable<LakeFolder> Leaves() =>
        (Files.Count > 0 ? [this] : Enumerable.Empty<LakeFolder>()).Concat(Children.Values.SelectMany(c => c.Leaves()));
}

/// <summary>An object found by the crawl, with the schema its classifier found (null: unknown or not sampled).</summary>
public sealed class CrawledFile(LakeObject obj)
{
    public LakeObject Object { get; } = obj;

    /// <summary>False for files beyond the target's SampleSize in their folder: they take the folder's schema.</summary>
    public bool Sampled { get; set; }

    public FileSchema? Schema { get; set; }
}
