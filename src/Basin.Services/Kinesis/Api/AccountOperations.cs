using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Kinesis.Api;

/// <summary>
/// On-demand Advantage: DescribeAccountSettings and UpdateAccountSettings (the minimum throughput
/// billing commitment, per account and region) and UpdateStreamWarmThroughput, which only an
/// on-demand stream in a committed account accepts. Basin has no capacity to pre-scale, so a warm
/// throughput is reached at once (CurrentMiBps equals TargetMiBps).
/// </summary>
public sealed class AccountOperations(KinesisContext kinesis)
{
    public void Register(OperationTable operations)
    {
        operations.On<DescribeAccountSettingsInput, DescribeAccountSettingsOutput>("DescribeAccountSettings", (_, request) =>
            Task.FromResult(new DescribeAccountSettingsOutput { MinimumThroughputBillingCommitment = Commitments.ToOutput(Commitments.Effective(kinesis.Settings(request), Now())) }));
        operations.On<UpdateAccountSettingsInput, UpdateAccountSettingsOutput>("UpdateAccountSettings", UpdateSettingsAsync);
        operations.On<UpdateStreamWarmThroughputInput, UpdateStreamWarmThroughputOutput>("UpdateStreamWarmThroughput", UpdateWarmThroughputAsync);
    }

    private async Task<UpdateAccountSettingsOutput> UpdateSettingsAsync(UpdateAccountSettingsInput input, AwsRequest request)
    {
        var status = input.MinimumThroughputBillingCommitment?.Status
            ?? throw KinesisErrors.Validation("minimumThroughputBillingCommitment", null, "Member must not be null");
        if (status is not ("ENABLED" or "DISABLED"))
        {
            throw KinesisErrors.Validation("minimumThroughputBillingCommitment.status", status, "Member must satisfy enum value set: [ENABLED, DISABLED]");
        }

        var updated = Commitments.Apply(kinesis.Settings(request), status, Now());
        await kinesis.Store.SetSettingsAsync(KinesisContext.SettingsScope(request.Caller.AccountId, request.Region), updated).ConfigureAwait(false);
        return new UpdateAccountSettingsOutput { MinimumThroughputBillingCommitment = Commitments.ToOutput(updated) };
    }

    private async Task<UpdateStreamWarmThroughputOutput> UpdateWarmThroughputAsync(UpdateStreamWarmThroughputInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var mibps = kinesis.ValidateWarmThroughput(stream.Account, stream.Region, stream.Mode, input.WarmThroughputMiBps)
            ?? throw KinesisErrors.Validation("warmThroughputMiBps", null, "Member must not be null");
        var updated = stream with { WarmThroughputMiBps = mibps };
        await kinesis.Store.UpdateStreamAsync(updated).ConfigureAwait(false);
        return new UpdateStreamWarmThroughputOutput { StreamARN = stream.Arn, StreamName = stream.Name, WarmThroughput = kinesis.WarmThroughput(updated) };
    }

    private long Now() => kinesis.Now().ToUnixTimeMilliseconds();
}
