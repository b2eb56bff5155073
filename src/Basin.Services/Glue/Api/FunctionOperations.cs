using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>User-defined functions of a database (Hive UDF definitions: class name and resources).</summary>
public sealed class FunctionOperations(GlueContext glue)
{
    private const string Kind = "function";

    public void Register(OperationTable operations)
    {
        operations.On<CreateUserDefinedFunctionRequest, CreateUserDefinedFunctionResponse>("CreateUserDefinedFunction", async (input, request) =>
        {
            var (catalog, db) = Database(request, input.CatalogId, input.DatabaseName);
            var definition = input.FunctionInput ?? throw GlueErrors.InvalidInput("FunctionInput is required.");
            var name = CatalogNames.Normalize(definition.FunctionName, "Function");
            var function = Build(definition, catalog, db, name, CatalogDocuments.Timestamp(glue.Now()));
            return await glue.Store.PutDocumentAsync(catalog, Kind, db, name, CatalogDocuments.Serialize(function), create: true).ConfigureAwait(false)
                ? new CreateUserDefinedFunctionResponse()
                : throw GlueErrors.AlreadyExists("Function");
        });
        operations.On<GetUserDefinedFunctionRequest, GetUserDefinedFunctionResponse>("GetUserDefinedFunction", (input, request) =>
        {
            var (catalog, db) = Database(request, input.CatalogId, input.DatabaseName);
            var name = CatalogNames.Normalize(input.FunctionName, "Function");
            var doc = glue.Store.GetDocument(catalog, Kind, db, name) ?? throw NotFound(name);
            return Task.FromResult(new GetUserDefinedFunctionResponse { UserDefinedFunction = CatalogDocuments.Deserialize<UserDefinedFunction>(doc) });
        });
        operations.On<GetUserDefinedFunctionsRequest, GetUserDefinedFunctionsResponse>("GetUserDefinedFunctions", (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, input.CatalogId);
            var matches = CatalogNames.Matcher(input.Pattern);
            var size = GlueContext.PageSize(input.MaxResults, 100);
            var databases = input.DatabaseName is { } one ? [CatalogNames.Normalize(one, "Database")] : glue.Store.ListDatabases(catalog, null, int.MaxValue).Select(d => d.Name).ToList();
            var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
            var all = databases
                .SelectMany(db => glue.Store.ListDocuments(catalog, Kind, db, null, int.MaxValue).Select(r => (Key: db + "/" + r.Name, r.Name, r.Doc)))
                .Where(r => matches(r.Name) && (after is null || string.CompareOrdinal(r.Key, after) > 0))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            var page = all.Take(size).ToList();
            return Task.FromResult(new GetUserDefinedFunctionsResponse
            {
                UserDefinedFunctions = [.. page.Select(r => CatalogDocuments.Deserialize<UserDefinedFunction>(r.Doc))],
                NextToken = all.Count > size ? PageTokens.Encode(page[^1].Key) : null,
            });
        });
        operations.On<UpdateUserDefinedFunctionRequest, UpdateUserDefinedFunctionResponse>("UpdateUserDefinedFunction", async (input, request) =>
        {
            var (catalog, db) = Database(request, input.CatalogId, input.DatabaseName);
            var name = CatalogNames.Normalize(input.FunctionName, "Function");
            var existing = CatalogDocuments.Deserialize<UserDefinedFunction>(glue.Store.GetDocument(catalog, Kind, db, name) ?? throw NotFound(name));
            var updated = Build(input.FunctionInput ?? throw GlueErrors.InvalidInput("FunctionInput is required."), catalog, db, name, existing.CreateTime is { } t ? CatalogDocuments.Timestamp(t) : null);
            await glue.Store.PutDocumentAsync(catalog, Kind, db, name, CatalogDocuments.Serialize(updated), create: false).ConfigureAwait(false);
            return new UpdateUserDefinedFunctionResponse();
        });
        operations.On<DeleteUserDefinedFunctionRequest, DeleteUserDefinedFunctionResponse>("DeleteUserDefinedFunction", async (input, request) =>
        {
            var (catalog, db) = Database(request, input.CatalogId, input.DatabaseName);
            var name = CatalogNames.Normalize(input.FunctionName, "Function");
            return await glue.Store.DeleteDocumentAsync(catalog, Kind, db, name).ConfigureAwait(false) ? new DeleteUserDefinedFunctionResponse() : throw NotFound(name);
        });
    }

    private (string Catalog, string Database) Database(AwsRequest request, string? catalogId, string? databaseName)
    {
        var catalog = GlueContext.Catalog(request, catalogId);
        var db = CatalogNames.Normalize(databaseName, "Database");
        return glue.Store.GetDatabase(catalog, db) is null ? throw GlueErrors.DatabaseNotFound(db) : (catalog, db);
    }

    private static UserDefinedFunction Build(UserDefinedFunctionInput input, string catalog, string db, string name, string? created) =>
        CatalogDocuments.From<UserDefinedFunction>(input, new JsonObject { ["FunctionName"] = name, ["DatabaseName"] = db, ["CatalogId"] = catalog, ["CreateTime"] = created });

    private static AwsServiceException NotFound(string name) => new("EntityNotFoundException", $"Function {name} not found.");
}
