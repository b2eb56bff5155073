using Basin.Services.Firehose.Processing;

namespace Basin.Services.Firehose.Delivery;

/// <summary>A record waiting in a buffer: where it came from, when it arrived, its bytes, and why it failed if it is bound for an error prefix.</summary>
public sealed record BufferedRecord(string Shard, ulong Counter, long ArrivalMs, byte[] Data, RecordFailure? Failure = null);

/// <summary>
/// The records bound for one object: one buffer per output and partition (dynamic partitioning
/// keeps one per partition key set, error outputs one per error type). It is written out when
/// it reaches the size hint or when its oldest record has waited the interval hint.
/// </summary>
public sealed class DeliveryBuffer(IReadOnlyDictionary<string, string>? partitionKeys, string? errorOutputType)
{
    public IReadOnlyDictionary<string, string>? PartitionKeys { get; } = partitionKeys;
    public string? ErrorOutputType { get; } = errorOutputType;
    public List<BufferedRecord> Records { get; } = [];
    public long Bytes { get; private set; }

    /// <summary>Arrival time of the oldest record: the interval counts from it, and the object's timestamp is it.</summary>
    public long OldestArrivalMs { get; private set; } = long.MaxValue;

    /// <summary>After a failed attempt, not before this time (ms).</summary>
    public long RetryAtMs { get; set; }

    /// <summary>Delivery attempts made so far, and when the first was (HTTP endpoints retry for a set duration from it).</summary>
    public int Attempts { get; set; }

    public long? FirstAttemptMs { get; set; }

    /// <summary>The id every attempt to send this buffer to an HTTP endpoint carries.</summary>
    public string? RequestId { get; set; }

    public void Add(BufferedRecord record)
    {
        Records.Add(record);
        Bytes += record.Data.Length;
        OldestArrivalMs = Math.Min(OldestArrivalMs, record.ArrivalMs);
    }
}
