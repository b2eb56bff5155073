using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis.Api;

/// <summary>ListShards with tokens, ExclusiveStartShardId and ShardFilter.</summary>
public sealed class ShardOperations(KinesisContext kinesis)
{
    public void Register(OperationTable operations) =>
        operations.On<ListShardsInput, ListShardsOutput>("ListShards", ListShardsAsync);

    private Task<ListShardsOutput> ListShardsAsync(ListShardsInput input, AwsRequest request)
    {
        if (input.NextToken is not null && (input.StreamName is not null || input.StreamARN is not null))
        {
            throw KinesisErrors.InvalidArgument("NextToken and StreamName cannot be provided together.");
        }

        var max = input.MaxResults ?? 1000;
        if (max is < 1 or > 10000) throw KinesisErrors.Validation("maxResults", max, "Member must have value between 1 and 10000");
        string? after = input.ExclusiveStartShardId;
        StreamInfo stream;
        if (input.NextToken is { } token)
        {
            var decoded = PageTokens.Decode(token, () => KinesisErrors.InvalidArgument("Invalid NextToken."));
            var split = decoded.LastIndexOf('|');
            stream = kinesis.Resolve(request, null, decoded[..split]);
            after = decoded[(split + 1)..];
        }
        else
        {
            stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        }

        var shards = Filter(kinesis.Store.Shards(stream.Arn), input.ShardFilter)
            .Where(s => after is null || string.CompareOrdinal(s.ShardId, after) > 0)
            .ToList();
        var page = shards.Take(max).ToList();
        return Task.FromResult(new ListShardsOutput
        {
            Shards = [.. page.Select(s => ShardIds.Describe(stream, s))],
            NextToken = shards.Count > max ? PageTokens.Encode(stream.Arn + "|" + page[^1].ShardId) : null,
        });
    }

    private static IEnumerable<ShardInfo> Filter(IEnumerable<ShardInfo> shards, ShardFilter? filter)
    {
        if (filter is null) return shards;
        var at = filter.Timestamp?.ToUnixTimeMilliseconds();
        return filter.Type switch
        {
            "AFTER_SHARD_ID" => filter.ShardId is { } id
                ? shards.Where(s => string.CompareOrdinal(s.ShardId, id) > 0)
                : throw KinesisErrors.InvalidArgument("ShardId is required with the AFTER_SHARD_ID filter."),
            "AT_LATEST" => shards.Where(s => s.IsOpen),
            "AT_TRIM_HORIZON" or "FROM_TRIM_HORIZON" => shards,
            "AT_TIMESTAMP" or "FROM_TIMESTAMP" when at is null => throw KinesisErrors.InvalidArgument("Timestamp is required with the AT_TIMESTAMP and FROM_TIMESTAMP filters."),
            "AT_TIMESTAMP" => shards.Where(s => s.CreatedMs <= at && s.IsOpen),
            "FROM_TIMESTAMP" => shards.Where(s => s.IsOpen || s.CreatedMs >= at),
            _ => throw KinesisErrors.Validation("shardFilter.type", filter.Type, "Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]"),
        };
    }
}
