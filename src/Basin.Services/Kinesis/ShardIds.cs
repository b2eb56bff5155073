using System.Globalization;
using Basin.Aws.Model.Kinesis;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>Shard ids (<c>shardId-000000000000</c>) and the Shard shape AWS describes them with.</summary>
public static class ShardIds
{
    public static string Format(int index) => string.Create(CultureInfo.InvariantCulture, $"shardId-{index:D12}");

    public static Shard Describe(StreamInfo stream, ShardInfo shard) => new()
    {
        ShardId = shard.ShardId,
        ParentShardId = shard.ParentShardId,
        AdjacentParentShardId = shard.AdjacentParentShardId,
        HashKeyRange = new HashKeyRange
        {
            StartingHashKey = shard.StartingHashKey.ToString(CultureInfo.InvariantCulture),
            EndingHashKey = shard.EndingHashKey.ToString(CultureInfo.InvariantCulture),
        },
        SequenceNumberRange = new SequenceNumberRange
        {
            StartingSequenceNumber = SequenceNumbers.Format(stream.CreatedMs, shard.StartingCounter),
            EndingSequenceNumber = shard.EndingCounter is { } end ? SequenceNumbers.Format(stream.CreatedMs, end) : null,
        },
    };
}
