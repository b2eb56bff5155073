using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>One record as an internal reader sees it.</summary>
public sealed record StreamReadRecord(string SequenceNumber, ulong Counter, string PartitionKey, byte[] Data, DateTimeOffset ArrivalTime);

/// <summary>
/// What one read of a shard returned: records, and, once a closed shard is read to its end,
/// <see cref="Finished"/> with the children to continue with.
/// </summary>
public sealed record StreamReadBatch(IReadOnlyList<StreamReadRecord> Records, bool Finished, IReadOnlyList<string> ChildShardIds);

/// <summary>
/// How other Basin services consume a Kinesis stream (Firehose sources, Lambda event-source
/// mappings): direct reads from the shard logs by position, shard lineage, and checkpoints kept
/// durably in Basin, so a reader resumes where it left off after a restart. A reader is named
/// (e.g. the delivery stream's ARN); each name has its own checkpoints.
/// </summary>
public sealed class KinesisReader(KinesisStore store)
{
    /// <summary>The stream's shards, oldest first; a reader should finish parents before their children.</summary>
    public IReadOnlyList<ShardInfo> Shards(string streamArn) => store.Shards(streamArn);

    public StreamInfo? Stream(string streamArn) => store.Find(streamArn);

    /// <summary>The counter the stream's next record will get: a reader that starts here reads from LATEST.</summary>
    public ulong LatestCounter(string streamArn) => store.PeekCounter(streamArn);

    /// <summary>Reads up to <paramref name="maxRecords"/> records after the reader's checkpoint (or from the oldest).</summary>
    public StreamReadBatch ReadAfterCheckpoint(string reader, string streamArn, string shardId, int maxRecords = 10000) =>
        Read(streamArn, shardId, store.CheckpointOf(reader, streamArn, shardId) is { } done ? done + 1 : 0, maxRecords);

    /// <summary>Reads up to <paramref name="maxRecords"/> records with counters from <paramref name="fromCounter"/> on.</summary>
    public StreamReadBatch Read(string streamArn, string shardId, ulong fromCounter, int maxRecords = 10000)
    {
        var stream = store.Find(streamArn) ?? throw new InvalidOperationException($"Stream {streamArn} does not exist.");
        var shard = store.Shards(streamArn).FirstOrDefault(s => s.ShardId == shardId) ?? throw new InvalidOperationException($"Shard {shardId} of {streamArn} does not exist.");
        var log = store.Log(streamArn, shardId)!;
        var records = log.Read(fromCounter, 0, maxRecords, 10L * 1024 * 1024);
        var next = records.Count > 0 ? records[^1].Counter + 1 : fromCounter;
        var finished = ShardLineage.IsFinished(shard, log, next);
        return new StreamReadBatch(
            [.. records.Select(r => new StreamReadRecord(SequenceNumbers.Format(stream.CreatedMs, r.Counter), r.Counter, r.PartitionKey, store.Sealer.Open(r), DateTimeOffset.FromUnixTimeMilliseconds(r.ArrivalMs)))],
            finished,
            finished ? [.. ShardLineage.Children(store, streamArn, shardId).Select(s => s.ShardId)] : []);
    }

    /// <summary>Marks everything up to <paramref name="counter"/> as processed; call only after the records are safely handled.</summary>
    public Task CheckpointAsync(string reader, string streamArn, string shardId, ulong counter) =>
        store.CheckpointAsync(reader, streamArn, shardId, counter);

    public ulong? CheckpointOf(string reader, string streamArn, string shardId) => store.CheckpointOf(reader, streamArn, shardId);
}
