using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Configuration;
using Basin.Services.Firehose.Processing;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// One version of a stream's configuration turned into what the worker runs: the processors,
/// the outputs (destination, error output, backup) and the format converter. A new plan is made
/// when UpdateDestination bumps the version; the old plan's buffers are written out first.
/// </summary>
public sealed class DeliveryPlan
{
    private DeliveryPlan(DeliveryStream stream, TimeProvider time)
    {
        Stream = stream;
        var c = stream.Destination;
        Zone = DestinationRules.TimeZoneOf(c.CustomTimeZone);
        if (stream.HttpEndpoint is { } http)
        {
            // An HTTP endpoint stream: its S3 configuration (stored as Destination) takes the
            // records that could not be delivered, and all source records in AllData mode.
            Pipeline = new RecordPipeline(http.ProcessingConfiguration, time);
            Destination = Endpoint(http);
            Errors = ErrorOutput(c, S3Output.BucketOf(c.BucketARN!), c.CompressionFormat!);
            if (http.S3BackupMode == HttpEndpointRules.AllData) Backup = BackupOutput(DestinationRules.ToPlainS3(c));
            return;
        }

        Pipeline = new RecordPipeline(c.ProcessingConfiguration, time);
        Partitioned = c.DynamicPartitioningConfiguration?.Enabled == true;
        var converting = c.DataFormatConversionConfiguration is { } dfc && dfc.Enabled != false;
        var prefix = PrefixTemplate.Parse(c.Prefix, "Prefix");
        var destination = new S3Output
        {
            Kind = OutputKind.Destination,
            Bucket = S3Output.BucketOf(c.BucketARN!),
            Prefix = prefix,
            AppendTimePrefix = !prefix.HasTimestamp && !Partitioned,
            SizeBytes = SizeBytes(c.BufferingHints!.SizeInMBs),
            IntervalMs = IntervalMs(c.BufferingHints.IntervalInSeconds),
            Compression = c.CompressionFormat!,
            FileExtension = !string.IsNullOrEmpty(c.FileExtension) ? c.FileExtension : converting ? ".parquet" : ObjectCompression.Extension(c.CompressionFormat!),
            KmsKeyArn = c.EncryptionConfiguration?.KMSEncryptionConfig?.AWSKMSKeyARN,
        };
        Destination = destination;
        Errors = ErrorOutput(c, destination.Bucket, "UNCOMPRESSED");
        if (c.S3BackupMode == "Enabled" && c.S3BackupConfiguration is { } b) Backup = BackupOutput(b);
        Conversion = converting ? c.DataFormatConversionConfiguration : null;
    }

    public DeliveryStream Stream { get; }
    public TimeZoneInfo Zone { get; }
    public RecordPipeline Pipeline { get; }
    public bool Partitioned { get; }
    public DeliveryOutput Destination { get; }
    public S3Output Errors { get; }
    public S3Output? Backup { get; }
    public DataFormatConversionConfiguration? Conversion { get; }

    public IEnumerable<DeliveryOutput> Outputs => Backup is null ? [Destination, Errors] : [Destination, Errors, Backup];

    public static DeliveryPlan For(DeliveryStream stream, TimeProvider time) => new(stream, time);

    /// <summary>The buffer key of a partition: its keys in order, so equal key sets share a buffer.</summary>
    public static string PartitionKey(IReadOnlyDictionary<string, string>? keys) =>
        keys is null ? "" : string.Join('\u0001', keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value));

    private static HttpOutput Endpoint(HttpEndpointDestinationConfiguration http) => new()
    {
        Kind = OutputKind.Destination,
        Url = new Uri(http.EndpointConfiguration!.Url!),
        AccessKey = http.EndpointConfiguration.AccessKey,
        Gzip = http.RequestConfiguration?.ContentEncoding == "GZIP",
        CommonAttributes = [.. (http.RequestConfiguration?.CommonAttributes ?? []).Select(a => new KeyValuePair<string, string>(a.AttributeName!, a.AttributeValue ?? ""))],
        RetryDurationMs = (long)http.RetryOptions!.DurationInSeconds!.Value * 1000,
        SizeBytes = SizeBytes(http.BufferingHints!.SizeInMBs),
        IntervalMs = IntervalMs(http.BufferingHints.IntervalInSeconds),
    };

    private static S3Output ErrorOutput(ExtendedS3DestinationConfiguration c, string bucket, string compression)
    {
        var errorPrefix = PrefixTemplate.Parse(c.ErrorOutputPrefix, "ErrorOutputPrefix");
        return new S3Output
        {
            Kind = OutputKind.Errors,
            Bucket = bucket,
            Prefix = errorPrefix,
            ErrorFallbackPrefix = PrefixTemplate.Parse(c.Prefix, "Prefix").HasExpressions ? "" : c.Prefix,
            AppendTimePrefix = !errorPrefix.HasTimestamp,
            SizeBytes = SizeBytes(c.BufferingHints!.SizeInMBs),
            IntervalMs = IntervalMs(c.BufferingHints.IntervalInSeconds),
            Compression = compression,
            FileExtension = ObjectCompression.Extension(compression),
            KmsKeyArn = c.EncryptionConfiguration?.KMSEncryptionConfig?.AWSKMSKeyARN,
        };
    }

    private static S3Output BackupOutput(S3DestinationConfiguration b)
    {
        var prefix = PrefixTemplate.Parse(b.Prefix, "Prefix");
        return new S3Output
        {
            Kind = OutputKind.Backup,
            Bucket = S3Output.BucketOf(b.BucketARN!),
            Prefix = prefix,
            AppendTimePrefix = !prefix.HasTimestamp,
            SizeBytes = SizeBytes(b.BufferingHints!.SizeInMBs),
            IntervalMs = IntervalMs(b.BufferingHints.IntervalInSeconds),
            Compression = b.CompressionFormat!,
            FileExtension = ObjectCompression.Extension(b.CompressionFormat!),
            KmsKeyArn = b.EncryptionConfiguration?.KMSEncryptionConfig?.AWSKMSKeyARN,
        };
    }

    private static long SizeBytes(int? sizeInMBs) => (long)sizeInMBs!.Value * 1024 * 1024;

    private static long IntervalMs(int? intervalInSeconds) => (long)intervalInSeconds!.Value * 1000;
}
