using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase.</summary>
public sealed class DatabaseOperations(GlueContext glue)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreateDatabaseRequest, CreateDatabaseResponse>("CreateDatabase", CreateAsync);
        operations.On<GetDatabaseRequest, GetDatabaseResponse>("GetDatabase", (input, request) =>
            Task.FromResult(new GetDatabaseResponse { Database = Get(request, input.CatalogId, input.Name) }));
        operations.On<GetDatabasesRequest, GetDatabasesResponse>("GetDatabases", ListAsync);
        operations.On<UpdateDatabaseRequest, UpdateDatabaseResponse>("UpdateDatabase", UpdateAsync);
        operations.On<DeleteDatabaseRequest, DeleteDatabaseResponse>("DeleteDatabase", DeleteAsync);
    }

    private async Task<CreateDatabaseResponse> CreateAsync(CreateDatabaseRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var definition = input.DatabaseInput ?? throw GlueErrors.InvalidInput("DatabaseInput is required.");
        var name = CatalogNames.Normalize(definition.Name, "Database");
        var database = CatalogObjects.NewDatabase(definition, name, catalog, glue.Now());
        if (!await glue.Store.CreateDatabaseAsync(catalog, name, CatalogDocuments.Serialize(database)).ConfigureAwait(false))
        {
            throw GlueErrors.AlreadyExists("Database");
        }

        if (input.Tags is { Count: > 0 } tags) await glue.SetTagsAsync(catalog, GlueContext.Arn(request, "database/" + name), tags).ConfigureAwait(false);
        return new CreateDatabaseResponse();
    }

    private Database Get(AwsRequest request, string? catalogId, string? name)
    {
        var catalog = GlueContext.Catalog(request, catalogId);
        var key = CatalogNames.Normalize(name, "Database");
        var doc = glue.Store.GetDatabase(catalog, key) ?? throw GlueErrors.DatabaseNotFound(key);
        return CatalogDocuments.Deserialize<Database>(doc);
    }

    private Task<GetDatabasesResponse> ListAsync(GetDatabasesRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var size = GlueContext.PageSize(input.MaxResults, 100);
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
        var rows = glue.Store.ListDatabases(catalog, after, size + 1);
        var page = rows.Take(size).ToList();
        return Task.FromResult(new GetDatabasesResponse
        {
            DatabaseList = [.. page.Select(r => CatalogDocuments.Deserialize<Database>(r.Doc))],
            NextToken = rows.Count > size ? PageTokens.Encode(page[^1].Name) : null,
        });
    }

    private async Task<UpdateDatabaseResponse> UpdateAsync(UpdateDatabaseRequest input, AwsRequest request)
    {
        var existing = Get(request, input.CatalogId, input.Name);
        var definition = input.DatabaseInput ?? throw GlueErrors.InvalidInput("DatabaseInput is required.");

        // The new definition replaces the old one; identity and creation time stay.
        var updated = CatalogDocuments.From<Database>(definition, new JsonObject
        {
            ["Name"] = existing.Name,
            ["CatalogId"] = existing.CatalogId,
            ["CreateTime"] = existing.CreateTime is { } t ? CatalogDocuments.Timestamp(t) : null,
        });
        updated.CreateTableDefaultPermissions ??= existing.CreateTableDefaultPermissions;
        await glue.Store.UpdateDatabaseAsync(existing.CatalogId!, existing.Name!, CatalogDocuments.Serialize(updated)).ConfigureAwait(false);
        return new UpdateDatabaseResponse();
    }

    private async Task<DeleteDatabaseResponse> DeleteAsync(DeleteDatabaseRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var name = CatalogNames.Normalize(input.Name, "Database");
        if (!await glue.Store.DeleteDatabaseAsync(catalog, name).ConfigureAwait(false)) throw GlueErrors.DatabaseNotFound(name);
        return new DeleteDatabaseResponse();
    }
}
