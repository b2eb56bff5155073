using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Kinesis.Api;

/// <summary>
/// Enhanced (shard-level) monitoring settings, stored and reported as AWS does. Basin has no
/// CloudWatch yet, so enabling metrics changes what DescribeStream reports, not what is emitted.
/// </summary>
public sealed class MonitoringOperations(KinesisContext kinesis)
{
    private static readonly string[] AllMetrics =
        ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];

    public void Register(OperationTable operations)
    {
        operations.On<EnableEnhancedMonitoringInput, EnhancedMonitoringOutput>("EnableEnhancedMonitoring", (input, request) =>
            ChangeAsync(request, input.StreamName, input.StreamARN, input.ShardLevelMetrics, enable: true));
        operations.On<DisableEnhancedMonitoringInput, EnhancedMonitoringOutput>("DisableEnhancedMonitoring", (input, request) =>
            ChangeAsync(request, input.StreamName, input.StreamARN, input.ShardLevelMetrics, enable: false));
    }

    private async Task<EnhancedMonitoringOutput> ChangeAsync(AwsRequest request, string? name, string? arn, List<string>? metrics, bool enable)
    {
        var stream = kinesis.Resolve(request, name, arn, requireActive: true);
        if (metrics is null || metrics.Count == 0) throw KinesisErrors.Validation("shardLevelMetrics", "[]", "Member must have length greater than or equal to 1");
        var named = metrics.Contains("ALL") ? AllMetrics : metrics.ToArray();
        foreach (var m in named.Where(m => !AllMetrics.Contains(m)))
        {
            throw KinesisErrors.Validation("shardLevelMetrics", m, $"Member must satisfy enum value set: [{string.Join(", ", AllMetrics)}, ALL]");
        }

        var current = stream.ShardLevelMetrics.ToList();
        var desired = enable ? current.Union(named).ToList() : current.Except(named).ToList();
        await kinesis.Store.UpdateStreamAsync(stream with { ShardLevelMetrics = desired }).ConfigureAwait(false);
        return new EnhancedMonitoringOutput { StreamName = stream.Name, StreamARN = stream.Arn, CurrentShardLevelMetrics = current, DesiredShardLevelMetrics = desired };
    }
}
