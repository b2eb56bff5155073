using Basin.Services.Firehose.Configuration;

namespace Basin.Services.Firehose.Delivery;

/// <summary>An output that writes each buffer as one S3 object: the key layout and compression of a destination, error prefix or backup.</summary>
public sealed class S3Output : DeliveryOutput
{
    public required string Bucket { get; init; }
    public required PrefixTemplate Prefix { get; init; }

    /// <summary>Text put before the error type when no ErrorOutputPrefix is set (the destination's Prefix).</summary>
    public string? ErrorFallbackPrefix { get; init; }

    /// <summary>Whether Firehose appends its default "yyyy/MM/dd/HH/" to the evaluated prefix.</summary>
    public required bool AppendTimePrefix { get; init; }

    public required string Compression { get; init; }
    public required string FileExtension { get; init; }

    /// <summary>The KMS key objects are encrypted under (EncryptionConfiguration.KMSEncryptionConfig); null: the bucket's default encryption.</summary>
    public string? KmsKeyArn { get; init; }

    public static string BucketOf(string bucketArn) => bucketArn[(bucketArn.IndexOf(":::", StringComparison.Ordinal) + 3)..];
}
