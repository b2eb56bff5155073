using Basin.Aws.Model.Kinesis;
using Basin.Storage.Kinesis;
using Basin.Storage.Streams;

namespace Basin.Services.Kinesis;

/// <summary>
/// Where shards lead: when a reader has finished a closed shard, and which children it continues
/// with. Shared by GetRecords, SubscribeToShard and the internal KinesisReader.
/// </summary>
public static class ShardLineage
{
    /// <summary>
    /// A closed shard is finished once no record at or after <paramref name="next"/> was ever
    /// written to it (its records were all written before it was sealed; an empty one is finished
    /// at once). An open shard never is.
    /// </summary>
    public static bool IsFinished(ShardInfo shard, ShardLog log, ulong next) =>
        !shard.IsOpen && (log.LastCounter is not { } last || last < next);

    public static List<ShardInfo> Children(KinesisStore store, string streamArn, string shardId) =>
        [.. store.Shards(streamArn).Where(s => s.ParentShardId == shardId || s.AdjacentParentShardId == shardId)];

    public static List<ChildShard> ChildShards(KinesisStore store, StreamInfo stream, string shardId) =>
        [.. Children(store, stream.Arn, shardId).Select(s => new ChildShard
        {
            ShardId = s.ShardId,
            ParentShards = [.. new[] { s.ParentShardId, s.AdjacentParentShardId }.OfType<string>()],
            HashKeyRange = ShardIds.Describe(stream, s).HashKeyRange,
        })];
}
