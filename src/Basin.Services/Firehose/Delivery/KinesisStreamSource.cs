using Basin.Services.Firehose.Processing;
using Basin.Services.Kinesis;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// A Kinesis stream read through Basin's internal reader, with checkpoints named after the
/// delivery stream. Shards are read parents first: a child starts only once every parent still
/// in the stream has been read to its end. KPL-aggregated records are split into their user
/// records, as Firehose does for a Kinesis source.
/// </summary>
public sealed class KinesisStreamSource(KinesisReader reader, string deliveryStreamArn, KinesisSource source) : IDeliverySource
{
    private readonly Dictionary<string, ulong> _next = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);

    public IReadOnlyList<SourceRecord> Read(int maxRecords, long maxBytes)
    {
        if (reader.Stream(source.StreamArn) is null) return [];
        var shards = reader.Shards(source.StreamArn);
        var present = shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        var records = new List<SourceRecord>();
        long bytes = 0;
        foreach (var shard in shards)
        {
            if (_finished.Contains(shard.ShardId)) continue;
            string?[] parents = [shard.ParentShardId, shard.AdjacentParentShardId];
            if (parents.Any(p => p is not null && present.Contains(p) && !_finished.Contains(p))) continue;

            var from = Cursor(shard.ShardId);
            var batch = reader.Read(source.StreamArn, shard.ShardId, from, Math.Max(1, maxRecords - records.Count));
            foreach (var record in batch.Records)
            {
                foreach (var user in KplAggregation.Split(record.Data))
                {
                    records.Add(new SourceRecord(shard.ShardId, record.Counter, record.ArrivalTime.ToUnixTimeMilliseconds(), user));
                    bytes += user.Length;
                }

                _next[shard.ShardId] = record.Counter + 1;
            }

            if (batch.Finished) _finished.Add(shard.ShardId);
            if (records.Count >= maxRecords || bytes >= maxBytes) break;
        }

        return records;
    }

    public async Task CommitAsync(IReadOnlyDictionary<string, ulong> deliveredThrough)
    {
        foreach (var (shard, counter) in deliveredThrough)
        {
            await reader.CheckpointAsync(deliveryStreamArn, source.StreamArn, shard, counter).ConfigureAwait(false);
        }
    }

    private ulong Cursor(string shardId)
    {
        if (_next.TryGetValue(shardId, out var next)) return next;
        next = reader.CheckpointOf(deliveryStreamArn, source.StreamArn, shardId) is { } done ? done + 1 : source.StartCounter;
        _next[shardId] = next;
        return next;
    }
}
