using System.Globalization;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>CreateTable, GetTable, GetTables (Expression, paging), UpdateTable (versioned), DeleteTable, BatchDeleteTable.</summary>
public sealed class TableOperations(GlueContext glue)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreateTableRequest, CreateTableResponse>("CreateTable", CreateAsync);
        operations.On<GetTableRequest, GetTableResponse>("GetTable", (input, request) =>
            Task.FromResult(new GetTableResponse { Table = Get(request, input.CatalogId, input.DatabaseName, input.Name) }));
        operations.On<GetTablesRequest, GetTablesResponse>("GetTables", ListAsync);
        operations.On<UpdateTableRequest, UpdateTableResponse>("UpdateTable", UpdateAsync);
        operations.On<DeleteTableRequest, DeleteTableResponse>("DeleteTable", DeleteAsync);
        operations.On<BatchDeleteTableRequest, BatchDeleteTableResponse>("BatchDeleteTable", BatchDeleteAsync);
    }

    private async Task<CreateTableResponse> CreateAsync(CreateTableRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var db = CatalogNames.Normalize(input.DatabaseName, "Database");
        var definition = input.TableInput ?? throw GlueErrors.InvalidInput("TableInput is required.");
        var name = CatalogNames.Normalize(definition.Name, "Table");
        var now = glue.Now();
        bool created;
        try
        {
            created = await glue.Store.CreateTableAsync(catalog, db, name, version =>
                CatalogDocuments.Serialize(CatalogObjects.NewTable(definition, name, db, catalog, now, now, request.Caller.Arn, version))).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            throw GlueErrors.DatabaseNotFound(db);
        }

        return created ? new CreateTableResponse() : throw GlueErrors.AlreadyExists("Table");
    }

    private Table Get(AwsRequest request, string? catalogId, string? databaseName, string? tableName) =>
        glue.RequireTable(request, catalogId, databaseName, tableName).Table;

    private Task<GetTablesResponse> ListAsync(GetTablesRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var db = CatalogNames.Normalize(input.DatabaseName, "Database");
        if (glue.Store.GetDatabase(catalog, db) is null) throw GlueErrors.DatabaseNotFound(db);
        var size = GlueContext.PageSize(input.MaxResults, 100);
        var matches = CatalogNames.Matcher(input.Expression);
        var (page, next) = GlueContext.FilteredPage((after, limit) => glue.Store.ListTables(catalog, db, after, limit), input.NextToken, size, r => matches(r.Name));
        return Task.FromResult(new GetTablesResponse
        {
            TableList = [.. page.Select(r => CatalogDocuments.Deserialize<Table>(r.Doc))],
            NextToken = next,
        });
    }

    private async Task<UpdateTableResponse> UpdateAsync(UpdateTableRequest input, AwsRequest request)
    {
        var definition = input.TableInput ?? throw GlueErrors.InvalidInput("TableInput is required.");
        var existing = Get(request, input.CatalogId, input.DatabaseName, definition.Name);
        long? expected = input.VersionId is null ? null
            : long.TryParse(input.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw GlueErrors.InvalidInput($"Invalid VersionId {input.VersionId}.");
        var now = glue.Now();
        var version = await glue.Store.UpdateTableAsync(existing.CatalogId!, existing.DatabaseName!, existing.Name!, next =>
            CatalogDocuments.Serialize(CatalogObjects.NewTable(definition, existing.Name!, existing.DatabaseName!, existing.CatalogId!, existing.CreateTime ?? now, now, existing.CreatedBy, next)),
            input.SkipArchive == true, expected).ConfigureAwait(false);
        return version is null
            ? throw new AwsServiceException("ConcurrentModificationException", $"Table {existing.Name} was modified: VersionId {input.VersionId} is not the current version.")
            : new UpdateTableResponse();
    }

    private async Task<DeleteTableResponse> DeleteAsync(DeleteTableRequest input, AwsRequest request)
    {
        var table = Get(request, input.CatalogId, input.DatabaseName, input.Name);
        await glue.Store.DeleteTableAsync(table.CatalogId!, table.DatabaseName!, table.Name!).ConfigureAwait(false);
        return new DeleteTableResponse();
    }

    private async Task<BatchDeleteTableResponse> BatchDeleteAsync(BatchDeleteTableRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var db = CatalogNames.Normalize(input.DatabaseName, "Database");
        var names = input.TablesToDelete ?? [];
        if (names.Count > 100) throw GlueErrors.InvalidInput("TablesToDelete can hold at most 100 names.");
        if (glue.Store.GetDatabase(catalog, db) is null) throw GlueErrors.DatabaseNotFound(db);
        var errors = new List<TableError>();
        foreach (var given in names)
        {
            var name = CatalogNames.Normalize(given, "Table");
            if (!await glue.Store.DeleteTableAsync(catalog, db, name).ConfigureAwait(false))
            {
                var error = GlueErrors.TableNotFound(name);
                errors.Add(new TableError { TableName = given, ErrorDetail = GlueErrors.Detail(error) });
            }
        }

        return new BatchDeleteTableResponse { Errors = errors };
    }
}
