using Basin.Services.Firehose.Configuration;

namespace Basin.Services.Firehose.Delivery;

/// <summary>What an output writes: the destination's records, its error records, or the source-record backup.</summary>
public enum OutputKind
{
    Destination,
    Errors,
    Backup,
}

/// <summary>
/// One place a stream writes objects (the destination, its error prefix, or the S3 backup), with
/// its buffering hints, key layout and compression, and its open buffers keyed by partition.
/// </summary>
public sealed class S3Output
{
    public required OutputKind Kind { get; init; }
    public required string Bucket { get; init; }
    public required PrefixTemplate Prefix { get; init; }

    /// <summary>Text put before the error type when no ErrorOutputPrefix is set (the destination's Prefix).</summary>
    public string? ErrorFallbackPrefix { get; init; }

    /// <summary>Whether Firehose appends its default "yyyy/MM/dd/HH/" to the evaluated prefix.</summary>
    public required bool AppendTimePrefix { get; init; }

    public required long SizeBytes { get; init; }
    public required long IntervalMs { get; init; }
    public required string Compression { get; init; }
    public required string FileExtension { get; init; }

    public Dictionary<string, DeliveryBuffer> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Buffers filled to the size hint, waiting to be written.</summary>
    public List<DeliveryBuffer> Full { get; } = [];

    public static string BucketOf(string bucketArn) => bucketArn[(bucketArn.IndexOf(":::", StringComparison.Ordinal) + 3)..];

    /// <summary>Adds a record to the buffer for <paramref name="key"/>; a buffer that reaches the size hint moves to <see cref="Full"/>.</summary>
    public void Add(string key, BufferedRecord record, IReadOnlyDictionary<string, string>? partitionKeys = null, string? errorType = null)
    {
        if (!Buffers.TryGetValue(key, out var buffer)) Buffers[key] = buffer = new DeliveryBuffer(partitionKeys, errorType);
        buffer.Add(record);
        if (buffer.Bytes >= SizeBytes)
        {
            Full.Add(buffer);
            Buffers.Remove(key);
        }
    }
}
