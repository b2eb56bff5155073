namespace Basin.Services.Firehose.Delivery;

/// <summary>What an output carries: the destination's records, its error records, or the source-record backup.</summary>
public enum OutputKind
{
    Destination,
    Errors,
    Backup,
}

/// <summary>
/// One place a stream delivers to (an S3 prefix or an HTTP endpoint) with its buffering hints and
/// its open buffers, keyed by partition (or by error type for an error output). A buffer is due
/// when it reaches <see cref="SizeBytes"/> or its oldest record has waited <see cref="IntervalMs"/>.
/// </summary>
public abstract class DeliveryOutput
{
    public required OutputKind Kind { get; init; }
    public required long SizeBytes { get; init; }
    public required long IntervalMs { get; init; }

    public Dictionary<string, DeliveryBuffer> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Buffers that are due (filled to the size hint) or waiting to retry a failed delivery.</summary>
    public List<DeliveryBuffer> Full { get; } = [];

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
