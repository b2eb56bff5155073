using Basin.Services.Firehose.Configuration;
using Basin.Services.Firehose.Processing;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// One version of a stream's configuration turned into what the worker runs: the processors,
/// the outputs (destination, error prefix, backup) and the format converter. A new plan is made
/// when UpdateDestination bumps the version; the old plan's buffers are written out first.
/// </summary>
public sealed class DeliveryPlan
{
    private DeliveryPlan(DeliveryStream stream)
    {
        var c = stream.Destination;
        Stream = stream;
        Zone = DestinationRules.TimeZoneOf(c.CustomTimeZone);
        Pipeline = new RecordPipeline(c.ProcessingConfiguration);
        Partitioned = c.DynamicPartitioningConfiguration?.Enabled == true;
        var converting = c.DataFormatConversionConfiguration is { } dfc && dfc.Enabled != false;
        var size = (long)c.BufferingHints!.SizeInMBs!.Value * 1024 * 1024;
        var interval = (long)c.BufferingHints.IntervalInSeconds!.Value * 1000;
        var prefix = PrefixTemplate.Parse(c.Prefix, "Prefix");
        Destination = new S3Output
        {
            Kind = OutputKind.Destination,
            Bucket = S3Output.BucketOf(c.BucketARN!),
            Prefix = prefix,
            AppendTimePrefix = !prefix.HasTimestamp && !Partitioned,
            SizeBytes = size,
            IntervalMs = interval,
            Compression = c.CompressionFormat!,
            FileExtension = !string.IsNullOrEmpty(c.FileExtension) ? c.FileExtension : converting ? ".parquet" : ObjectCompression.Extension(c.CompressionFormat!),
        };

        var errorPrefix = PrefixTemplate.Parse(c.ErrorOutputPrefix, "ErrorOutputPrefix");
        Errors = new S3Output
        {
            Kind = OutputKind.Errors,
            Bucket = Destination.Bucket,
            Prefix = errorPrefix,
            ErrorFallbackPrefix = prefix.HasExpressions ? "" : c.Prefix,
            AppendTimePrefix = !errorPrefix.HasTimestamp,
            SizeBytes = size,
            IntervalMs = interval,
            Compression = "UNCOMPRESSED",
            FileExtension = "",
        };

        if (c.S3BackupMode == "Enabled" && c.S3BackupConfiguration is { } b)
        {
            var backupPrefix = PrefixTemplate.Parse(b.Prefix, "Prefix");
            Backup = new S3Output
            {
                Kind = OutputKind.Backup,
                Bucket = S3Output.BucketOf(b.BucketARN!),
                Prefix = backupPrefix,
                AppendTimePrefix = !backupPrefix.HasTimestamp,
                SizeBytes = (long)b.BufferingHints!.SizeInMBs!.Value * 1024 * 1024,
                IntervalMs = (long)b.BufferingHints.IntervalInSeconds!.Value * 1000,
                Compression = b.CompressionFormat!,
                FileExtension = ObjectCompression.Extension(b.CompressionFormat!),
            };
        }

        Conversion = converting ? c.DataFormatConversionConfiguration : null;
    }

    public DeliveryStream Stream { get; }
    public TimeZoneInfo Zone { get; }
    public RecordPipeline Pipeline { get; }
    public bool Partitioned { get; }
    public S3Output Destination { get; }
    public S3Output Errors { get; }
    public S3Output? Backup { get; }
    public Aws.Model.Firehose.DataFormatConversionConfiguration? Conversion { get; }

    public IEnumerable<S3Output> Outputs => Backup is null ? [Destination, Errors] : [Destination, Errors, Backup];

    public static DeliveryPlan For(DeliveryStream stream) => new(stream);

    /// <summary>The buffer key of a partition: its keys in order, so equal key sets share a buffer.</summary>
    public static string PartitionKey(IReadOnlyDictionary<string, string>? keys) =>
        keys is null ? "" : string.Join('\u0001', keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value));
}
