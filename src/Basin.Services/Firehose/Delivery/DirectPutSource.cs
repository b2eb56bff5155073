using Basin.Storage.Firehose;

namespace Basin.Services.Firehose.Delivery;

/// <summary>A DirectPut stream's own buffer log: one "shard", read from the delivered mark on.</summary>
public sealed class DirectPutSource(FirehoseStore store, string arn) : IDeliverySource
{
    public const string Shard = "buffer";

    private ulong _next = store.DeliveredThrough(arn) is { } delivered ? delivered + 1 : 0;

    public IReadOnlyList<SourceRecord> Read(int maxRecords, long maxBytes)
    {
        var records = store.Read(arn, _next, maxRecords, maxBytes);
        if (records.Count > 0) _next = records[^1].Counter + 1;
        return [.. records.Select(r => new SourceRecord(Shard, r.Counter, r.ArrivalMs, r.Data))];
    }

    public Task CommitAsync(IReadOnlyDictionary<string, ulong> deliveredThrough) =>
        deliveredThrough.TryGetValue(Shard, out var counter) ? store.MarkDeliveredAsync(arn, counter) : Task.CompletedTask;
}
