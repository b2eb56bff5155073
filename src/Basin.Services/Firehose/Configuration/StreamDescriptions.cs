using Basin.Aws.Model.Firehose;

namespace Basin.Services.Firehose.Configuration;

/// <summary>DescribeDeliveryStream's view of a stored stream.</summary>
public static class StreamDescriptions
{
    public static DeliveryStreamDescription Describe(DeliveryStream stream, string status) => new()
    {
        DeliveryStreamName = stream.Name,
        DeliveryStreamARN = stream.Arn,
        DeliveryStreamStatus = status,
        DeliveryStreamType = stream.Type,
        VersionId = stream.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CreateTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(stream.CreatedMs),
        LastUpdateTimestamp = stream.UpdatedMs is { } updated ? DateTimeOffset.FromUnixTimeMilliseconds(updated) : null,
        DeliveryStreamEncryptionConfiguration = new DeliveryStreamEncryptionConfiguration
        {
            Status = stream.Encryption.Status,
            KeyType = stream.Encryption.KeyType,
            KeyARN = stream.Encryption.KeyArn,
        },
        Source = stream.Kinesis is { } kinesis
            ? new SourceDescription
            {
                KinesisStreamSourceDescription = new KinesisStreamSourceDescription
                {
                    KinesisStreamARN = kinesis.StreamArn,
                    RoleARN = kinesis.RoleArn,
                    DeliveryStartTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(kinesis.StartMs),
                },
            }
            : stream.ThroughputHintInMBs is { } hint ? new SourceDescription { DirectPutSourceDescription = new DirectPutSourceDescription { ThroughputHintInMBs = hint } } : null,
        Destinations = [Destination(stream)],
        HasMoreDestinations = false,
    };

    private static DestinationDescription Destination(DeliveryStream stream)
    {
        var c = stream.Destination;
        if (stream.HttpEndpoint is { } http)
        {
            return new DestinationDescription
            {
                DestinationId = DeliveryStream.DestinationId,
                HttpEndpointDestinationDescription = new HttpEndpointDestinationDescription
                {
                    // The access key is a secret: AWS never returns it.
                    EndpointConfiguration = new HttpEndpointDescription { Url = http.EndpointConfiguration!.Url, Name = http.EndpointConfiguration.Name },
                    BufferingHints = http.BufferingHints,
                    CloudWatchLoggingOptions = http.CloudWatchLoggingOptions,
                    RequestConfiguration = http.RequestConfiguration,
                    ProcessingConfiguration = http.ProcessingConfiguration ?? new ProcessingConfiguration { Enabled = false, Processors = [] },
                    RoleARN = http.RoleARN,
                    RetryOptions = http.RetryOptions,
                    S3BackupMode = http.S3BackupMode,
                    S3DestinationDescription = S3(c.RoleARN, c.BucketARN, c.Prefix, c.ErrorOutputPrefix, c.BufferingHints, c.CompressionFormat, c.EncryptionConfiguration, c.CloudWatchLoggingOptions),
                    SecretsManagerConfiguration = http.SecretsManagerConfiguration,
                },
            };
        }

        return new DestinationDescription
        {
            DestinationId = DeliveryStream.DestinationId,
            S3DestinationDescription = S3(c.RoleARN, c.BucketARN, c.Prefix, c.ErrorOutputPrefix, c.BufferingHints, c.CompressionFormat, c.EncryptionConfiguration, c.CloudWatchLoggingOptions),
            ExtendedS3DestinationDescription = stream.PlainS3 ? null : new ExtendedS3DestinationDescription
            {
                RoleARN = c.RoleARN,
                BucketARN = c.BucketARN,
                Prefix = c.Prefix,
                ErrorOutputPrefix = c.ErrorOutputPrefix,
                BufferingHints = c.BufferingHints,
                CompressionFormat = c.CompressionFormat,
                EncryptionConfiguration = c.EncryptionConfiguration,
                CloudWatchLoggingOptions = c.CloudWatchLoggingOptions,
                ProcessingConfiguration = c.ProcessingConfiguration ?? new ProcessingConfiguration { Enabled = false, Processors = [] },
                S3BackupMode = c.S3BackupMode,
                S3BackupDescription = c.S3BackupConfiguration is { } b
                    ? S3(b.RoleARN, b.BucketARN, b.Prefix, b.ErrorOutputPrefix, b.BufferingHints, b.CompressionFormat, b.EncryptionConfiguration, b.CloudWatchLoggingOptions)
                    : null,
                DataFormatConversionConfiguration = c.DataFormatConversionConfiguration,
                DynamicPartitioningConfiguration = c.DynamicPartitioningConfiguration,
                FileExtension = c.FileExtension,
                CustomTimeZone = c.CustomTimeZone,
            },
        };
    }

    private static S3DestinationDescription S3(string? role, string? bucket, string? prefix, string? errorPrefix, BufferingHints? hints, string? compression,
        EncryptionConfiguration? encryption, CloudWatchLoggingOptions? logging) => new()
        {
            RoleARN = role,
            BucketARN = bucket,
            Prefix = prefix,
            ErrorOutputPrefix = errorPrefix,
            BufferingHints = hints,
            CompressionFormat = compression,
            EncryptionConfiguration = encryption,
            CloudWatchLoggingOptions = logging,
        };
}
