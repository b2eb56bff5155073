using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>
/// Connections (JDBC, Kafka, network, ...) are stored as given. HidePassword removes the password
/// properties from answers, as Glue does; without it they are returned to the owning account.
/// </summary>
public sealed class ConnectionOperations(GlueContext glue)
{
    private const string Kind = "connection";
    private static readonly string[] PasswordProperties = ["PASSWORD", "ENCRYPTED_PASSWORD"];

    public void Register(OperationTable operations)
    {
        operations.On<CreateConnectionRequest, CreateConnectionResponse>("CreateConnection", CreateAsync);
        operations.On<GetConnectionRequest, GetConnectionResponse>("GetConnection", (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, input.CatalogId);
            var doc = glue.Store.GetDocument(catalog, Kind, string.Empty, Name(input.Name)) ?? throw NotFound(input.Name);
            return Task.FromResult(new GetConnectionResponse { Connection = Shown(doc, input.HidePassword == true) });
        });
        operations.On<GetConnectionsRequest, GetConnectionsResponse>("GetConnections", ListAsync);
        operations.On<UpdateConnectionRequest, UpdateConnectionResponse>("UpdateConnection", UpdateAsync);
        operations.On<DeleteConnectionRequest, DeleteConnectionResponse>("DeleteConnection", async (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, input.CatalogId);
            if (!await glue.Store.DeleteDocumentAsync(catalog, Kind, string.Empty, Name(input.ConnectionName)).ConfigureAwait(false)) throw NotFound(input.ConnectionName);
            await glue.SetTagsAsync(catalog, GlueContext.Arn(request, "connection/" + input.ConnectionName), new Dictionary<string, string>()).ConfigureAwait(false);
            return new DeleteConnectionResponse();
        });
        operations.On<BatchDeleteConnectionRequest, BatchDeleteConnectionResponse>("BatchDeleteConnection", async (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, input.CatalogId);
            var names = (input.ConnectionNameList ?? []).Select(Name).ToList();
            if (names.Count > 25) throw GlueErrors.InvalidInput("ConnectionNameList can hold at most 25 names.");
            var response = new BatchDeleteConnectionResponse { Succeeded = [], Errors = [] };
            foreach (var name in names)
            {
                if (await glue.Store.DeleteDocumentAsync(catalog, Kind, string.Empty, name).ConfigureAwait(false)) response.Succeeded.Add(name);
                else response.Errors[name] = GlueErrors.Detail(NotFound(name));
            }

            return response;
        });
    }

    private async Task<CreateConnectionResponse> CreateAsync(CreateConnectionRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var definition = input.ConnectionInput ?? throw GlueErrors.InvalidInput("ConnectionInput is required.");
        var name = Name(definition.Name);
        if (string.IsNullOrEmpty(definition.ConnectionType)) throw GlueErrors.InvalidInput("ConnectionType is required.");
        var now = CatalogDocuments.Timestamp(glue.Now());
        var connection = CatalogDocuments.From<Connection>(definition, new JsonObject
        {
            ["CreationTime"] = now,
            ["LastUpdatedTime"] = now,
            ["LastUpdatedBy"] = request.Caller.Arn,
            ["Status"] = "READY",
        });
        if (!await glue.Store.PutDocumentAsync(catalog, Kind, string.Empty, name, CatalogDocuments.Serialize(connection), create: true).ConfigureAwait(false))
        {
            throw GlueErrors.AlreadyExists("Connection");
        }

        if (input.Tags is { Count: > 0 } tags) await glue.SetTagsAsync(catalog, GlueContext.Arn(request, "connection/" + name), tags).ConfigureAwait(false);
        return new CreateConnectionResponse { CreateConnectionStatus = "READY" };
    }

    private Task<GetConnectionsResponse> ListAsync(GetConnectionsRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var size = GlueContext.PageSize(input.MaxResults, 1000);
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
        var rows = glue.Store.ListDocuments(catalog, Kind, string.Empty, after, int.MaxValue)
            .Select(r => (r.Name, Connection: Shown(r.Doc, input.HidePassword == true)))
            .Where(r => input.Filter?.ConnectionType is not { } type || r.Connection.ConnectionType == type)
            .Where(r => input.Filter?.MatchCriteria is not { Count: > 0 } criteria || criteria.All(c => r.Connection.MatchCriteria?.Contains(c) == true))
            .ToList();
        var page = rows.Take(size).ToList();
        return Task.FromResult(new GetConnectionsResponse
        {
            ConnectionList = [.. page.Select(r => r.Connection)],
            NextToken = rows.Count > size ? PageTokens.Encode(page[^1].Name) : null,
        });
    }

    private async Task<UpdateConnectionResponse> UpdateAsync(UpdateConnectionRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var name = Name(input.Name);
        var existing = CatalogDocuments.Deserialize<Connection>(glue.Store.GetDocument(catalog, Kind, string.Empty, name) ?? throw NotFound(name));
        var definition = input.ConnectionInput ?? throw GlueErrors.InvalidInput("ConnectionInput is required.");
        var updated = CatalogDocuments.From<Connection>(definition, new JsonObject
        {
            ["Name"] = name,
            ["CreationTime"] = existing.CreationTime is { } t ? CatalogDocuments.Timestamp(t) : null,
            ["LastUpdatedTime"] = CatalogDocuments.Timestamp(glue.Now()),
            ["LastUpdatedBy"] = request.Caller.Arn,
            ["Status"] = existing.Status ?? "READY",
        });
        await glue.Store.PutDocumentAsync(catalog, Kind, string.Empty, name, CatalogDocuments.Serialize(updated), create: false).ConfigureAwait(false);
        return new UpdateConnectionResponse();
    }

    private static Connection Shown(string doc, bool hidePassword)
    {
        var connection = CatalogDocuments.Deserialize<Connection>(doc);
        if (hidePassword && connection.ConnectionProperties is { } properties)
        {
            foreach (var key in PasswordProperties) properties.Remove(key);
        }

        return connection;
    }

    private static string Name(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 255 ? throw GlueErrors.InvalidInput("Connection name must be 1–255 characters.") : name;

    private static AwsServiceException NotFound(string? name) => new("EntityNotFoundException", $"Connection {name} not found.");
}
