using System.Globalization;
using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Firehose.Configuration;
using Basin.Services.Firehose.Delivery;

namespace Basin.Services.Firehose.Api;

/// <summary>
/// UpdateDestination: merges the given fields into the destination (fields left out keep their
/// values), checks the result like a new stream, and bumps the version. The caller must name the
/// current version, so two concurrent updates cannot both win.
/// </summary>
public sealed class DestinationOperations(FirehoseContext firehose, DeliveryEngine engine)
{
    private readonly SemaphoreSlim _updates = new(1, 1);

    public void Register(OperationTable operations) =>
        operations.On<UpdateDestinationInput, UpdateDestinationOutput>("UpdateDestination", UpdateAsync);

    private async Task<UpdateDestinationOutput> UpdateAsync(UpdateDestinationInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);
        if (input.CurrentDeliveryStreamVersionId is null) throw FirehoseErrors.Validation("currentDeliveryStreamVersionId", null, "Member must not be null");
        if (input.DestinationId is null) throw FirehoseErrors.Validation("destinationId", null, "Member must not be null");
        if (input.DestinationId != DeliveryStream.DestinationId)
        {
            throw FirehoseErrors.InvalidArgument($"Destination Id {input.DestinationId} is not found for Firehose {stream.Name}.");
        }

        var others = new object?[]
        {
            input.RedshiftDestinationUpdate, input.ElasticsearchDestinationUpdate, input.AmazonopensearchserviceDestinationUpdate, input.SplunkDestinationUpdate,
            input.HttpEndpointDestinationUpdate, input.AmazonOpenSearchServerlessDestinationUpdate, input.SnowflakeDestinationUpdate, input.IcebergDestinationUpdate,
        };
        if (others.Any(o => o is not null)) throw FirehoseErrors.InvalidArgument("Basin delivers to Amazon S3 only for now: the destination cannot be changed to another type.");
        if (input.S3DestinationUpdate is not null && input.ExtendedS3DestinationUpdate is not null)
        {
            throw FirehoseErrors.InvalidArgument("Only one of S3DestinationUpdate and ExtendedS3DestinationUpdate may be given.");
        }

        DeliveryStream updated;
        await _updates.WaitAsync().ConfigureAwait(false);
        try
        {
            var current = firehose.Find(stream.Arn) ?? throw FirehoseErrors.NotFound(stream.Name, stream.Account);
            var version = current.Version.ToString(CultureInfo.InvariantCulture);
            if (input.CurrentDeliveryStreamVersionId != version)
            {
                throw new AwsServiceException("ConcurrentModificationException",
                    $"Cannot update firehose: {current.Name} since the current version id: {version} and specified version id: {input.CurrentDeliveryStreamVersionId} do not match");
            }

            var destination = Merge(current.Destination, input);
            if (current.Destination.DynamicPartitioningConfiguration?.Enabled != true && destination.DynamicPartitioningConfiguration?.Enabled == true)
            {
                throw FirehoseErrors.InvalidArgument("Dynamic partitioning cannot be enabled on an existing Firehose stream.");
            }

            DestinationRules.Validate(DestinationRules.WithDefaults(destination), "extendedS3DestinationUpdate");
            updated = current with { Destination = destination, Version = current.Version + 1, UpdatedMs = firehose.Now().ToUnixTimeMilliseconds() };
            await firehose.SaveAsync(updated).ConfigureAwait(false);
        }
        finally
        {
            _updates.Release();
        }

        engine.Notify(updated.Arn);
        return new UpdateDestinationOutput();
    }

    private static ExtendedS3DestinationConfiguration Merge(ExtendedS3DestinationConfiguration current, UpdateDestinationInput input)
    {
        // A copy through JSON, so a failed validation leaves the stored configuration untouched.
        var c = System.Text.Json.JsonSerializer.Deserialize<ExtendedS3DestinationConfiguration>(System.Text.Json.JsonSerializer.Serialize(current))!;
        if (input.ExtendedS3DestinationUpdate is { } u)
        {
            c.RoleARN = u.RoleARN ?? c.RoleARN;
            c.BucketARN = u.BucketARN ?? c.BucketARN;
            c.Prefix = u.Prefix ?? c.Prefix;
            c.ErrorOutputPrefix = u.ErrorOutputPrefix ?? c.ErrorOutputPrefix;
            c.BufferingHints = MergeHints(c.BufferingHints, u.BufferingHints);
            c.CompressionFormat = u.CompressionFormat ?? c.CompressionFormat;
            c.EncryptionConfiguration = u.EncryptionConfiguration ?? c.EncryptionConfiguration;
            c.CloudWatchLoggingOptions = u.CloudWatchLoggingOptions ?? c.CloudWatchLoggingOptions;
            c.ProcessingConfiguration = u.ProcessingConfiguration ?? c.ProcessingConfiguration;
            c.S3BackupMode = u.S3BackupMode ?? c.S3BackupMode;
            c.DataFormatConversionConfiguration = u.DataFormatConversionConfiguration ?? c.DataFormatConversionConfiguration;
            c.DynamicPartitioningConfiguration = u.DynamicPartitioningConfiguration ?? c.DynamicPartitioningConfiguration;
            c.FileExtension = u.FileExtension ?? c.FileExtension;
            c.CustomTimeZone = u.CustomTimeZone ?? c.CustomTimeZone;
            if (u.S3BackupUpdate is { } b) c.S3BackupConfiguration = MergeS3(c.S3BackupConfiguration ?? new S3DestinationConfiguration(), b);
        }
        else if (input.S3DestinationUpdate is { } s)
        {
            var plain = MergeS3(new S3DestinationConfiguration
            {
                RoleARN = c.RoleARN,
                BucketARN = c.BucketARN,
                Prefix = c.Prefix,
                ErrorOutputPrefix = c.ErrorOutputPrefix,
                BufferingHints = c.BufferingHints,
                CompressionFormat = c.CompressionFormat,
                EncryptionConfiguration = c.EncryptionConfiguration,
                CloudWatchLoggingOptions = c.CloudWatchLoggingOptions,
            }, s);
            (c.RoleARN, c.BucketARN, c.Prefix, c.ErrorOutputPrefix, c.BufferingHints, c.CompressionFormat, c.EncryptionConfiguration, c.CloudWatchLoggingOptions) =
                (plain.RoleARN, plain.BucketARN, plain.Prefix, plain.ErrorOutputPrefix, plain.BufferingHints, plain.CompressionFormat, plain.EncryptionConfiguration, plain.CloudWatchLoggingOptions);
        }

        return c;
    }

    private static S3DestinationConfiguration MergeS3(S3DestinationConfiguration c, S3DestinationUpdate u) => new()
    {
        RoleARN = u.RoleARN ?? c.RoleARN,
        BucketARN = u.BucketARN ?? c.BucketARN,
        Prefix = u.Prefix ?? c.Prefix,
        ErrorOutputPrefix = u.ErrorOutputPrefix ?? c.ErrorOutputPrefix,
        BufferingHints = MergeHints(c.BufferingHints, u.BufferingHints),
        CompressionFormat = u.CompressionFormat ?? c.CompressionFormat,
        EncryptionConfiguration = u.EncryptionConfiguration ?? c.EncryptionConfiguration,
        CloudWatchLoggingOptions = u.CloudWatchLoggingOptions ?? c.CloudWatchLoggingOptions,
    };

    private static BufferingHints? MergeHints(BufferingHints? current, BufferingHints? update) => update is null ? current : new BufferingHints
    {
        SizeInMBs = update.SizeInMBs ?? current?.SizeInMBs,
        IntervalInSeconds = update.IntervalInSeconds ?? current?.IntervalInSeconds,
    };
}
