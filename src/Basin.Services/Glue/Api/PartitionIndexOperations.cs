using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Catalog;

namespace Basin.Services.Glue.Api;

/// <summary>
/// Partition indexes: up to three per table over its partition keys. Basin filters partitions the
/// same way with or without one, so an index changes nothing observable but its own listing;
/// it is kept so definitions round-trip and Glue's rules are enforced.
/// </summary>
public sealed class PartitionIndexOperations(GlueContext glue)
{
    private const string Kind = "partition-index";
    private const int MaxIndexesPerTable = 3;

    public void Register(OperationTable operations)
    {
        operations.On<CreatePartitionIndexRequest, CreatePartitionIndexResponse>("CreatePartitionIndex", async (input, request) =>
        {
            var (catalog, table) = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            var index = input.PartitionIndex ?? throw GlueErrors.InvalidInput("PartitionIndex is required.");
            var descriptor = Describe(table, index);
            var scope = CatalogStore.TableScope(table.DatabaseName!, table.Name!);
            if (glue.Store.ListDocuments(catalog, Kind, scope, null, MaxIndexesPerTable + 1).Count >= MaxIndexesPerTable)
            {
                throw new AwsServiceException("ResourceNumberLimitExceededException", $"Table {table.Name} already has {MaxIndexesPerTable} partition indexes.");
            }

            return await glue.Store.PutDocumentAsync(catalog, Kind, scope, descriptor.IndexName!, CatalogDocuments.Serialize(descriptor), create: true).ConfigureAwait(false)
                ? new CreatePartitionIndexResponse()
                : throw GlueErrors.AlreadyExists("Partition index");
        });
        operations.On<GetPartitionIndexesRequest, GetPartitionIndexesResponse>("GetPartitionIndexes", (input, request) =>
        {
            var (catalog, table) = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            var rows = glue.Store.ListDocuments(catalog, Kind, CatalogStore.TableScope(table.DatabaseName!, table.Name!), null, MaxIndexesPerTable);
            return Task.FromResult(new GetPartitionIndexesResponse { PartitionIndexDescriptorList = [.. rows.Select(r => CatalogDocuments.Deserialize<PartitionIndexDescriptor>(r.Doc))] });
        });
        operations.On<DeletePartitionIndexRequest, DeletePartitionIndexResponse>("DeletePartitionIndex", async (input, request) =>
        {
            var (catalog, table) = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            return await glue.Store.DeleteDocumentAsync(catalog, Kind, CatalogStore.TableScope(table.DatabaseName!, table.Name!), input.IndexName ?? string.Empty).ConfigureAwait(false)
                ? new DeletePartitionIndexResponse()
                : throw new AwsServiceException("EntityNotFoundException", $"Partition index {input.IndexName} not found.");
        });
    }

    private (string Catalog, Table Table) Table(AwsRequest request, string? catalogId, string? databaseName, string? tableName)
    {
        var table = glue.RequireTable(request, catalogId, databaseName, tableName).Table;
        return (table.CatalogId!, table);
    }

    private static PartitionIndexDescriptor Describe(Table table, PartitionIndex index)
    {
        if (string.IsNullOrEmpty(index.IndexName) || index.IndexName.Length > 255) throw GlueErrors.InvalidInput("IndexName must be 1–255 characters.");
        if (index.Keys is not { Count: > 0 }) throw GlueErrors.InvalidInput("A partition index needs at least one key.");
        var keys = index.Keys.Select(k => table.PartitionKeys?.FirstOrDefault(p => string.Equals(p.Name, k, StringComparison.OrdinalIgnoreCase))
            ?? throw GlueErrors.InvalidInput($"{k} is not a partition key of table {table.Name}.")).ToList();
        return new PartitionIndexDescriptor
        {
            IndexName = index.IndexName,
            Keys = [.. keys.Select(k => new KeySchemaElement { Name = k.Name, Type = k.Type })],
            IndexStatus = "ACTIVE",
        };
    }
}
