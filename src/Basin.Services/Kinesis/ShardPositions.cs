using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>
/// Turns a starting point (TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP) into a
/// position in a shard, for GetShardIterator and SubscribeToShard alike, with AWS's errors.
/// </summary>
public static class ShardPositions
{
    public static ShardPosition Resolve(KinesisStore store, StreamInfo stream, ShardInfo shard, string? type, string? sequenceNumber, DateTimeOffset? timestamp, string operation)
    {
        ulong Counter() => SequenceNumbers.Parse(sequenceNumber, stream.CreatedMs)
            ?? throw KinesisErrors.InvalidArgument(sequenceNumber is null
                ? $"Must specify StartingSequenceNumber for iterator of type {type}."
                : $"StartingSequenceNumber {sequenceNumber} used in {operation} on shard {shard.ShardId} in stream {stream.Name} under account {stream.Account} is invalid.");

        return type switch
        {
            "TRIM_HORIZON" => new ShardPosition(stream.Arn, shard.ShardId, 0, 0),
            "LATEST" => new ShardPosition(stream.Arn, shard.ShardId, store.PeekCounter(stream.Arn), 0),
            "AT_SEQUENCE_NUMBER" => new ShardPosition(stream.Arn, shard.ShardId, Counter(), 0),
            "AFTER_SEQUENCE_NUMBER" => new ShardPosition(stream.Arn, shard.ShardId, Counter() + 1, 0),
            "AT_TIMESTAMP" => timestamp is { } t
                ? new ShardPosition(stream.Arn, shard.ShardId, 0, t.ToUnixTimeMilliseconds())
                : throw KinesisErrors.InvalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter."),
            _ => throw KinesisErrors.Validation("shardIteratorType", type, "Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]"),
        };
    }
}
