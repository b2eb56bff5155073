using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis.Api;

/// <summary>Stream lifecycle: create, delete, describe, list, retention, limits.</summary>
public sealed class StreamOperations(KinesisContext kinesis)
{
    private const int ShardLimit = 500;
    private const int OnDemandShards = 4;

    public void Register(OperationTable operations)
    {
        operations.On<CreateStreamInput>("CreateStream", CreateAsync);
        operations.On<DeleteStreamInput>("DeleteStream", DeleteAsync);
        operations.On<DescribeStreamInput, DescribeStreamOutput>("DescribeStream", DescribeAsync);
        operations.On<DescribeStreamSummaryInput, DescribeStreamSummaryOutput>("DescribeStreamSummary", SummaryAsync);
        operations.On<ListStreamsInput, ListStreamsOutput>("ListStreams", ListAsync);
        operations.On<IncreaseStreamRetentionPeriodInput>("IncreaseStreamRetentionPeriod", IncreaseRetentionAsync);
        operations.On<DecreaseStreamRetentionPeriodInput>("DecreaseStreamRetentionPeriod", DecreaseRetentionAsync);
        operations.On<DescribeLimitsInput, DescribeLimitsOutput>("DescribeLimits", LimitsAsync);
        operations.On<UpdateMaxRecordSizeInput>("UpdateMaxRecordSize", async (input, request) =>
        {
            var stream = kinesis.Resolve(request, null, input.StreamARN ?? throw KinesisErrors.Validation("streamARN", null, "Member must not be null"), requireActive: true);
            await kinesis.Store.UpdateStreamAsync(stream with { MaxRecordSizeKiB = MaxRecordSize(input.MaxRecordSizeInKiB) }).ConfigureAwait(false);
        });
        operations.On<StartStreamEncryptionInput>("StartStreamEncryption", (input, request) =>
            SetEncryptionAsync(request, input.StreamName, input.StreamARN, input.EncryptionType, input.KeyId, enable: true));
        operations.On<StopStreamEncryptionInput>("StopStreamEncryption", (input, request) =>
            SetEncryptionAsync(request, input.StreamName, input.StreamARN, input.EncryptionType, input.KeyId, enable: false));
    }

    private async Task CreateAsync(CreateStreamInput input, AwsRequest request)
    {
        KinesisContext.ValidateName(input.StreamName);
        var mode = input.StreamModeDetails?.StreamMode ?? "PROVISIONED";
        if (mode is not ("PROVISIONED" or "ON_DEMAND")) throw KinesisErrors.Validation("streamModeDetails.streamMode", mode, "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
        var count = mode == "ON_DEMAND" ? input.ShardCount ?? OnDemandShards : input.ShardCount ?? throw KinesisErrors.InvalidArgument("ShardCount is required for a PROVISIONED stream.");
        if (count < 1) throw KinesisErrors.Validation("shardCount", count, "Member must have value greater than or equal to 1");
        var open = kinesis.Store.Streams.Where(s => s.Account == request.Caller.AccountId).Sum(s => kinesis.Store.Shards(s.Arn).Count(x => x.IsOpen));
        if (open + count > ShardLimit)
        {
            throw new AwsServiceException("LimitExceededException", $"This request would exceed the shard limit for the account {request.Caller.AccountId} in {request.Region}. Current shard count for the account: {open}. Limit: {ShardLimit}. Number of additional shards that would have resulted from this request: {count}.");
        }

        var now = kinesis.Now().ToUnixTimeMilliseconds();
        var arn = KinesisContext.Arn(request.Region, request.Caller.AccountId, input.StreamName!);
        var stream = new StreamInfo
        {
            Arn = arn,
            Account = request.Caller.AccountId,
            Region = request.Region,
            Name = input.StreamName!,
            CreatedMs = now,
            Mode = mode,
            MaxRecordSizeKiB = MaxRecordSize(input.MaxRecordSizeInKiB ?? 1024),
            WarmThroughputMiBps = kinesis.ValidateWarmThroughput(request.Caller.AccountId, request.Region, mode, input.WarmThroughputMiBps),
        };
        var shards = HashKeys.EvenRanges(count).Select((range, i) => new ShardInfo
        {
            StreamArn = arn,
            ShardId = ShardIds.Format(i),
            StartingHashKey = range.Start,
            EndingHashKey = range.End,
            StartingCounter = 0,
            CreatedMs = now,
        }).ToList();
        if (!await kinesis.Store.CreateStreamAsync(stream, shards).ConfigureAwait(false))
        {
            throw KinesisErrors.StreamExists(input.StreamName!, request.Caller.AccountId);
        }
    }

    private async Task DeleteAsync(DeleteStreamInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        if (input.EnforceConsumerDeletion != true && kinesis.Store.Consumers(stream.Arn).Any())
        {
            throw new AwsServiceException("ResourceInUseException", $"Stream {stream.Name} under account {stream.Account} has registered consumers. Deregister them or set EnforceConsumerDeletion.");
        }

        await kinesis.Store.DeleteStreamAsync(stream.Arn).ConfigureAwait(false);
    }

    private Task<DescribeStreamOutput> DescribeAsync(DescribeStreamInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        var limit = input.Limit ?? 100;
        if (limit is < 1 or > 10000) throw KinesisErrors.Validation("limit", limit, "Member must have value between 1 and 10000");
        var shards = kinesis.Store.Shards(stream.Arn)
            .Where(s => input.ExclusiveStartShardId is null || string.CompareOrdinal(s.ShardId, input.ExclusiveStartShardId) > 0)
            .ToList();
        return Task.FromResult(new DescribeStreamOutput
        {
            StreamDescription = new StreamDescription
            {
                StreamName = stream.Name,
                StreamARN = stream.Arn,
                StreamStatus = kinesis.Status(stream),
                StreamModeDetails = new StreamModeDetails { StreamMode = stream.Mode },
                Shards = [.. shards.Take(limit).Select(s => ShardIds.Describe(stream, s))],
                HasMoreShards = shards.Count > limit,
                RetentionPeriodHours = stream.RetentionHours,
                StreamCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(stream.CreatedMs),
                EnhancedMonitoring = [new EnhancedMetrics { ShardLevelMetrics = [.. stream.ShardLevelMetrics] }],
                EncryptionType = stream.EncryptionType,
                KeyId = stream.KeyId,
            },
        });
    }

    private Task<DescribeStreamSummaryOutput> SummaryAsync(DescribeStreamSummaryInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        return Task.FromResult(new DescribeStreamSummaryOutput
        {
            StreamDescriptionSummary = new StreamDescriptionSummary
            {
                StreamName = stream.Name,
                StreamARN = stream.Arn,
                StreamStatus = kinesis.Status(stream),
                StreamModeDetails = new StreamModeDetails { StreamMode = stream.Mode },
                RetentionPeriodHours = stream.RetentionHours,
                StreamCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(stream.CreatedMs),
                EnhancedMonitoring = [new EnhancedMetrics { ShardLevelMetrics = [.. stream.ShardLevelMetrics] }],
                EncryptionType = stream.EncryptionType,
                KeyId = stream.KeyId,
                OpenShardCount = kinesis.Store.Shards(stream.Arn).Count(s => s.IsOpen),
                MaxRecordSizeInKiB = stream.MaxRecordSizeKiB,
                ConsumerCount = kinesis.Store.Consumers(stream.Arn).Count(),
                WarmThroughput = kinesis.WarmThroughput(stream),
            },
        });
    }

    private Task<ListStreamsOutput> ListAsync(ListStreamsInput input, AwsRequest request)
    {
        var limit = input.Limit ?? 100;
        if (limit is < 1 or > 10000) throw KinesisErrors.Validation("limit", limit, "Member must have value between 1 and 10000");
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => KinesisErrors.InvalidArgument("Invalid NextToken.")) : input.ExclusiveStartStreamName;
        var streams = kinesis.Store.Streams
            .Where(s => s.Account == request.Caller.AccountId && s.Region == request.Region)
            .Where(s => after is null || string.CompareOrdinal(s.Name, after) > 0)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var page = streams.Take(limit).ToList();
        var more = streams.Count > limit;
        return Task.FromResult(new ListStreamsOutput
        {
            StreamNames = [.. page.Select(s => s.Name)],
            HasMoreStreams = more,
            NextToken = more ? PageTokens.Encode(page[^1].Name) : null,
            StreamSummaries = [.. page.Select(s => new StreamSummary
            {
                StreamName = s.Name,
                StreamARN = s.Arn,
                StreamStatus = kinesis.Status(s),
                StreamModeDetails = new StreamModeDetails { StreamMode = s.Mode },
                StreamCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedMs),
            })],
        });
    }

    private async Task IncreaseRetentionAsync(IncreaseStreamRetentionPeriodInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var hours = RetentionHours(input.RetentionPeriodHours);
        if (hours < stream.RetentionHours)
        {
            throw KinesisErrors.InvalidArgument($"Requested retention period ({hours} hours) for stream {stream.Name} can not be shorter than existing retention period ({stream.RetentionHours} hours). Use DecreaseRetentionPeriod API.");
        }

        await kinesis.Store.UpdateStreamAsync(stream with { RetentionHours = hours }).ConfigureAwait(false);
    }

    private async Task DecreaseRetentionAsync(DecreaseStreamRetentionPeriodInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var hours = RetentionHours(input.RetentionPeriodHours);
        if (hours > stream.RetentionHours)
        {
            throw KinesisErrors.InvalidArgument($"Requested retention period ({hours} hours) for stream {stream.Name} can not be longer than existing retention period ({stream.RetentionHours} hours). Use IncreaseRetentionPeriod API.");
        }

        await kinesis.Store.UpdateStreamAsync(stream with { RetentionHours = hours }).ConfigureAwait(false);

        // Shorter retention takes effect now: whole segments past the new period go at once.
        kinesis.Store.Trim(kinesis.Now());
    }

    private static int MaxRecordSize(int? kib) =>
        kib is >= 1024 and <= 10240 ? kib.Value : throw KinesisErrors.Validation("maxRecordSizeInKiB", kib, "Member must have value between 1024 and 10240");

    private static int RetentionHours(int? hours) =>
        hours is >= 24 and <= 8760
            ? hours.Value
            : throw KinesisErrors.InvalidArgument($"Minimum allowed retention period is 24 hours. Maximum allowed retention period is 8760 hours. Requested retention period ({hours} hours) is invalid.");

    /// <summary>
    /// Server-side encryption: records written while it is on are sealed at rest (AES-256-GCM with a
    /// Basin-managed key for the KeyId); records keep the key they were written with, so turning it
    /// off or changing keys never strands old data.
    /// </summary>
    private async Task SetEncryptionAsync(AwsRequest request, string? name, string? arn, string? encryptionType, string? keyId, bool enable)
    {
        var stream = kinesis.Resolve(request, name, arn, requireActive: true);
        if (encryptionType != "KMS") throw KinesisErrors.Validation("encryptionType", encryptionType, "Member must satisfy enum value set: [KMS]");
        if (keyId is not { Length: >= 1 and <= 2048 }) throw KinesisErrors.Validation("keyId", keyId, "Member must have length between 1 and 2048");
        if (!enable && stream.EncryptionType == "KMS" && stream.KeyId != keyId)
        {
            throw KinesisErrors.InvalidArgument($"Key {keyId} does not match the key {stream.KeyId} stream {stream.Name} is encrypted with.");
        }

        await kinesis.Store.UpdateStreamAsync(enable ? stream with { EncryptionType = "KMS", KeyId = keyId } : stream with { EncryptionType = "NONE", KeyId = null }).ConfigureAwait(false);
    }

    private Task<DescribeLimitsOutput> LimitsAsync(DescribeLimitsInput input, AwsRequest request)
    {
        var mine = kinesis.Store.Streams.Where(s => s.Account == request.Caller.AccountId).ToList();
        return Task.FromResult(new DescribeLimitsOutput
        {
            ShardLimit = ShardLimit,
            OpenShardCount = mine.Sum(s => kinesis.Store.Shards(s.Arn).Count(x => x.IsOpen)),
            OnDemandStreamCount = mine.Count(s => s.Mode == "ON_DEMAND"),
            OnDemandStreamCountLimit = 50,
        });
    }
}
