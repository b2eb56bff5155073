using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue;
using GlueModel = Basin.Aws.Model.Glue;

namespace Basin.Services.Athena.Api;

/// <summary>
/// The data catalog as Athena shows it: ListDataCatalogs/GetDataCatalog (AwsDataCatalog, the Glue
/// catalog of the account) and ListDatabases, GetDatabase, ListTableMetadata, GetTableMetadata over it.
/// </summary>
public sealed class MetadataOperations(AthenaContext athena)
{
    private const string DataCatalog = "AwsDataCatalog";

    public void Register(OperationTable operations)
    {
        operations.On<ListDataCatalogsInput, ListDataCatalogsOutput>("ListDataCatalogs", (_, _) => Task.FromResult(new ListDataCatalogsOutput
        {
            DataCatalogsSummary = [new DataCatalogSummary { CatalogName = DataCatalog, Type = "GLUE", Status = "CREATE_COMPLETE" }],
        }));
        operations.On<GetDataCatalogInput, GetDataCatalogOutput>("GetDataCatalog", (input, request) =>
        {
            RequireCatalog(input.Name);
            return Task.FromResult(new GetDataCatalogOutput
            {
                DataCatalog = new DataCatalog { Name = DataCatalog, Type = "GLUE", Status = "CREATE_COMPLETE", Parameters = new() { ["catalog-id"] = request.Caller.AccountId } },
            });
        });
        operations.On<ListDatabasesInput, ListDatabasesOutput>("ListDatabases", (input, request) => Task.FromResult(ListDatabases(input, request)));
        operations.On<GetDatabaseInput, GetDatabaseOutput>("GetDatabase", (input, request) =>
        {
            RequireCatalog(input.CatalogName);
            return Task.FromResult(new GetDatabaseOutput { Database = ToAthena(RequireDatabase(request, input.DatabaseName)) });
        });
        operations.On<ListTableMetadataInput, ListTableMetadataOutput>("ListTableMetadata", (input, request) => Task.FromResult(ListTables(input, request)));
        operations.On<GetTableMetadataInput, GetTableMetadataOutput>("GetTableMetadata", (input, request) =>
        {
            RequireCatalog(input.CatalogName);
            var db = RequireDatabase(request, input.DatabaseName).Name!;
            var row = athena.Catalog.GetTable(request.Caller.AccountId, db, (input.TableName ?? "").ToLowerInvariant())
                ?? throw new AwsServiceException("MetadataException", $"Table {input.TableName} not found in database {db}");
            return Task.FromResult(new GetTableMetadataOutput { TableMetadata = ToAthena(CatalogDocuments.Deserialize<GlueModel.Table>(row.Doc)) });
        });
    }

    private ListDatabasesOutput ListDatabases(ListDatabasesInput input, AwsRequest request)
    {
        RequireCatalog(input.CatalogName);
        var size = input.MaxResults ?? 50;
        if (size is < 1 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 1 and 50.");
        var after = input.NextToken is null ? null : PageTokens.Decode(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
        var rows = athena.Catalog.ListDatabases(request.Caller.AccountId, after, size + 1);
        var page = rows.Take(size).Select(r => ToAthena(CatalogDocuments.Deserialize<GlueModel.Database>(r.Doc))).ToList();
        return new ListDatabasesOutput { DatabaseList = page, NextToken = rows.Count > size ? PageTokens.Encode(page[^1].Name!) : null };
    }

    private ListTableMetadataOutput ListTables(ListTableMetadataInput input, AwsRequest request)
    {
        RequireCatalog(input.CatalogName);
        var db = RequireDatabase(request, input.DatabaseName).Name!;
        var size = input.MaxResults ?? 50;
        if (size is < 1 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 1 and 50.");
        var matches = CatalogNames.Matcher(input.Expression);
        var (rows, next) = GlueContext.FilteredPage((after, limit) => athena.Catalog.ListTables(request.Caller.AccountId, db, after, limit),
            input.NextToken, size, row => matches(row.Name));
        return new ListTableMetadataOutput
        {
            TableMetadataList = [.. rows.Select(r => ToAthena(CatalogDocuments.Deserialize<GlueModel.Table>(r.Doc)))],
            NextToken = next,
        };
    }

    private static void RequireCatalog(string? name)
    {
        if (name is not null && !name.Equals(DataCatalog, StringComparison.OrdinalIgnoreCase))
            throw new AwsServiceException("MetadataException", $"Catalog {name} does not exist.");
    }

    private GlueModel.Database RequireDatabase(AwsRequest request, string? name)
    {
        var key = (name ?? "").ToLowerInvariant();
        return athena.Catalog.GetDatabase(request.Caller.AccountId, key) is { } doc
            ? CatalogDocuments.Deserialize<GlueModel.Database>(doc)
            : throw new AwsServiceException("MetadataException", $"Database {name} does not exist.");
    }

    private static Database ToAthena(GlueModel.Database db) => new() { Name = db.Name, Description = db.Description, Parameters = db.Parameters ?? [] };

    private static TableMetadata ToAthena(GlueModel.Table t) => new()
    {
        Name = t.Name,
        CreateTime = t.CreateTime,
        LastAccessTime = t.LastAccessTime,
        TableType = t.TableType,
        Columns = [.. (t.StorageDescriptor?.Columns ?? []).Select(c => new Column { Name = c.Name, Type = c.Type, Comment = c.Comment })],
        PartitionKeys = [.. (t.PartitionKeys ?? []).Select(c => new Column { Name = c.Name, Type = c.Type, Comment = c.Comment })],
        Parameters = Parameters(t),
    };

    /// <summary>Athena's table parameters: the Glue ones plus the SerDe and location facts it adds.</summary>
    private static Dictionary<string, string> Parameters(GlueModel.Table t)
    {
        var parameters = new Dictionary<string, string>(t.Parameters ?? [], StringComparer.Ordinal);
        if (t.StorageDescriptor is { } sd)
        {
            if (sd.Location is { } location) parameters["location"] = location;
            if (sd.InputFormat is { } inputFormat) parameters["inputformat"] = inputFormat;
            if (sd.OutputFormat is { } outputFormat) parameters["outputformat"] = outputFormat;
            if (sd.SerdeInfo?.SerializationLibrary is { } serde) parameters["serde.serialization.lib"] = serde;
            foreach (var (k, v) in sd.SerdeInfo?.Parameters ?? []) parameters["serde.param." + k] = v;
        }

        return parameters;
    }
}
