using System.Globalization;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;

namespace Basin.Services.Glue;

/// <summary>
/// New catalog objects as Glue stores them: the input shape plus the fields Glue adds. One place
/// for the API operations and for crawlers, so both write identical documents.
/// </summary>
public static class CatalogObjects
{
    public static Database NewDatabase(DatabaseInput input, string name, string catalog, DateTimeOffset now)
    {
        var database = CatalogDocuments.From<Database>(input, new JsonObject
        {
            ["Name"] = name,
            ["CatalogId"] = catalog,
            ["CreateTime"] = CatalogDocuments.Timestamp(now),
        });

        // Glue's default for new databases: IAM-only access control (Lake Formation's IAM_ALLOWED_PRINCIPALS).
        database.CreateTableDefaultPermissions ??= [new PrincipalPermissions { Principal = new DataLakePrincipal { DataLakePrincipalIdentifier = "IAM_ALLOWED_PRINCIPALS" }, Permissions = ["ALL"] }];
        return database;
    }

    /// <param name="created">When the table was first created (an update keeps it).</param>
    public static Table NewTable(TableInput input, string name, string db, string catalog, DateTimeOffset created, DateTimeOffset now, string? createdBy, long version) =>
        CatalogDocuments.From<Table>(input, new JsonObject
        {
            ["Name"] = name,
            ["DatabaseName"] = db,
            ["CatalogId"] = catalog,
            ["CreateTime"] = CatalogDocuments.Timestamp(created),
            ["UpdateTime"] = CatalogDocuments.Timestamp(now),
            ["CreatedBy"] = createdBy,
            ["IsRegisteredWithLakeFormation"] = false,
            ["VersionId"] = version.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>The store's key for a partition: its values, in partition-key order.</summary>
    public static string PartitionKey(IEnumerable<string> values) => System.Text.Json.JsonSerializer.Serialize(values.ToList());

    public static Partition NewPartition(PartitionInput input, Table table, DateTimeOffset now) =>
        CatalogDocuments.From<Partition>(input, new JsonObject
        {
            ["DatabaseName"] = table.DatabaseName,
            ["TableName"] = table.Name,
            ["CatalogId"] = table.CatalogId,
            ["CreationTime"] = CatalogDocuments.Timestamp(now),
        });
}
