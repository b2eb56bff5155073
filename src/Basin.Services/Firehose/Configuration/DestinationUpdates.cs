using System.Text.Json;
using Basin.Aws.Model.Firehose;

namespace Basin.Services.Firehose.Configuration;

/// <summary>
/// How UpdateDestination's fields merge into a stored destination: a field given replaces the
/// stored one, a field left out keeps its value. Merges work on copies, so an update that then
/// fails validation leaves the stored configuration untouched.
/// </summary>
public static class DestinationUpdates
{
    public static ExtendedS3DestinationConfiguration MergeExtended(ExtendedS3DestinationConfiguration current, ExtendedS3DestinationUpdate u)
    {
        var c = Copy(current);
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
        return c;
    }

    /// <summary>A plain S3 update applied to the S3 part of a stored destination (the rest stays as it is).</summary>
    public static ExtendedS3DestinationConfiguration MergePlain(ExtendedS3DestinationConfiguration current, S3DestinationUpdate u)
    {
        var c = Copy(current);
        var plain = MergeS3(DestinationRules.ToPlainS3(c), u);
        (c.RoleARN, c.BucketARN, c.Prefix, c.ErrorOutputPrefix, c.BufferingHints, c.CompressionFormat, c.EncryptionConfiguration, c.CloudWatchLoggingOptions) =
            (plain.RoleARN, plain.BucketARN, plain.Prefix, plain.ErrorOutputPrefix, plain.BufferingHints, plain.CompressionFormat, plain.EncryptionConfiguration, plain.CloudWatchLoggingOptions);
        return c;
    }

    public static HttpEndpointDestinationConfiguration MergeHttp(HttpEndpointDestinationConfiguration current, HttpEndpointDestinationUpdate u)
    {
        var c = Copy(current);
        if (u.EndpointConfiguration is { } endpoint)
        {
            // The access key is never described, so an update that leaves it out keeps the stored one.
            endpoint.AccessKey ??= c.EndpointConfiguration?.AccessKey;
            c.EndpointConfiguration = endpoint;
        }

        c.BufferingHints = u.BufferingHints is null ? c.BufferingHints : new HttpEndpointBufferingHints
        {
            SizeInMBs = u.BufferingHints.SizeInMBs ?? c.BufferingHints?.SizeInMBs,
            IntervalInSeconds = u.BufferingHints.IntervalInSeconds ?? c.BufferingHints?.IntervalInSeconds,
        };
        c.CloudWatchLoggingOptions = u.CloudWatchLoggingOptions ?? c.CloudWatchLoggingOptions;
        c.RequestConfiguration = u.RequestConfiguration ?? c.RequestConfiguration;
        c.ProcessingConfiguration = u.ProcessingConfiguration ?? c.ProcessingConfiguration;
        c.RoleARN = u.RoleARN ?? c.RoleARN;
        c.RetryOptions = u.RetryOptions ?? c.RetryOptions;
        c.S3BackupMode = u.S3BackupMode ?? c.S3BackupMode;
        c.SecretsManagerConfiguration = u.SecretsManagerConfiguration ?? c.SecretsManagerConfiguration;
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

    private static T Copy<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;
}
