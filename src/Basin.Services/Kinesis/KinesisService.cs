using System.Security.Cryptography;
using Basin.Aws.Protocol.Services;
using Basin.Services.Kinesis.Api;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>Amazon Kinesis Data Streams over durable per-shard logs. Operations live in Api/.</summary>
public sealed class KinesisService(KinesisStore store, KinesisOptions options) : IAwsService
{
    public string Name => "kinesis";

    public void Register(OperationTable operations)
    {
        var context = new KinesisContext(store, options);
        new StreamOperations(context).Register(operations);
        new ShardOperations(context).Register(operations);
        new RecordOperations(context).Register(operations);
        new TagOperations(context).Register(operations);
        new ReshardOperations(context).Register(operations);
        new MonitoringOperations(context).Register(operations);
        new ConsumerOperations(context).Register(operations);
        new ResourcePolicyOperations(context).Register(operations);
        new AccountOperations(context).Register(operations);
    }
}

public sealed record KinesisOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a new stream reports CREATING before ACTIVE (AWS takes ~30 s; Basin defaults to none).</summary>
    public TimeSpan StateTransitionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Apply AWS's per-shard throughput limits to every stream (see <see cref="ShardThrottle"/>).</summary>
    public bool ThroughputLimits { get; init; }

    /// <summary>Enforce resource policies (on when signatures are, <c>--auth sigv4</c>); see <see cref="StreamAccess"/>.</summary>
    public bool EnforceAccess { get; init; }

    /// <summary>Signs shard iterators; persisted so iterators survive a restart.</summary>
    public byte[] IteratorKey { get; init; } = RandomNumberGenerator.GetBytes(32);
}
