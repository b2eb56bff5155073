using System.Collections.Concurrent;
using Basin.Services.Throttling;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>
/// AWS's per-shard limits, for users who want to test their retry logic (off by default):
/// writes 1 MiB/s and 1,000 records/s, reads 5 calls/s and 2 MiB/s, as token buckets holding one
/// second of capacity. Enabled for every stream (<c>--kinesis-throughput-limits</c>) or per stream
/// with the tag <c>basin:throughput-limits</c> = <c>on</c> / <c>off</c>.
/// </summary>
public sealed class ShardThrottle(TimeProvider time, bool enabledByDefault)
{
    public const string Tag = "basin:throughput-limits";
    private const double WriteBytesPerSecond = 1024 * 1024;
    private const double WriteRecordsPerSecond = 1000;
    private const double ReadCallsPerSecond = 5;
    private const double ReadBytesPerSecond = 2 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, Buckets> _shards = new(StringComparer.Ordinal);

    public bool AppliesTo(StreamInfo stream) =>
        stream.Tags.TryGetValue(Tag, out var value) ? string.Equals(value, "on", StringComparison.OrdinalIgnoreCase) : enabledByDefault;

    /// <summary>Takes write capacity for one record; false when the shard is over its limit.</summary>
    public bool TryWrite(StreamInfo stream, string shardId, long bytes) =>
        !AppliesTo(stream) || Of(stream, shardId).TryWrite(bytes);

    /// <summary>Takes one GetRecords call; false when the shard is over 5 calls/s or its read bytes are spent.</summary>
    public bool TryRead(StreamInfo stream, string shardId) =>
        !AppliesTo(stream) || Of(stream, shardId).TryRead();

    /// <summary>Charges the bytes a GetRecords call returned (a large read can overdraw, delaying the next).</summary>
    public void Charge(StreamInfo stream, string shardId, long bytes) => Of(stream, shardId).ChargeRead(bytes);

    private Buckets Of(StreamInfo stream, string shardId) => _shards.GetOrAdd(stream.Arn + "|" + shardId, _ => new Buckets(time));

    private sealed class Buckets(TimeProvider time)
    {
        private readonly Lock _gate = new();
        private readonly TokenBucket _writeBytes = new(time, WriteBytesPerSecond);
        private readonly TokenBucket _writeRecords = new(time, WriteRecordsPerSecond);
        private readonly TokenBucket _readCalls = new(time, ReadCallsPerSecond);
        private readonly TokenBucket _readBytes = new(time, ReadBytesPerSecond);

        public bool TryWrite(long bytes)
        {
            lock (_gate)
            {
                if (_writeRecords.Available < 1 || _writeBytes.Available < bytes) return false;
                _writeRecords.Take(1);
                _writeBytes.Take(bytes);
                return true;
            }
        }

        public bool TryRead()
        {
            lock (_gate)
            {
                if (_readCalls.Available < 1 || _readBytes.Available <= 0) return false;
                _readCalls.Take(1);
                return true;
            }
        }

        public void ChargeRead(long bytes)
        {
            lock (_gate) _readBytes.Take(bytes);
        }
    }
}
