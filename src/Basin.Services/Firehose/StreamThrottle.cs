using System.Collections.Concurrent;
using Basin.Services.Throttling;

namespace Basin.Services.Firehose;

/// <summary>
/// Firehose's DirectPut quotas per stream, for users who want to test their retry logic (off by
/// default): in us-east-1, us-west-2 and eu-west-1 2,000 requests, 500,000 records and 5 MiB per
/// second, elsewhere 1,000 requests, 100,000 records and 1 MiB, shared by PutRecord and
/// PutRecordBatch. Enabled for every stream (<c>--firehose-throughput-limits</c>) or per stream
/// with the tag <c>basin:throughput-limits</c> = <c>on</c> / <c>off</c>.
/// </summary>
public sealed class StreamThrottle(TimeProvider time, bool enabledByDefault)
{
    public const string Tag = "basin:throughput-limits";
    private static readonly string[] LargeRegions = ["us-east-1", "us-west-2", "eu-west-1"];
    private readonly ConcurrentDictionary<string, Buckets> _streams = new(StringComparer.Ordinal);

    public bool AppliesTo(DeliveryStream stream) =>
        stream.Tags.FirstOrDefault(t => t.Key == Tag) is { } tag ? string.Equals(tag.Value, "on", StringComparison.OrdinalIgnoreCase) : enabledByDefault;

    /// <summary>
    /// Admits one request carrying records of these sizes: null when the request itself is over
    /// the request rate, else which records fit the record and byte rates (in order; a record
    /// that does not fit fails, later smaller ones may still fit).
    /// </summary>
    public bool[]? Admit(DeliveryStream stream, IReadOnlyList<byte[]> records)
    {
        if (!AppliesTo(stream)) return [.. records.Select(_ => true)];
        var buckets = _streams.GetOrAdd(stream.Arn, _ => new Buckets(time, LargeRegions.Contains(stream.Region, StringComparer.Ordinal)));
        return buckets.Admit(records);
    }

    private sealed class Buckets(TimeProvider time, bool large)
    {
        private readonly Lock _gate = new();
        private readonly TokenBucket _requests = new(time, large ? 2_000 : 1_000);
        private readonly TokenBucket _records = new(time, large ? 500_000 : 100_000);
        private readonly TokenBucket _bytes = new(time, (large ? 5 : 1) * 1024 * 1024);

        public bool[]? Admit(IReadOnlyList<byte[]> records)
        {
            lock (_gate)
            {
                if (_requests.Available < 1) return null;
                _requests.Take(1);
                var admitted = new bool[records.Count];
                for (var i = 0; i < records.Count; i++)
                {
                    if (_records.Available < 1 || _bytes.Available < records[i].Length) continue;
                    _records.Take(1);
                    _bytes.Take(records[i].Length);
                    admitted[i] = true;
                }

                return admitted;
            }
        }
    }
}
