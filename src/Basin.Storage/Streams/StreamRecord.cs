namespace Basin.Storage.Streams;

/// <summary>
/// One record of a shard log. <see cref="Counter"/> is the stream-wide position the record was
/// assigned (it increases across all shards of a stream, so it orders and identifies records).
/// When <see cref="KeyNumber"/> is set, <see cref="Data"/> is sealed with that vault key
/// (server-side encryption) and must be opened before use.
/// </summary>
public sealed record StreamRecord(ulong Counter, long ArrivalMs, string PartitionKey, byte[] Data, uint? KeyNumber = null);
