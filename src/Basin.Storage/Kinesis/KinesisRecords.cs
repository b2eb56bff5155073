namespace Basin.Storage.Kinesis;

/// <summary>A data stream as the catalog stores it.</summary>
public sealed record StreamInfo
{
    public required string Arn { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required long CreatedMs { get; init; }
    public string Mode { get; init; } = "PROVISIONED";
    public int RetentionHours { get; init; } = 24;
    public string EncryptionType { get; init; } = "NONE";
    public string? KeyId { get; init; }
    public IReadOnlyList<string> ShardLevelMetrics { get; init; } = [];

    /// <summary>The largest record (data plus partition key) PutRecord accepts, 1–10 MiB.</summary>
    public int MaxRecordSizeKiB { get; init; } = 1024;

    /// <summary>The write throughput (MiB/s) an on-demand stream is kept warm for; null if never set.</summary>
    public int? WarmThroughputMiBps { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A shard: its hash-key range and the counters its records span. A closed shard (after a
/// reshard) has an ending counter and stays readable until retention removes its records.
/// </summary>
public sealed record ShardInfo
{
    public required string StreamArn { get; init; }
    public required string ShardId { get; init; }
    public string? ParentShardId { get; init; }
    public string? AdjacentParentShardId { get; init; }
    public required UInt128 StartingHashKey { get; init; }
    public required UInt128 EndingHashKey { get; init; }
    public required ulong StartingCounter { get; init; }
    public ulong? EndingCounter { get; init; }
    public required long CreatedMs { get; init; }

    public bool IsOpen => EndingCounter is null;
}

/// <summary>A registered enhanced fan-out consumer of a stream.</summary>
public sealed record ConsumerInfo(string Arn, string StreamArn, string Name, long CreatedMs);

/// <summary>
/// An account's minimum throughput billing commitment in one region. A commitment runs at least
/// 24 hours: disabling it earlier schedules the end (ENABLED_UNTIL_EARLIEST_ALLOWED_END) for
/// <see cref="EarliestAllowedEndMs"/>; enabling again before then cancels the scheduled end.
/// </summary>
public sealed record AccountSettings(string Status, long? StartedMs, long? EndedMs, long? EarliestAllowedEndMs);
