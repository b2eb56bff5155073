using System.Security.Cryptography;
using System.Text;
using Basin.Aws.Model.Glue;
using Basin.Services.Glue.Crawlers.Classification;
using Basin.Storage.Catalog;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Writes a crawl's tables and partitions into the catalog under the crawler's SchemaChangePolicy:
/// new tables are created; changed ones updated (a new table version) or, with LOG, left alone;
/// tables this crawler made earlier that the data no longer yields are deprecated, deleted or
/// logged per DeleteBehavior, and so are partitions whose folders are gone.
/// </summary>
public sealed class CrawlerCatalogWriter(CatalogStore store, string catalog, string database, Crawler crawler, CrawlerSettings settings, DateTimeOffset now, string createdBy)
{
    private readonly string _db = database.ToLowerInvariant();
    private readonly string _update = crawler.SchemaChangePolicy?.UpdateBehavior ?? "UPDATE_IN_DATABASE";
    private readonly string _delete = crawler.SchemaChangePolicy?.DeleteBehavior ?? "DEPRECATE_IN_DATABASE";

    /// <summary>Applies the planned tables; with <paramref name="complete"/> (a full crawl) also the deletions.</summary>
    public async Task ApplyAsync(IReadOnlyList<PlannedTable> planned, IReadOnlyList<string> targetLocations, bool complete, CrawlOutcome outcome)
    {
        await EnsureDatabaseAsync().ConfigureAwait(false);
        var existing = AllTables();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in planned)
        {
            var name = NameFor(table, existing);
            written.Add(name);
            existing.TryGetValue(name, out var current);
            var stored = current is null ? await CreateAsync(name, table, outcome).ConfigureAwait(false) : await UpdateAsync(current, table, outcome).ConfigureAwait(false);
            await WritePartitionsAsync(stored, table, complete, outcome).ConfigureAwait(false);
        }

        if (!complete || _delete == "LOG") return;
        foreach (var table in existing.Values.Where(t => !written.Contains(t.Name!) && MadeHere(t, targetLocations)))
        {
            if (_delete == "DELETE_FROM_DATABASE")
            {
                await store.DeleteTableAsync(catalog, _db, table.Name!).ConfigureAwait(false);
                outcome.TablesDeleted++;
            }
            else if (table.Parameters?.ContainsKey("DEPRECATED_BY_CRAWLER") != true)
            {
                var parameters = new Dictionary<string, string>(table.Parameters ?? [], StringComparer.Ordinal) { ["DEPRECATED_BY_CRAWLER"] = crawler.Name! };
                var input = Input(table);
                input.Parameters = parameters;
                await ReplaceAsync(table, input).ConfigureAwait(false);
                outcome.TablesDeleted++;
            }
        }
    }

    private async Task EnsureDatabaseAsync()
    {
        // A crawler's output database is created by its first crawl when it does not exist yet.
        if (store.GetDatabase(catalog, _db) is not null) return;
        var created = CatalogObjects.NewDatabase(new DatabaseInput { Name = _db }, _db, catalog, now);
        await store.CreateDatabaseAsync(catalog, _db, CatalogDocuments.Serialize(created)).ConfigureAwait(false);
    }

    private Dictionary<string, Table> AllTables() =>
        store.ListTables(catalog, _db, null, int.MaxValue).ToDictionary(r => r.Name, r => CatalogDocuments.Deserialize<Table>(r.Doc), StringComparer.Ordinal);

    /// <summary>
    /// Folder name with TablePrefix, in Glue's table-name alphabet. A table of that name at another
    /// location gets a hash suffix, as Glue does when two folders share a name.
    /// </summary>
    private string NameFor(PlannedTable table, Dictionary<string, Table> existing)
    {
        if (table.FixedName is { } fixedName) return fixedName;
        var name = Sanitize((crawler.TablePrefix ?? string.Empty) + table.Name);
        if (existing.TryGetValue(name, out var other) && other.StorageDescriptor?.Location != table.Location)
        {
            name = $"{name}_{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(table.Location)))[..8]}";
        }

        return name;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return new string(chars) is { Length: > 0 } s ? s[..Math.Min(s.Length, 255)] : "_";
    }

    private static bool MadeHere(Table table, IReadOnlyList<string> targetLocations) =>
        table.Parameters?.GetValueOrDefault("UPDATED_BY_CRAWLER") is not null
        && table.StorageDescriptor?.Location is { } location
        && targetLocations.Any(t => location.StartsWith(t, StringComparison.Ordinal));

    private TableInput Planned(string name, PlannedTable table, IReadOnlyList<GlueType.Field> columns)
    {
        var parameters = TableFormats.Parameters(table.Format, table.Stats, crawler.Name!);
        return new TableInput
        {
            Name = name,
            Owner = "owner",
            Retention = 0,
            TableType = "EXTERNAL_TABLE",
            Parameters = parameters,
            PartitionKeys = [.. table.PartitionKeys.Select(k => new Column { Name = k, Type = "string" })],
            StorageDescriptor = TableFormats.Descriptor(table.Format, columns, table.Location, new Dictionary<string, string>(parameters, StringComparer.Ordinal)),
        };
    }

    private async Task<Table> CreateAsync(string name, PlannedTable table, CrawlOutcome outcome)
    {
        var input = Planned(name, table, table.Columns);
        await store.CreateTableAsync(catalog, _db, name, version => CatalogDocuments.Serialize(CatalogObjects.NewTable(input, name, _db, catalog, now, now, createdBy, version))).ConfigureAwait(false);
        outcome.TablesCreated++;
        return CatalogDocuments.Deserialize<Table>(store.GetTable(catalog, _db, name)!.Value.Doc);
    }

    private async Task<Table> UpdateAsync(Table current, PlannedTable table, CrawlOutcome outcome)
    {
        if (_update == "LOG") return current;
        var columns = settings.MergeNewColumnsOnly ? MergeNew(current, table.Columns) : table.Columns;
        var input = Planned(current.Name!, table, columns);
        input.Description = current.Description;
        if (Same(Input(current), input)) return current;
        await ReplaceAsync(current, input).ConfigureAwait(false);
        outcome.TablesUpdated++;
        return CatalogDocuments.Deserialize<Table>(store.GetTable(catalog, _db, current.Name!)!.Value.Doc);
    }

    private Task ReplaceAsync(Table current, TableInput input) =>
        store.UpdateTableAsync(catalog, _db, current.Name!, version => CatalogDocuments.Serialize(
            CatalogObjects.NewTable(input, current.Name!, _db, catalog, current.CreateTime ?? now, now, current.CreatedBy, version)), skipArchive: false, expectedVersion: null);

    /// <summary>MergeNewColumns: existing columns keep their types and order; new ones are appended.</summary>
    private static List<GlueType.Field> MergeNew(Table current, IReadOnlyList<GlueType.Field> planned)
    {
        var kept = ColumnsOf(current);
        var names = kept.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return [.. kept, .. planned.Where(c => !names.Contains(c.Name))];
    }

    private async Task WritePartitionsAsync(Table table, PlannedTable planned, bool complete, CrawlOutcome outcome)
    {
        if ((table.PartitionKeys?.Count ?? 0) != planned.PartitionKeys.Count) return; // LOG kept a table of another shape
        var existing = store.ListPartitions(catalog, _db, table.Name!, null, int.MaxValue)
            .ToDictionary(r => r.Values, r => CatalogDocuments.Deserialize<Partition>(r.Doc), StringComparer.Ordinal);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in planned.Partitions)
        {
            var key = CatalogObjects.PartitionKey(partition.Values);
            seen.Add(key);
            var columns = settings.PartitionsInheritFromTable ? ColumnsOf(table) : partition.Columns;
            var parameters = TableFormats.Parameters(planned.Format, partition.Stats, crawler.Name!);
            var input = new PartitionInput
            {
                Values = [.. partition.Values],
                Parameters = parameters,
                StorageDescriptor = TableFormats.Descriptor(planned.Format, columns, partition.Location, new Dictionary<string, string>(parameters, StringComparer.Ordinal)),
            };
            if (!existing.TryGetValue(key, out var current))
            {
                await store.CreatePartitionAsync(catalog, _db, table.Name!, key, CatalogDocuments.Serialize(CatalogObjects.NewPartition(input, table, now))).ConfigureAwait(false);
                outcome.PartitionsCreated++;
            }
            else if (_update != "LOG" && !Same(PartitionInputOf(current), input))
            {
                var doc = CatalogObjects.NewPartition(input, table, current.CreationTime ?? now);
                await store.UpdatePartitionAsync(catalog, _db, table.Name!, key, key, CatalogDocuments.Serialize(doc)).ConfigureAwait(false);
                outcome.PartitionsUpdated++;
            }
        }

        if (!complete || _delete != "DELETE_FROM_DATABASE") return;
        foreach (var gone in existing.Keys.Where(k => !seen.Contains(k)))
        {
            await store.DeletePartitionAsync(catalog, _db, table.Name!, gone).ConfigureAwait(false);
            outcome.PartitionsDeleted++;
        }
    }

    /// <summary>A stored table's columns as the crawler compares them (types kept as the catalog spells them).</summary>
    private static List<GlueType.Field> ColumnsOf(Table table) =>
        [.. (table.StorageDescriptor?.Columns ?? []).Select(c => new GlueType.Field(c.Name!, new GlueType.Primitive(c.Type ?? "string")))];

    private static TableInput Input(Table table) => CatalogDocuments.Deserialize<TableInput>(CatalogDocuments.Serialize(table));

    private static PartitionInput PartitionInputOf(Partition partition) => CatalogDocuments.Deserialize<PartitionInput>(CatalogDocuments.Serialize(partition));

    /// <summary>Unchanged apart from what Glue stamps (times, versions): no new version is written.</summary>
    private static bool Same<T>(T stored, T planned) => CatalogDocuments.Serialize(stored) == CatalogDocuments.Serialize(planned);
}
