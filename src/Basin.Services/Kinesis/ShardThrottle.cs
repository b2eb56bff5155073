using System.Collections.Concurrent;
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
        !AppliesTo(stream) || Of(stream, shardId).TryTake(time.GetTimestamp(), bytes);

    /// <summary>Takes one GetRecords call; false when the shard is over 5 calls/s or its read bytes are spent.</summary>
    public bool TryRead(StreamInfo stream, string shardId) =>
        !AppliesTo(stream) || Of(stream, shardId).TryRead(time.GetTimestamp());

    /// <summary>Charges the bytes a GetRecords call returned (a large read can overdraw, delaying the next).</summary>
    public void Charge(StreamInfo stream, string shardId, long bytes) => Of(stream, shardId).ChargeRead(time.GetTimestamp(), bytes);

    private Buckets Of(StreamInfo stream, string shardId) => _shards.GetOrAdd(stream.Arn + "|" + shardId, _ => new Buckets(time));

    private sealed class Buckets(TimeProvider time)
    {
        private readonly Lock _gate = new();
        private double _writeBytes = WriteBytesPerSecond;
        private double _writeRecords = WriteRecordsPerSecond;
        private double _readCalls = ReadCallsPerSecond;
        private double _readBytes = ReadBytesPerSecond;
        private long _last = time.GetTimestamp();

        public bool TryTake(long now, long bytes)
        {
            lock (_gate)
            {
                Refill(now);
                if (_writeRecords < 1 || _writeBytes < bytes) return false;
                _writeRecords -= 1;
                _writeBytes -= bytes;
                return true;
            }
        }

        public bool TryRead(long now)
        {
            lock (_gate)
            {
                Refill(now);
                if (_readCalls < 1 || _readBytes <= 0) return false;
                _readCalls -= 1;
                return true;
            }
        }

        public void ChargeRead(long now, long bytes)
        {
            lock (_gate)
            {
                Refill(now);
                _readBytes -= bytes;
            }
        }

        private void Refill(long now)
        {
            var seconds = time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _writeBytes = Math.Min(WriteBytesPerSecond, _writeBytes + (seconds * WriteBytesPerSecond));
            _writeRecords = Math.Min(WriteRecordsPerSecond, _writeRecords + (seconds * WriteRecordsPerSecond));
            _readCalls = Math.Min(ReadCallsPerSecond, _readCalls + (seconds * ReadCallsPerSecond));
            _readBytes = Math.Min(ReadBytesPerSecond, _readBytes + (seconds * ReadBytesPerSecond));
        }
    }
}
