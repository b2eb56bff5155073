using Basin.Services.Glue.Crawlers.Classification;
using Basin.Sql.Hive;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Decides which folders are tables and which are partitions, following the rules AWS documents
/// for crawlers: the files below a folder are one table when they share format and compression,
/// sit at the same depth, and their schemas are similar (at most five distinct schemas, each
/// sharing at least 70% of its columns with the most common one); the folders in between become
/// partition keys, named from <c>key=value</c> folders or <c>partition_0</c>, <c>partition_1</c>, ....
/// Otherwise each subfolder is considered on its own, and files lying beside dissimilar
/// subfolders become tables of their own, named after the file.
/// </summary>
public sealed class TablePlanner(CrawlerSettings settings)
{
    private const double PartitionThreshold = 0.7;
    private const int MaxSchemas = 5;

    public List<PlannedTable> Plan(LakeFolder root, int rootDepth)
    {
        var tables = new List<PlannedTable>();
        Visit(root, rootDepth, isRoot: true, tables);
        return tables;
    }

    /// <param name="depth">The folder's level counted from the bucket (the bucket is level 1).</param>
    private void Visit(LakeFolder folder, int depth, bool isRoot, List<PlannedTable> tables)
    {
        if (settings.TableLevel is { } level)
        {
            if (depth == level || (depth > level && isRoot))
            {
                if (Table(folder, force: true) is { } forced) tables.Add(forced);
                return;
            }

            foreach (var child in folder.Children.Values) Visit(child, depth + 1, isRoot: false, tables);
            return;
        }

        if (Table(folder, force: isRoot && settings.CombineCompatibleSchemas) is { } table)
        {
            tables.Add(table);
            return;
        }

        foreach (var child in folder.Children.Values) Visit(child, depth + 1, isRoot: false, tables);
        foreach (var file in folder.Files.Where(f => f.Schema is not null))
        {
            var single = new LakeFolder(folder.Bucket, folder.Prefix, file.Object.Key[(file.Object.Key.LastIndexOf('/') + 1)..]);
            single.Files.Add(file);
            if (Table(single, force: false, location: $"s3://{folder.Bucket}/{file.Object.Key}") is { } t) tables.Add(t);
        }
    }

    /// <summary>
    /// The folder as one table, or null when its files are not one table. Forced (a table level, or
    /// CombineCompatibleSchemas at the include path), only format and depth must agree.
    /// </summary>
    private static PlannedTable? Table(LakeFolder folder, bool force, string? location = null)
    {
        var files = folder.Descendants().ToList();
        var known = files.Where(f => f.File.Schema is not null).ToList();
        if (known.Count == 0) return null;
        if (files.Select(f => f.Depth).Distinct().Count() != 1) return null;
        var format = known[0].File.Schema!;
        if (known.Any(f => f.File.Schema!.FormatKey != format.FormatKey)) return null;

        var depth = files[0].Depth;
        var leaves = folder.Leaves().ToList();
        var leafSchemas = leaves.Select(l => (Leaf: l, Columns: Merge(l.Files.Select(f => f.Schema).OfType<FileSchema>()))).Where(l => l.Columns.Count > 0).ToList();
        if (!force && !Similar(leafSchemas.Select(l => l.Columns).ToList())) return null;

        var keys = PartitionKeys(files.Select(f => f.Path).ToList(), depth);
        var columns = Merge(known.Select(f => f.File.Schema!)).Where(c => !keys.Contains(c.Name, StringComparer.Ordinal)).ToList();
        var partitions = depth == 0 ? [] : leafSchemas.Select(l => new PlannedPartition(
            PartitionValues(l.Leaf.Prefix[folder.Prefix.Length..]),
            l.Leaf.Location,
            [.. l.Columns.Where(c => !keys.Contains(c.Name, StringComparer.Ordinal))],
            DataStats.Of(l.Leaf.Files, l.Leaf.Files.Select(f => f.Schema).OfType<FileSchema>()))).ToList();
        return new PlannedTable
        {
            Name = folder.Name,
            Location = location ?? folder.Location,
            Format = format,
            Columns = columns,
            PartitionKeys = keys,
            Partitions = partitions,
            Stats = DataStats.Of(files.Select(f => f.File), known.Select(f => f.File.Schema!)),
        };
    }

    /// <summary>The columns of several files: fields in first-seen order, types widened.</summary>
    public static List<GlueType.Field> Merge(IEnumerable<FileSchema> schemas) =>
        schemas.Aggregate(new List<GlueType.Field>(), (merged, s) => GlueType.MergeFields(merged, s.Columns));

    /// <summary>AWS: at most five distinct schemas, and the folders' schemas similar above a 0.7 threshold.</summary>
    private static bool Similar(List<List<GlueType.Field>> schemas)
    {
        if (schemas.Count <= 1) return true;
        var names = schemas.Select(s => s.Select(c => c.Name).ToHashSet(StringComparer.Ordinal)).ToList();
        var distinct = names.DistinctBy(n => string.Join('\u0001', n.Order(StringComparer.Ordinal))).ToList();
        if (distinct.Count > MaxSchemas) return false;
        var common = names.GroupBy(n => string.Join('\u0001', n.Order(StringComparer.Ordinal))).MaxBy(g => g.Count())!.First();
        return names.All(n => Jaccard(n, common) >= PartitionThreshold);
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count + b.Count == 0 ? 1 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    /// <summary>A level is named by its folders' common <c>key=</c>, else <c>partition_N</c>.</summary>
    private static List<string> PartitionKeys(List<IReadOnlyList<string>> paths, int depth)
    {
        var keys = new List<string>(depth);
        for (var level = 0; level < depth; level++)
        {
            var names = paths.Select(p => p[level].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? p[level][..eq].ToLowerInvariant() : null).Distinct().ToList();
            var key = names is [{ } only] && !keys.Contains(only, StringComparer.Ordinal) ? only : $"partition_{level}";
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>A partition's values from its folders below the table: the part after <c>key=</c>, else the folder name.</summary>
    public static List<string> PartitionValues(string relativePrefix) =>
        [.. relativePrefix.TrimEnd('/').Split('/').Select(s => HivePartitionPaths.Segment(s)?.Value ?? s)];
}
