using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis.Api;

/// <summary>
/// Resharding: SplitShard, MergeShards, UpdateShardCount (uniform scaling). Parents are closed
/// (their records stay readable until retention) and children record their lineage, so readers
/// finish a parent before its children and per-key order holds across the reshard.
/// </summary>
public sealed class ReshardOperations(KinesisContext kinesis)
{
    public void Register(OperationTable operations)
    {
        operations.On<SplitShardInput>("SplitShard", SplitAsync);
        operations.On<MergeShardsInput>("MergeShards", MergeAsync);
        operations.On<UpdateShardCountInput, UpdateShardCountOutput>("UpdateShardCount", UpdateShardCountAsync);
        operations.On<UpdateStreamModeInput>("UpdateStreamMode", UpdateModeAsync);
    }

    private async Task SplitAsync(SplitShardInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var shards = kinesis.Store.Shards(stream.Arn);
        var now = kinesis.Now().ToUnixTimeMilliseconds();
        var parent = OpenShard(stream, shards, input.ShardToSplit);
        var at = HashKeys.ParseExplicit(input.NewStartingHashKey);
        if (at is null || at <= parent.StartingHashKey || at > parent.EndingHashKey)
        {
            throw KinesisErrors.InvalidArgument($"NewStartingHashKey {input.NewStartingHashKey} used in SplitShard() on shard {parent.ShardId} in stream {stream.Name} under account {stream.Account} is not both greater than one plus the shard's StartingHashKey {parent.StartingHashKey} and less than the shard's EndingHashKey {parent.EndingHashKey}.");
        }

        await kinesis.Store.ReshardAsync(stream.Arn, [parent], _ =>
        [
            Child(stream, now, shards.Count, parent.StartingHashKey, at.Value - 1, parent.ShardId, null),
            Child(stream, now, shards.Count + 1, at.Value, parent.EndingHashKey, parent.ShardId, null),
        ]).ConfigureAwait(false);
    }

    private async Task MergeAsync(MergeShardsInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var shards = kinesis.Store.Shards(stream.Arn);
        var now = kinesis.Now().ToUnixTimeMilliseconds();
        var first = OpenShard(stream, shards, input.ShardToMerge);
        var second = OpenShard(stream, shards, input.AdjacentShardToMerge);
        var (low, high) = first.StartingHashKey < second.StartingHashKey ? (first, second) : (second, first);
        if (low.EndingHashKey + 1 != high.StartingHashKey)
        {
            throw KinesisErrors.InvalidArgument($"Shards {first.ShardId} and {second.ShardId} in stream {stream.Name} under account {stream.Account} are not an adjacent pair of shards eligible for merging");
        }

        await kinesis.Store.ReshardAsync(stream.Arn, [first, second], _ =>
            [Child(stream, now, shards.Count, low.StartingHashKey, high.EndingHashKey, first.ShardId, second.ShardId)]).ConfigureAwait(false);
    }

    /// <summary>
    /// Uniform scaling: every open shard closes and the key space is split evenly into the target
    /// count. AWS allows at most doubling or halving per call; each new shard records the (up to
    /// two) old shards its range starts in as parents.
    /// </summary>
    private async Task<UpdateShardCountOutput> UpdateShardCountAsync(UpdateShardCountInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        if (input.ScalingType != "UNIFORM_SCALING") throw KinesisErrors.Validation("scalingType", input.ScalingType, "Member must satisfy enum value set: [UNIFORM_SCALING]");
        var shards = kinesis.Store.Shards(stream.Arn);
        var now = kinesis.Now().ToUnixTimeMilliseconds();
        var open = shards.Where(s => s.IsOpen).OrderBy(s => s.StartingHashKey).ToList();
        var target = input.TargetShardCount ?? 0;
        if (target < 1 || target > open.Count * 2 || target * 2 < open.Count)
        {
            throw KinesisErrors.InvalidArgument($"UpdateShardCount on stream {stream.Name} under account {stream.Account} failed: the target shard count {target} must be between half and double the current open shard count {open.Count}.");
        }

        var ranges = HashKeys.EvenRanges(target).ToList();
        await kinesis.Store.ReshardAsync(stream.Arn, open, _ => [.. ranges.Select((r, i) =>
        {
            var overlapping = open.Where(o => o.StartingHashKey <= r.End && o.EndingHashKey >= r.Start).ToList();
            return Child(stream, now, shards.Count + i, r.Start, r.End, overlapping[0].ShardId, overlapping.Count > 1 ? overlapping[1].ShardId : null);
        })]).ConfigureAwait(false);
        return new UpdateShardCountOutput { StreamName = stream.Name, StreamARN = stream.Arn, CurrentShardCount = open.Count, TargetShardCount = target };
    }

    private async Task UpdateModeAsync(UpdateStreamModeInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, null, input.StreamARN, requireActive: true);
        var mode = input.StreamModeDetails?.StreamMode;
        if (mode is not ("PROVISIONED" or "ON_DEMAND")) throw KinesisErrors.Validation("streamModeDetails.streamMode", mode, "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");

        // A provisioned stream has no warm throughput; switching to on-demand may set one.
        var warm = kinesis.ValidateWarmThroughput(stream.Account, stream.Region, mode, input.WarmThroughputMiBps);
        await kinesis.Store.UpdateStreamAsync(stream with { Mode = mode, WarmThroughputMiBps = mode == "ON_DEMAND" ? warm ?? stream.WarmThroughputMiBps : null }).ConfigureAwait(false);
    }

    private static ShardInfo OpenShard(StreamInfo stream, IReadOnlyList<ShardInfo> shards, string? shardId)
    {
        var shard = shards.FirstOrDefault(s => s.ShardId == shardId) ?? throw KinesisErrors.ShardNotFound(shardId ?? string.Empty, stream.Name, stream.Account);
        return shard.IsOpen
            ? shard
            : throw new AwsServiceException("ResourceInUseException", $"Shard {shard.ShardId} in stream {stream.Name} under account {stream.Account} has already been merged or split, and thus is not eligible for merging or splitting.");
    }

    private static ShardInfo Child(StreamInfo stream, long now, int index, UInt128 start, UInt128 end, string parent, string? adjacent) => new()
    {
        StreamArn = stream.Arn,
        ShardId = ShardIds.Format(index),
        ParentShardId = parent,
        AdjacentParentShardId = adjacent,
        StartingHashKey = start,
        EndingHashKey = end,
        StartingCounter = 0,
        CreatedMs = now,
    };
}
