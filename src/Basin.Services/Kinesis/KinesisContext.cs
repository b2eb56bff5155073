using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>What every Kinesis operation class shares: the store, the clock, stream resolution, status.</summary>
public sealed class KinesisContext(KinesisStore store, KinesisOptions options)
{
    public KinesisStore Store => store;
    public TimeProvider Time => options.Time;
    public ShardIterators Iterators { get; } = new(options.IteratorKey);
    public ShardThrottle Throttle { get; } = new(options.Time, options.ThroughputLimits);
    public StreamAccess Access { get; } = new(store, options.Time, options.EnforceAccess);

    public DateTimeOffset Now() => options.Time.GetUtcNow();

    public static string Arn(string region, string account, string name) => $"arn:aws:kinesis:{region}:{account}:stream/{name}";

    /// <summary>
    /// The stream a request names, by StreamName (in the caller's account and region) or StreamARN,
    /// as every Kinesis operation accepts either; the caller must be allowed the operation on it.
    /// </summary>
    public StreamInfo Resolve(AwsRequest request, string? name, string? arn, bool requireActive = false)
    {
        if (name is null && arn is null) throw KinesisErrors.InvalidArgument("Either StreamName or StreamARN must be provided.");
        var key = arn ?? Arn(request.Region, request.Caller.AccountId, name!);
        var stream = store.Find(key);
        if (stream is null || (name is not null && stream.Name != name))
        {
            throw KinesisErrors.StreamNotFound(name ?? key.Split('/').Last(), request.Caller.AccountId);
        }

        Access.Authorize(request, stream.Account, stream.Arn);

        if (requireActive && Status(stream) != "ACTIVE")
        {
            throw new AwsServiceException("ResourceInUseException", $"Stream {stream.Name} under account {stream.Account} is not ACTIVE.");
        }

        return stream;
    }

    /// <summary>Kinesis account settings are regional: they are kept per account and region.</summary>
    public static string SettingsScope(string account, string region) => $"{account}/{region}";

    /// <summary>The caller's own account settings in the request's region.</summary>
    public AccountSettings? Settings(AwsRequest request) => store.Settings(SettingsScope(request.Caller.AccountId, request.Region));

    /// <summary>The account (fifth field) of a Kinesis ARN, e.g. a consumer's stream.</summary>
    public static string AccountOf(string arn) => arn.Split(':')[4];

    /// <summary>
    /// Checks a requested warm throughput for a stream of <paramref name="account"/> in
    /// <paramref name="region"/>: only on-demand streams in accounts with the minimum throughput
    /// billing commitment have one, of 0 to 10 GiB/s. Null passes through (not asked for).
    /// </summary>
    public int? ValidateWarmThroughput(string account, string region, string mode, int? mibps)
    {
        if (mibps is null) return null;
        if (mibps is < 0 or > Commitments.MaxWarmThroughputMiBps)
        {
            throw KinesisErrors.Validation("warmThroughputMiBps", mibps, $"Member must have value less than or equal to {Commitments.MaxWarmThroughputMiBps} and greater than or equal to 0");
        }

        if (mode != "ON_DEMAND") throw KinesisErrors.InvalidArgument("Warm throughput is only supported for streams in ON_DEMAND capacity mode.");
        if (!Commitments.IsActive(store.Settings(SettingsScope(account, region)), Now().ToUnixTimeMilliseconds()))
        {
            throw KinesisErrors.InvalidArgument("Warm throughput requires the account's MinimumThroughputBillingCommitment to be ENABLED.");
        }

        return mibps;
    }

    /// <summary>A stream's warm throughput as AWS shows it: only for on-demand streams whose account has the commitment.</summary>
    public WarmThroughputObject? WarmThroughput(StreamInfo stream) =>
        stream.Mode == "ON_DEMAND" && Commitments.IsActive(store.Settings(SettingsScope(stream.Account, stream.Region)), Now().ToUnixTimeMilliseconds())
            ? new WarmThroughputObject { TargetMiBps = stream.WarmThroughputMiBps ?? 0, CurrentMiBps = stream.WarmThroughputMiBps ?? 0 }
            : null;

    /// <summary>CREATING for the configured delay after creation, then ACTIVE (computed, so no timers).</summary>
    public string Status(StreamInfo stream) =>
        Now().ToUnixTimeMilliseconds() < stream.CreatedMs + (long)options.StateTransitionDelay.TotalMilliseconds ? "CREATING" : "ACTIVE";

    public static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw KinesisErrors.Validation("streamName", name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 128");
        }
    }
}
