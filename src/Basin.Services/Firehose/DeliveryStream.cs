using Basin.Aws.Model.Firehose;

namespace Basin.Services.Firehose;

/// <summary>
/// A Firehose stream as Basin keeps it. The S3 destination is stored as an
/// <see cref="ExtendedS3DestinationConfiguration"/> with AWS's defaults filled in (a plain S3
/// destination, or an HTTP endpoint's S3 configuration, is the same thing without the extended
/// features), so delivery reads one shape.
/// </summary>
public sealed record DeliveryStream
{
    public const string DirectPut = "DirectPut";
    public const string KinesisStreamAsSource = "KinesisStreamAsSource";

    /// <summary>Firehose streams have one destination, always with this id.</summary>
    public const string DestinationId = "destinationId-000000000001";

    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Type { get; init; }
    public required long CreatedMs { get; init; }
    public long? UpdatedMs { get; init; }

    /// <summary>Starts at 1 and grows by one with every UpdateDestination; part of every object name.</summary>
    public int Version { get; init; } = 1;

    public KinesisSource? Kinesis { get; init; }
    public int? ThroughputHintInMBs { get; init; }

    /// <summary>True when the stream was created with the legacy S3DestinationConfiguration.</summary>
    public bool PlainS3 { get; init; }

    /// <summary>
    /// The S3 destination; for an HTTP endpoint stream, its S3Configuration (where records that
    /// could not be delivered go, and all records in AllData mode), in the same shape.
    /// </summary>
    public required ExtendedS3DestinationConfiguration Destination { get; init; }

    /// <summary>Set when the stream delivers to an HTTP endpoint instead of S3 (with AWS's defaults filled in).</summary>
    public HttpEndpointDestinationConfiguration? HttpEndpoint { get; init; }
    public List<Tag> Tags { get; init; } = [];
    public StreamEncryption Encryption { get; init; } = StreamEncryption.Disabled;

    public bool IsDirectPut => Type == DirectPut;
}

/// <summary>
/// Where a Kinesis-sourced stream reads: the stream, and the first record counter it delivers
/// (the stream's end when the Firehose stream was created: Firehose starts at LATEST).
/// </summary>
public sealed record KinesisSource(string StreamArn, string RoleArn, ulong StartCounter, long StartMs);

/// <summary>Server-side encryption of the stream's buffered data (DirectPut only).</summary>
public sealed record StreamEncryption(string Status, string? KeyType, string? KeyArn)
{
    public static StreamEncryption Disabled { get; } = new("DISABLED", null, null);

    public bool Enabled => Status == "ENABLED";
}
