using System.Globalization;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>
/// A table's history: every UpdateTable (without SkipArchive) keeps the previous definition as a
/// version. GetTableVersions lists the current version and the archived ones, newest first.
/// </summary>
public sealed class TableVersionOperations(GlueContext glue)
{
    public void Register(OperationTable operations)
    {
        operations.On<GetTableVersionsRequest, GetTableVersionsResponse>("GetTableVersions", ListAsync);
        operations.On<GetTableVersionRequest, GetTableVersionResponse>("GetTableVersion", GetAsync);
        operations.On<DeleteTableVersionRequest, DeleteTableVersionResponse>("DeleteTableVersion", async (input, request) =>
        {
            var errors = await DeleteAsync(request, input.CatalogId, input.DatabaseName, input.TableName, [input.VersionId]).ConfigureAwait(false);
            return errors.Count == 0 ? new DeleteTableVersionResponse() : throw new AwsServiceException(errors[0].ErrorDetail!.ErrorCode!, errors[0].ErrorDetail!.ErrorMessage!);
        });
        operations.On<BatchDeleteTableVersionRequest, BatchDeleteTableVersionResponse>("BatchDeleteTableVersion", async (input, request) =>
        {
            if (input.VersionIds is { Count: > 100 }) throw GlueErrors.InvalidInput("VersionIds can hold at most 100 ids.");
            return new BatchDeleteTableVersionResponse { Errors = await DeleteAsync(request, input.CatalogId, input.DatabaseName, input.TableName, input.VersionIds ?? []).ConfigureAwait(false) };
        });
    }

    private List<TableVersion> Versions(AwsRequest request, string? catalogId, string? databaseName, string? tableName, out Table current)
    {
        var (table, version) = glue.RequireTable(request, catalogId, databaseName, tableName);
        current = table;
        var versions = new List<TableVersion> { new() { Table = current, VersionId = version.ToString(CultureInfo.InvariantCulture) } };
        versions.AddRange(glue.Store.TableVersions(table.CatalogId!, table.DatabaseName!, table.Name!).Select(v => new TableVersion { Table = CatalogDocuments.Deserialize<Table>(v.Doc), VersionId = v.Version.ToString(CultureInfo.InvariantCulture) }));
        return versions;
    }

    private Task<GetTableVersionsResponse> ListAsync(GetTableVersionsRequest input, AwsRequest request)
    {
        var versions = Versions(request, input.CatalogId, input.DatabaseName, input.TableName, out _);
        var size = GlueContext.PageSize(input.MaxResults, 100);
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
        var remaining = after is null ? versions : versions.SkipWhile(v => v.VersionId != after).Skip(1).ToList();
        var page = remaining.Take(size).ToList();
        return Task.FromResult(new GetTableVersionsResponse
        {
            TableVersions = page,
            NextToken = remaining.Count > size ? PageTokens.Encode(page[^1].VersionId!) : null,
        });
    }

    private Task<GetTableVersionResponse> GetAsync(GetTableVersionRequest input, AwsRequest request)
    {
        var versions = Versions(request, input.CatalogId, input.DatabaseName, input.TableName, out _);
        var version = input.VersionId is null ? versions[0] : versions.FirstOrDefault(v => v.VersionId == input.VersionId)
            ?? throw new AwsServiceException("EntityNotFoundException", $"Version {input.VersionId} of table {input.TableName} not found.");
        return Task.FromResult(new GetTableVersionResponse { TableVersion = version });
    }

    private async Task<List<TableVersionError>> DeleteAsync(AwsRequest request, string? catalogId, string? databaseName, string? tableName, IEnumerable<string?> ids)
    {
        var versions = Versions(request, catalogId, databaseName, tableName, out var current);
        var errors = new List<TableVersionError>();
        foreach (var id in ids)
        {
            AwsServiceException? error = null;
            if (id == versions[0].VersionId) error = GlueErrors.InvalidInput($"Cannot delete the current version {id} of table {current.Name}.");
            else if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || !await glue.Store.DeleteTableVersionAsync(current.CatalogId!, current.DatabaseName!, current.Name!, number).ConfigureAwait(false))
            {
                error = new AwsServiceException("EntityNotFoundException", $"Version {id} of table {current.Name} not found.");
            }

            if (error is not null) errors.Add(new TableVersionError { TableName = tableName, VersionId = id, ErrorDetail = GlueErrors.Detail(error) });
        }

        return errors;
    }
}
