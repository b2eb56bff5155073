using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Sql.Hive;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// Adding a table's partitions to the catalog as Athena does (ALTER TABLE ADD PARTITION, MSCK
/// REPAIR TABLE, CTAS and INSERT INTO): the table's storage descriptor with the partition's own
/// location, by default the Hive folder "k=v/" under the table's location.
/// </summary>
public static class TablePartitions
{
    public static string DefaultLocation(Table table, IReadOnlyList<string> values)
    {
        var root = table.StorageDescriptor?.Location ?? "";
        if (!root.EndsWith('/')) root += "/";
        return root + HivePartitionPaths.Folder([.. (table.PartitionKeys ?? []).Select(k => k.Name!)], values);
    }

    /// <summary>Adds the partition; false when one with these values exists already.</summary>
    public static Task<bool> AddAsync(StatementContext context, Table table, IReadOnlyList<string> values, string? location)
    {
        var descriptor = CatalogDocuments.Deserialize<StorageDescriptor>(CatalogDocuments.Serialize(table.StorageDescriptor ?? new StorageDescriptor()));
        descriptor.Location = location ?? DefaultLocation(table, values);
        var input = new PartitionInput { Values = [.. values], StorageDescriptor = descriptor, Parameters = [] };
        var doc = CatalogDocuments.Serialize(CatalogObjects.NewPartition(input, table, context.Now));
        return context.Catalog.CreatePartitionAsync(context.Account, table.DatabaseName!, table.Name!, CatalogObjects.PartitionKey(values), doc);
    }

    /// <summary>The partitions in the catalog, as their values.</summary>
    public static List<List<string>> List(StatementContext context, Table table) =>
        [.. context.Catalog.ListPartitions(context.Account, table.DatabaseName!, table.Name!, null, int.MaxValue)
            .Select(p => CatalogDocuments.Deserialize<Partition>(p.Doc).Values ?? [])];
}
