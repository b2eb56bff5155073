using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>
/// Partitions of a table: create/get/update/delete, their batch forms, and GetPartitions with
/// the partition-predicate Expression and parallel-scan Segments. A partition is identified by
/// its values, one per partition key of the table.
/// </summary>
public sealed class PartitionOperations(GlueContext glue)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreatePartitionRequest, CreatePartitionResponse>("CreatePartition", async (input, request) =>
        {
            var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            await CreateAsync(table, input.PartitionInput ?? throw GlueErrors.InvalidInput("PartitionInput is required.")).ConfigureAwait(false);
            return new CreatePartitionResponse();
        });
        operations.On<BatchCreatePartitionRequest, BatchCreatePartitionResponse>("BatchCreatePartition", BatchCreateAsync);
        operations.On<GetPartitionRequest, GetPartitionResponse>("GetPartition", (input, request) =>
        {
            var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            return Task.FromResult(new GetPartitionResponse { Partition = Find(table, input.PartitionValues) ?? throw PartitionNotFound() });
        });
        operations.On<GetPartitionsRequest, GetPartitionsResponse>("GetPartitions", ListAsync);
        operations.On<BatchGetPartitionRequest, BatchGetPartitionResponse>("BatchGetPartition", (input, request) =>
        {
            var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            var wanted = input.PartitionsToGet ?? [];
            if (wanted.Count > 1000) throw GlueErrors.InvalidInput("PartitionsToGet can hold at most 1000 entries.");
            var found = wanted.Select(w => Find(table, w.Values)).ToList();
            return Task.FromResult(new BatchGetPartitionResponse
            {
                Partitions = [.. found.OfType<Partition>()],
                UnprocessedKeys = [],
            });
        });
        operations.On<UpdatePartitionRequest, UpdatePartitionResponse>("UpdatePartition", UpdateAsync);
        operations.On<DeletePartitionRequest, DeletePartitionResponse>("DeletePartition", async (input, request) =>
        {
            var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
            var key = Key(table, input.PartitionValues);
            if (!await glue.Store.DeletePartitionAsync(table.CatalogId!, table.DatabaseName!, table.Name!, key).ConfigureAwait(false)) throw PartitionNotFound();
            return new DeletePartitionResponse();
        });
        operations.On<BatchDeletePartitionRequest, BatchDeletePartitionResponse>("BatchDeletePartition", BatchDeleteAsync);
    }

    private Table Table(AwsRequest request, string? catalogId, string? databaseName, string? tableName) =>
        glue.RequireTable(request, catalogId, databaseName, tableName).Table;

    private async Task CreateAsync(Table table, PartitionInput input)
    {
        var key = Key(table, input.Values);
        var partition = CatalogObjects.NewPartition(input, table, glue.Now());
        try
        {
            if (!await glue.Store.CreatePartitionAsync(table.CatalogId!, table.DatabaseName!, table.Name!, key, CatalogDocuments.Serialize(partition)).ConfigureAwait(false))
            {
                throw GlueErrors.AlreadyExists("Partition");
            }
        }
        catch (KeyNotFoundException)
        {
            throw GlueErrors.TableNotFound(table.Name!);
        }
    }

    private async Task<BatchCreatePartitionResponse> BatchCreateAsync(BatchCreatePartitionRequest input, AwsRequest request)
    {
        var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
        var inputs = input.PartitionInputList ?? [];
        if (inputs.Count > 100) throw GlueErrors.InvalidInput("PartitionInputList can hold at most 100 partitions.");
        var errors = new List<PartitionError>();
        foreach (var partition in inputs)
        {
            try
            {
                await CreateAsync(table, partition).ConfigureAwait(false);
            }
            catch (AwsServiceException e)
            {
                errors.Add(ErrorFor(partition.Values, e));
            }
        }

        return new BatchCreatePartitionResponse { Errors = errors };
    }

    private Partition? Find(Table table, List<string>? values) =>
        glue.Store.GetPartition(table.CatalogId!, table.DatabaseName!, table.Name!, Key(table, values)) is { } doc ? CatalogDocuments.Deserialize<Partition>(doc) : null;

    private Task<GetPartitionsResponse> ListAsync(GetPartitionsRequest input, AwsRequest request)
    {
        var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
        var keys = (table.PartitionKeys ?? []).ToDictionary(k => k.Name!, k => k.Type ?? "string", StringComparer.OrdinalIgnoreCase);
        var predicate = PartitionExpression.Parse(input.Expression, keys);
        var size = GlueContext.PageSize(input.MaxResults, 1000);
        var segment = input.Segment;
        if (segment is not null && (segment.TotalSegments is not (>= 1 and <= 10) || segment.SegmentNumber is not { } number || number < 0 || number >= segment.TotalSegments))
        {
            throw GlueErrors.InvalidInput("Segment: TotalSegments must be 1–10 and SegmentNumber below it.");
        }

        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
        var page = new List<(string Key, Partition Partition)>();
        var more = false;
        while (!more)
        {
            var batch = glue.Store.ListPartitions(table.CatalogId!, table.DatabaseName!, table.Name!, after, 1000);
            foreach (var (key, doc) in batch)
            {
                if (segment is not null && SegmentOf(key, segment.TotalSegments!.Value) != segment.SegmentNumber) continue;
                var partition = CatalogDocuments.Deserialize<Partition>(doc);
                if (!predicate.Matches(ValuesByKey(table, partition))) continue;
                if (page.Count == size)
                {
                    more = true;
                    break;
                }

                if (input.ExcludeColumnSchema == true && partition.StorageDescriptor is { } sd) sd.Columns = null;
                page.Add((key, partition));
            }

            if (batch.Count < 1000) break;
            after = batch[^1].Values;
        }

        return Task.FromResult(new GetPartitionsResponse
        {
            Partitions = [.. page.Select(p => p.Partition)],
            NextToken = more ? PageTokens.Encode(page[^1].Key) : null,
        });
    }

    private async Task<UpdatePartitionResponse> UpdateAsync(UpdatePartitionRequest input, AwsRequest request)
    {
        var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
        var existing = Find(table, input.PartitionValueList) ?? throw PartitionNotFound();
        var definition = input.PartitionInput ?? throw GlueErrors.InvalidInput("PartitionInput is required.");
        var updated = CatalogDocuments.From<Partition>(definition, new JsonObject
        {
            ["DatabaseName"] = table.DatabaseName,
            ["TableName"] = table.Name,
            ["CatalogId"] = table.CatalogId,
            ["CreationTime"] = existing.CreationTime is { } t ? CatalogDocuments.Timestamp(t) : null,
        });
        updated.Values ??= existing.Values;
        var moved = await glue.Store.UpdatePartitionAsync(table.CatalogId!, table.DatabaseName!, table.Name!, Key(table, input.PartitionValueList), Key(table, updated.Values), CatalogDocuments.Serialize(updated)).ConfigureAwait(false);
        return moved ? new UpdatePartitionResponse() : throw GlueErrors.AlreadyExists("Partition");
    }

    private async Task<BatchDeletePartitionResponse> BatchDeleteAsync(BatchDeletePartitionRequest input, AwsRequest request)
    {
        var table = Table(request, input.CatalogId, input.DatabaseName, input.TableName);
        var targets = input.PartitionsToDelete ?? [];
        if (targets.Count > 25) throw GlueErrors.InvalidInput("PartitionsToDelete can hold at most 25 entries.");
        var errors = new List<PartitionError>();
        foreach (var target in targets)
        {
            if (!await glue.Store.DeletePartitionAsync(table.CatalogId!, table.DatabaseName!, table.Name!, Key(table, target.Values)).ConfigureAwait(false))
            {
                errors.Add(ErrorFor(target.Values, PartitionNotFound()));
            }
        }

        return new BatchDeletePartitionResponse { Errors = errors };
    }

    /// <summary>The store key of a partition: its values as a JSON array, after checking they match the table's keys.</summary>
    private static string Key(Table table, List<string>? values)
    {
        var expected = table.PartitionKeys?.Count ?? 0;
        if (values is null || values.Count != expected)
        {
            throw GlueErrors.InvalidInput($"The number of partition keys do not match the number of partition values ({values?.Count ?? 0} values for {expected} keys).");
        }

        return CatalogObjects.PartitionKey(values);
    }

    /// <summary>
    /// A partition's values by key name for the predicate. Values are positional, so a partition
    /// written before UpdateTable changed the keys may hold fewer; the missing ones read as empty.
    /// </summary>
    private static Dictionary<string, string> ValuesByKey(Table table, Partition partition)
    {
        var values = partition.Values ?? [];
        return (table.PartitionKeys ?? []).Select((k, i) => (k.Name!, i < values.Count ? values[i] : ""))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.OrdinalIgnoreCase);
    }

    private static PartitionError ErrorFor(List<string>? values, AwsServiceException error) =>
        new() { PartitionValues = values, ErrorDetail = GlueErrors.Detail(error) };

    private static int SegmentOf(string key, int total) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key))) % (uint)total);

    private static AwsServiceException PartitionNotFound() => new("EntityNotFoundException", "Cannot find partition.");
}
