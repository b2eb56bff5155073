using Basin.Aws.Model.Glue;
using Basin.Services.Glue.Crawlers.Classification;
using Basin.Services.Lake;
using Basin.Storage.Catalog;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// One crawl: list each target, classify the sampled files in parallel, group them into tables
/// and partitions, and write the result to the catalog. With CRAWL_NEW_FOLDERS_ONLY, after the
/// first crawl only folders not seen before are read: they become partitions of the tables that
/// already cover them, or new tables.
/// </summary>
public sealed class CrawlRun(ILakeObjects lake, CatalogStore store, string catalog, Crawler crawler, IReadOnlyList<Classifier> classifiers, DateTimeOffset now, string createdBy)
{
    /// <summary>Folders that held data at the last crawl, for incremental crawls: kept per crawler.</summary>
    public const string SeenFoldersKind = "crawler-folders";

    public async Task<CrawlOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var settings = CrawlerSettings.Parse(crawler.Configuration);
        var outcome = new CrawlOutcome();
        var seenDoc = store.GetDocument(catalog, SeenFoldersKind, string.Empty, crawler.Name!);
        var incremental = crawler.RecrawlPolicy?.RecrawlBehavior == "CRAWL_NEW_FOLDERS_ONLY" && seenDoc is not null;
        var seen = seenDoc is null ? [] : CatalogDocuments.Deserialize<HashSet<string>>(seenDoc);
        var leavesNow = new HashSet<string>(StringComparer.Ordinal);
        var classifier = new FileClassifier(lake, classifiers);

        var planned = new List<PlannedTable>();
        var locations = new List<string>();
        foreach (var target in crawler.Targets?.S3Targets ?? [])
        {
            var root = LakeScan.Scan(lake, target, out _);
            if (root is null) continue; // AWS logs a missing bucket and crawls the other targets
            locations.Add(root.Location);
            var leaves = root.Leaves().ToList();
            leavesNow.UnionWith(leaves.Select(l => l.Location));
            var fresh = incremental ? leaves.Where(l => !seen.Contains(l.Location)).ToList() : leaves;
            if (fresh.Count == 0) continue;
            if (incremental)
            {
                foreach (var stale in leaves.Except(fresh)) stale.Files.Clear();
            }

            Classify(classifier, fresh, target.SampleSize, outcome, cancellationToken);
            var attached = incremental ? AttachToExistingTables(fresh, crawler.DatabaseName!) : [];
            foreach (var leaf in attached.SelectMany(a => a.Leaves)) leaf.Files.Clear();
            planned.AddRange(attached.Select(a => a.Table));
            planned.AddRange(new TablePlanner(settings).Plan(root, Depth(root)));
        }

        var catalogTables = CatalogTargets(classifier, outcome, cancellationToken);
        if (settings.TableThreshold is { } threshold && planned.Count > threshold)
        {
            throw new CrawlFailedException($"The number of tables detected by crawler: {planned.Count} is greater than the table threshold value provided: {threshold}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (crawler.DatabaseName is { Length: > 0 } db)
        {
            await new CrawlerCatalogWriter(store, catalog, db, crawler, settings, now, createdBy).ApplyAsync(planned, locations, complete: !incremental, outcome).ConfigureAwait(false);
        }

        foreach (var (database, tables) in catalogTables)
        {
            await new CrawlerCatalogWriter(store, catalog, database, crawler, settings, now, createdBy).ApplyAsync(tables, [], complete: false, outcome).ConfigureAwait(false);
        }

        if (crawler.RecrawlPolicy?.RecrawlBehavior == "CRAWL_NEW_FOLDERS_ONLY")
        {
            await store.PutDocumentAsync(catalog, SeenFoldersKind, string.Empty, crawler.Name!, CatalogDocuments.Serialize(leavesNow.Union(seen).ToList()), create: seenDoc is null).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>The folder's level from the bucket (the bucket is level 1), as TableLevelConfiguration counts.</summary>
    private static int Depth(LakeFolder folder) => 1 + folder.Prefix.Count(c => c == '/');

    /// <summary>Classifies up to SampleSize files per folder (all by default), in parallel; the others take their folder's schema.</summary>
    private static void Classify(FileClassifier classifier, List<LakeFolder> leaves, int? sampleSize, CrawlOutcome outcome, CancellationToken cancellationToken)
    {
        var sampled = leaves.SelectMany(l => l.Files.Take(sampleSize ?? int.MaxValue)).ToList();
        foreach (var file in sampled) file.Sampled = true;
        var unknown = 0;
        Parallel.ForEach(sampled, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, file =>
        {
            file.Schema = classifier.Classify(file.Object);
            if (file.Schema is null) Interlocked.Increment(ref unknown);
        });
        foreach (var leaf in leaves)
        {
            var folderSchema = leaf.Files.FirstOrDefault(f => f.Schema is not null)?.Schema;
            foreach (var file in leaf.Files.Where(f => !f.Sampled)) file.Schema = folderSchema;
        }

        outcome.FilesClassified += sampled.Count - unknown;
        outcome.FilesUnknown += unknown;
    }

    private sealed record Attachment(PlannedTable Table, List<LakeFolder> Leaves);

    /// <summary>New folders under an existing partitioned table's location, one level per partition key, become its partitions.</summary>
    private List<Attachment> AttachToExistingTables(List<LakeFolder> fresh, string database)
    {
        var tables = store.ListTables(catalog, database.ToLowerInvariant(), null, int.MaxValue)
            .Select(r => CatalogDocuments.Deserialize<Table>(r.Doc))
            .Where(t => t.PartitionKeys is { Count: > 0 } && t.StorageDescriptor?.Location is not null)
            .Select(t => (Table: t, Folder: t.StorageDescriptor!.Location!.TrimEnd('/') + "/"))
            .ToList();
        var found = new List<(Table Table, LakeFolder Leaf, PlannedPartition Partition)>();
        foreach (var leaf in fresh)
        {
            var schemas = leaf.Files.Select(f => f.Schema).OfType<FileSchema>().ToList();
            if (schemas.Count == 0) continue;
            var owner = tables.FirstOrDefault(t => leaf.Location.StartsWith(t.Folder, StringComparison.Ordinal)
                && leaf.Location[t.Folder.Length..].TrimEnd('/').Split('/').Length == t.Table.PartitionKeys!.Count);
            if (owner.Table is null) continue;
            var values = TablePlanner.PartitionValues(leaf.Location[owner.Folder.Length..]);
            found.Add((owner.Table, leaf, new PlannedPartition(values, leaf.Location, TablePlanner.Merge(schemas), DataStats.Of(leaf.Files, schemas))));
        }

        return [.. found.GroupBy(f => f.Table.Name!, StringComparer.Ordinal).Select(g =>
        {
            var table = g.First().Table;
            var partitions = g.Select(f => f.Partition).ToList();
            return new Attachment(
                new PlannedTable
                {
                    Name = table.Name!,
                    FixedName = table.Name,
                    Location = table.StorageDescriptor!.Location!,
                    Format = g.First().Leaf.Files.Select(f => f.Schema).OfType<FileSchema>().First(),
                    Columns = partitions[0].Columns,
                    PartitionKeys = [.. table.PartitionKeys!.Select(k => k.Name!)],
                    Partitions = partitions,
                    Stats = DataStats.Of([], []),
                },
                [.. g.Select(f => f.Leaf)]);
        })];
    }

    /// <summary>Catalog targets: each listed table's location is crawled as that one table, updating it in place.</summary>
    private List<(string Database, List<PlannedTable> Tables)> CatalogTargets(FileClassifier classifier, CrawlOutcome outcome, CancellationToken cancellationToken)
    {
        var result = new List<(string, List<PlannedTable>)>();
        foreach (var target in crawler.Targets?.CatalogTargets ?? [])
        {
            var db = target.DatabaseName!.ToLowerInvariant();
            var tables = new List<PlannedTable>();
            foreach (var name in target.Tables ?? [])
            {
                var row = store.GetTable(catalog, db, name.ToLowerInvariant());
                if (row is null || CatalogDocuments.Deserialize<Table>(row.Value.Doc) is not { StorageDescriptor.Location: { } location } table) continue;
                var root = LakeScan.Scan(lake, new S3Target { Path = location }, out _);
                if (root is null) continue;
                Classify(classifier, root.Leaves().ToList(), null, outcome, cancellationToken);
                var planned = new TablePlanner(new CrawlerSettings { TableLevel = Depth(root) }).Plan(root, Depth(root));
                tables.AddRange(planned.Take(1).Select(p => p with { FixedName = table.Name, Location = location }));
            }

            result.Add((db, tables));
        }

        return result;
    }
}

/// <summary>A crawl that cannot complete (LastCrawl FAILED with this message).</summary>
public sealed class CrawlFailedException(string message) : Exception(message);
