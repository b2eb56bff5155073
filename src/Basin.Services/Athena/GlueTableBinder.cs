using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Sql.Lake;
using Basin.Sql.Trino;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Binds the tables a query names to the Glue Data Catalog (AwsDataCatalog) and the objects under
/// their LOCATION (or their partitions' locations), read in place by the engine.
/// </summary>
public sealed class GlueTableBinder(CatalogStore catalog, ILakeObjects lake, string account, string defaultDatabase) : ITableBinder
{
    public const string CatalogName = "awsdatacatalog";

    public BoundTable Bind(TableReference reference, string sql)
    {
        if (reference.Catalog.Length > 0 && !reference.Catalog.Equals(CatalogName, StringComparison.OrdinalIgnoreCase))
            throw new SqlException("CATALOG_NOT_FOUND", $"{Position(sql, reference.Offset)}Catalog '{reference.Catalog.ToLowerInvariant()}' does not exist");
        var database = (reference.Schema.Length > 0 ? reference.Schema : defaultDatabase).ToLowerInvariant();
        var name = reference.Table.ToLowerInvariant();
        var qualified = $"{CatalogName}.{database}.{name}";
        if (catalog.GetDatabase(account, database) is null)
            throw SqlErrors.SchemaNotFound(sql, reference.Offset, $"{CatalogName}.{database}");
        var row = catalog.GetTable(account, database, name) ?? throw SqlErrors.TableNotFound(sql, reference.Offset, qualified);
        var table = CatalogDocuments.Deserialize<Table>(row.Doc);
        if (table.TableType == "VIRTUAL_VIEW")
            throw new SqlException("NOT_SUPPORTED", $"{Position(sql, reference.Offset)}Views are not supported by Basin yet: {qualified}");

        var lakeTable = LakeTables.From(table, Files(database, name, table));
        return new BoundTable(qualified, LakeScanSql.For(lakeTable), lakeTable.Files.Sum(f => f.Size));
    }

    private List<LakeFile> Files(string database, string name, Table table)
    {
        if (table.PartitionKeys is not { Count: > 0 }) return [.. ObjectsUnder(table.StorageDescriptor?.Location, [])];
        var files = new List<LakeFile>();
        foreach (var (_, doc) in catalog.ListPartitions(account, database, name, null, int.MaxValue))
        {
            var partition = CatalogDocuments.Deserialize<Partition>(doc);
            files.AddRange(ObjectsUnder(partition.StorageDescriptor?.Location, partition.Values ?? []));
        }

        return files;
    }

    /// <summary>
    /// Every data object under a location, as Athena reads them: recursively, skipping folder
    /// markers, empty objects and names starting with '_' or '.' (Hive's hidden files).
    /// </summary>
    private IEnumerable<LakeFile> ObjectsUnder(string? location, IReadOnlyList<string> partitionValues)
    {
        if (S3Location.TryParse(location) is not { } at || !lake.BucketExists(at.Bucket)) yield break;
        foreach (var o in lake.List(at.Bucket, at.FolderPrefix))
        {
            var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
            if (o.Size == 0 || name.Length == 0 || name[0] is '_' or '.') continue;
            yield return new LakeFile(o.FilePath, o.Size, partitionValues);
        }
    }

    private static string Position(string sql, int offset)
    {
        var (line, column) = SqlErrors.LineColumn(sql, offset);
        return $"line {line}:{column}: ";
    }
}
