using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Sql.Lake;
using Basin.Sql.Trino;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Binds the names a query reads to the Glue Data Catalog (AwsDataCatalog): tables to the objects
/// under their LOCATION (or their partitions' locations), read in place by the engine, and
/// Athena views to the SQL they stand for.
/// </summary>
public sealed class GlueTableBinder(CatalogStore catalog, ILakeObjects lake, QueryLakeFiles files, string account, DateTimeOffset now) : ITableBinder
{
    public const string CatalogName = "awsdatacatalog";

    public BoundRelation Bind(TableReference reference, string sql)
    {
        if (reference.Catalog.Length > 0 && !reference.Catalog.Equals(CatalogName, StringComparison.OrdinalIgnoreCase))
            throw new SqlException("CATALOG_NOT_FOUND", $"{Position(sql, reference.Offset)}Catalog '{reference.Catalog.ToLowerInvariant()}' does not exist");
        var database = (reference.Schema.Length > 0 ? reference.Schema : reference.DefaultSchema).ToLowerInvariant();
        var name = reference.Table.ToLowerInvariant();
        var qualified = $"{CatalogName}.{database}.{name}";
        if (catalog.GetDatabase(account, database) is null)
            throw SqlErrors.SchemaNotFound(sql, reference.Offset, $"{CatalogName}.{database}");
        var row = catalog.GetTable(account, database, name) ?? throw SqlErrors.TableNotFound(sql, reference.Offset, qualified);
        var table = CatalogDocuments.Deserialize<Table>(row.Doc);
        if (table.TableType == AthenaViews.TableType) return new BoundView(qualified, AthenaViews.Sql(table, qualified), database);

        var shape = LakeTables.From(table, []);
        var avro = LakeTables.IsAvro(table);
        if (table.PartitionKeys is not { Count: > 0 })
            return new BoundTable(qualified, shape, null, _ => [.. LakeListing.ObjectsUnder(lake, files, table.StorageDescriptor?.Location, [], avro)]);

        // A projected table computes its partitions from its properties; the catalog's are ignored, as in Athena.
        // With injected keys, it can only once the query's values for them are known.
        if (PartitionProjection.IsEnabled(table) && PartitionProjection.InjectedKeys(table) is { Count: > 0 } injected)
        {
            return new BoundTable(qualified, shape, [], kept => [.. (kept ?? []).SelectMany(p => LakeListing.ObjectsUnder(lake, files, p.Location, p.Values, avro))],
                injected, values => PartitionProjection.Partitions(table, now, values));
        }

        var partitions = PartitionProjection.IsEnabled(table)
            ? PartitionProjection.Partitions(table, now)
            : catalog.ListPartitions(account, database, name, null, int.MaxValue)
                .Select(p => CatalogDocuments.Deserialize<Partition>(p.Doc))
                .Select(p => new LakePartition(p.Values ?? [], p.StorageDescriptor?.Location))
                .ToList();
        return new BoundTable(qualified, shape, partitions, kept =>
            [.. (kept ?? partitions).SelectMany(p => LakeListing.ObjectsUnder(lake, files, p.Location, p.Values, avro))]);
    }

    private static string Position(string sql, int offset)
    {
        var (line, column) = SqlErrors.LineColumn(sql, offset);
        return $"line {line}:{column}: ";
    }
}
