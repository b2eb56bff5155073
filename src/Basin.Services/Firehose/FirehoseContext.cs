using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Basin.Aws.Protocol;
using Basin.Storage.Firehose;

namespace Basin.Services.Firehose;

/// <summary>What every Firehose operation class shares: the store, the clock, stream lookup and persistence.</summary>
public sealed class FirehoseContext(FirehoseStore store, FirehoseOptions options)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly ConcurrentDictionary<string, (string Document, DeliveryStream Stream)> _parsed = new(StringComparer.Ordinal);

    public FirehoseStore Store => store;
    public StreamThrottle Throttle { get; } = new(options.Time, options.ThroughputLimits);
    public FirehoseOptions Options => options;
    public TimeProvider Time => options.Time;

    public DateTimeOffset Now() => options.Time.GetUtcNow();

    public static string Arn(string region, string account, string name) => $"arn:aws:firehose:{region}:{account}:deliverystream/{name}";

    public IEnumerable<DeliveryStream> All => store.Streams.Select(s => Find(s.Arn)).OfType<DeliveryStream>();

    /// <summary>The stream with this ARN; parsed once per stored version, since every PutRecord looks it up.</summary>
    public DeliveryStream? Find(string arn)
    {
        var doc = store.Find(arn);
        if (doc is null) return null;
        if (_parsed.TryGetValue(arn, out var cached) && ReferenceEquals(cached.Document, doc)) return cached.Stream;
        var stream = Parse(doc);
        _parsed[arn] = (doc, stream);
        return stream;
    }

    /// <summary>The stream a request names, in the caller's account and region.</summary>
    public DeliveryStream Resolve(AwsRequest request, string? name)
    {
        ValidateName(name);
        return Find(Arn(request.Region, request.Caller.AccountId, name!)) ?? throw FirehoseErrors.NotFound(name!, request.Caller.AccountId);
    }

    public Task<bool> CreateAsync(DeliveryStream stream) => store.CreateAsync(stream.Arn, Serialize(stream));

    public Task SaveAsync(DeliveryStream stream) => store.UpdateAsync(stream.Arn, Serialize(stream));

    /// <summary>CREATING for the configured delay after creation, then ACTIVE (computed, so no timers).</summary>
    public string Status(DeliveryStream stream) =>
        Now().ToUnixTimeMilliseconds() < stream.CreatedMs + (long)options.StateTransitionDelay.TotalMilliseconds ? "CREATING" : "ACTIVE";

    public static void ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw FirehoseErrors.Validation("deliveryStreamName", name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 1 and 64");
        }
    }

    private static string Serialize(DeliveryStream stream) => JsonSerializer.Serialize(stream, Json);

    private static DeliveryStream Parse(string document) => JsonSerializer.Deserialize<DeliveryStream>(document, Json)!;
}
