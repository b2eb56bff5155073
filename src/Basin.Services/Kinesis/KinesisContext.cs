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

    public DateTimeOffset Now() => options.Time.GetUtcNow();

    public static string Arn(string region, string account, string name) => $"arn:aws:kinesis:{region}:{account}:stream/{name}";

    /// <summary>
    /// The stream a request names, by StreamName (in the caller's account and region) or StreamARN,
    /// as every Kinesis operation accepts either.
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

        if (requireActive && Status(stream) != "ACTIVE")
        {
            throw new AwsServiceException("ResourceInUseException", $"Stream {stream.Name} under account {stream.Account} is not ACTIVE.");
        }

        return stream;
    }

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
