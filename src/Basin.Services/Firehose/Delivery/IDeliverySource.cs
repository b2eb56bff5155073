namespace Basin.Services.Firehose.Delivery;

/// <summary>One record read from a source, with its position there (a source shard and counter).</summary>
public sealed record SourceRecord(string Shard, ulong Counter, long ArrivalMs, byte[] Data);

/// <summary>
/// Where a delivery stream's records come from: its own durable buffer (DirectPut) or a Kinesis
/// stream. A source keeps a read cursor in memory and a delivered mark on disk; after a restart it
/// reads again from the mark, so everything not yet delivered is delivered (at least once).
/// </summary>
public interface IDeliverySource
{
    /// <summary>The next records after the cursor; empty when there is nothing new.</summary>
    IReadOnlyList<SourceRecord> Read(int maxRecords, long maxBytes);

    /// <summary>Durably records that every record up to each shard's counter has been delivered.</summary>
    Task CommitAsync(IReadOnlyDictionary<string, ulong> deliveredThrough);
}
