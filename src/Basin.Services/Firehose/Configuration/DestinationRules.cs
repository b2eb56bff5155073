using System.Text.RegularExpressions;
using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose.Processing;

namespace Basin.Services.Firehose.Configuration;

/// <summary>
/// Fills in an S3 destination's defaults and checks it as Firehose does when a stream is created
/// or updated: field constraints, the prefix rules of
/// https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html, and the extra rules of dynamic
/// partitioning and record format conversion (64 MiB minimum buffers, a required error prefix,
/// UNCOMPRESSED output with conversion).
/// </summary>
public static partial class DestinationRules
{
    public const int DefaultSizeInMBs = 5;
    public const int DefaultIntervalInSeconds = 300;
    private const int MinimumPartitionedSizeInMBs = 64;
    private static readonly string[] Compressions = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];

    public static ExtendedS3DestinationConfiguration FromPlainS3(S3DestinationConfiguration s3) => new()
    {
        RoleARN = s3.RoleARN,
        BucketARN = s3.BucketARN,
        Prefix = s3.Prefix,
        ErrorOutputPrefix = s3.ErrorOutputPrefix,
        BufferingHints = s3.BufferingHints,
        CompressionFormat = s3.CompressionFormat,
        EncryptionConfiguration = s3.EncryptionConfiguration,
        CloudWatchLoggingOptions = s3.CloudWatchLoggingOptions,
    };

    /// <summary>The plain S3 part of an extended configuration (an HTTP endpoint stream's S3 configuration is stored this way).</summary>
    public static S3DestinationConfiguration ToPlainS3(ExtendedS3DestinationConfiguration c) => new()
    {
        RoleARN = c.RoleARN,
        BucketARN = c.BucketARN,
        Prefix = c.Prefix,
        ErrorOutputPrefix = c.ErrorOutputPrefix,
        BufferingHints = c.BufferingHints,
        CompressionFormat = c.CompressionFormat,
        EncryptionConfiguration = c.EncryptionConfiguration,
        CloudWatchLoggingOptions = c.CloudWatchLoggingOptions,
    };

    /// <summary>AWS's defaults for what the caller left out (5 MiB / 300 s, UNCOMPRESSED, no encryption, backup disabled).</summary>
    public static ExtendedS3DestinationConfiguration WithDefaults(ExtendedS3DestinationConfiguration c)
    {
        c.BufferingHints ??= new BufferingHints();
        c.BufferingHints.SizeInMBs ??= DefaultSizeInMBs;
        c.BufferingHints.IntervalInSeconds ??= DefaultIntervalInSeconds;
        c.CompressionFormat ??= "UNCOMPRESSED";
        c.EncryptionConfiguration ??= new EncryptionConfiguration { NoEncryptionConfig = "NoEncryption" };
        c.CloudWatchLoggingOptions ??= new CloudWatchLoggingOptions { Enabled = false };
        c.S3BackupMode ??= "Disabled";
        if (c.S3BackupConfiguration is { } backup)
        {
            backup.BufferingHints ??= new BufferingHints();
            backup.BufferingHints.SizeInMBs ??= DefaultSizeInMBs;
            backup.BufferingHints.IntervalInSeconds ??= DefaultIntervalInSeconds;
            backup.CompressionFormat ??= "UNCOMPRESSED";
            backup.EncryptionConfiguration ??= new EncryptionConfiguration { NoEncryptionConfig = "NoEncryption" };
        }

        return c;
    }

    public static void Validate(ExtendedS3DestinationConfiguration c, string field)
    {
        ValidateS3(c.RoleARN, c.BucketARN, c.BufferingHints, c.CompressionFormat, c.EncryptionConfiguration, field);
        var partitioning = c.DynamicPartitioningConfiguration?.Enabled == true;
        var conversion = c.DataFormatConversionConfiguration is { } dfc && dfc.Enabled != false;
        ValidatePrefixes(c.Prefix, c.ErrorOutputPrefix, partitioning, field);
        ProcessorRules.Validate(c.ProcessingConfiguration, partitioning);
        if (partitioning) ValidatePartitioning(c);
        if (conversion) FormatConversionRules.Validate(c.DataFormatConversionConfiguration!, c.CompressionFormat);
        if ((partitioning || conversion) && c.BufferingHints!.SizeInMBs < MinimumPartitionedSizeInMBs)
        {
            throw FirehoseErrors.InvalidArgument($"BufferingHints.SizeInMBs must be at least {MinimumPartitionedSizeInMBs} when {(partitioning ? "dynamic partitioning" : "data format conversion")} is enabled.");
        }

        if (c.S3BackupMode is not ("Disabled" or "Enabled")) throw FirehoseErrors.Validation($"{field}.s3BackupMode", c.S3BackupMode, "Member must satisfy enum value set: [Disabled, Enabled]");
        if (c.S3BackupMode == "Enabled")
        {
            if (c.S3BackupConfiguration is not { } backup) throw FirehoseErrors.InvalidArgument("S3BackupConfiguration is required when S3BackupMode is Enabled.");
            ValidateS3(backup.RoleARN, backup.BucketARN, backup.BufferingHints, backup.CompressionFormat, backup.EncryptionConfiguration, $"{field}.s3BackupConfiguration");
            ValidatePrefixes(backup.Prefix, backup.ErrorOutputPrefix, partitioning: false, $"{field}.s3BackupConfiguration");
        }

        if (!string.IsNullOrEmpty(c.CustomTimeZone)) TimeZoneOf(c.CustomTimeZone);
        if (!string.IsNullOrEmpty(c.FileExtension) && !FileExtensionPattern().IsMatch(c.FileExtension))
        {
            throw FirehoseErrors.Validation($"{field}.fileExtension", c.FileExtension, "Member must satisfy regular expression pattern: ^$|\\.[0-9a-z!\\-_.*'()]+");
        }
    }

    /// <summary>The time zone prefixes and object names are evaluated in (UTC unless CustomTimeZone says otherwise).</summary>
    public static TimeZoneInfo TimeZoneOf(string? customTimeZone)
    {
        if (string.IsNullOrEmpty(customTimeZone)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(customTimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw FirehoseErrors.InvalidArgument($"CustomTimeZone {customTimeZone} is not a supported time zone.");
        }
    }

    private static void ValidateS3(string? role, string? bucket, BufferingHints? hints, string? compression, EncryptionConfiguration? encryption, string field)
    {
        if (string.IsNullOrEmpty(role)) throw FirehoseErrors.Validation($"{field}.roleARN", role, "Member must not be null");
        ValidateRole(role, field);
        if (string.IsNullOrEmpty(bucket)) throw FirehoseErrors.Validation($"{field}.bucketARN", bucket, "Member must not be null");
        if (!BucketPattern().IsMatch(bucket)) throw FirehoseErrors.Validation($"{field}.bucketARN", bucket, "Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}");
        if (hints?.SizeInMBs is < 1 or > 128) throw FirehoseErrors.Validation($"{field}.bufferingHints.sizeInMBs", hints.SizeInMBs, "Member must have value between 1 and 128");
        if (hints?.IntervalInSeconds is < 0 or > 900) throw FirehoseErrors.Validation($"{field}.bufferingHints.intervalInSeconds", hints.IntervalInSeconds, "Member must have value between 0 and 900");
        if (compression is not null && !Compressions.Contains(compression))
        {
            throw FirehoseErrors.Validation($"{field}.compressionFormat", compression, "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY]");
        }

        if (encryption is { NoEncryptionConfig: not null, KMSEncryptionConfig: not null })
        {
            throw FirehoseErrors.InvalidArgument("EncryptionConfiguration can have either NoEncryptionConfig or KMSEncryptionConfig, not both.");
        }

        if (encryption?.NoEncryptionConfig is { } none && none != "NoEncryption")
        {
            throw FirehoseErrors.Validation($"{field}.encryptionConfiguration.noEncryptionConfig", none, "Member must satisfy enum value set: [NoEncryption]");
        }
    }

    /// <summary>Checks a RoleARN's form (Basin does not assume roles, but a malformed ARN is refused as AWS refuses it).</summary>
    public static void ValidateRole(string role, string field)
    {
        if (!RolePattern().IsMatch(role)) throw FirehoseErrors.Validation($"{field}.roleARN", role, "Member must satisfy regular expression pattern: arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");
    }

    private static void ValidatePrefixes(string? prefix, string? errorPrefix, bool partitioning, string field)
    {
        var main = PrefixTemplate.Parse(prefix, "Prefix");
        var error = PrefixTemplate.Parse(errorPrefix, "ErrorOutputPrefix");
        if (main.HasErrorOutputType) throw FirehoseErrors.InvalidArgument("The !{firehose:error-output-type} expression can only be used in ErrorOutputPrefix, not Prefix.");
        if (error.PartitionKeys("partitionKeyFromQuery").Any() || error.PartitionKeys("partitionKeyFromLambda").Any())
        {
            throw FirehoseErrors.InvalidArgument("ErrorOutputPrefix cannot use the partitionKeyFromQuery or partitionKeyFromLambda namespaces.");
        }

        if (main.HasExpressions && string.IsNullOrEmpty(errorPrefix))
        {
            throw FirehoseErrors.InvalidArgument($"ErrorOutputPrefix cannot be null or empty when Prefix contains expressions ({field}).");
        }

        if (error.HasExpressions && !error.HasErrorOutputType)
        {
            throw FirehoseErrors.InvalidArgument("ErrorOutputPrefix contains expressions, so it must include !{firehose:error-output-type}.");
        }

        if (main.PartitionKeys("partitionKeyFromLambda").Any())
        {
            throw FirehoseErrors.InvalidArgument("partitionKeyFromLambda needs a Lambda processor, and Basin's Lambda service is not available yet.");
        }

        if (!partitioning && main.PartitionKeys("partitionKeyFromQuery").Any())
        {
            throw FirehoseErrors.InvalidArgument("The partitionKeyFromQuery namespace can only be used when dynamic partitioning is enabled.");
        }
    }

    private static void ValidatePartitioning(ExtendedS3DestinationConfiguration c)
    {
        if (string.IsNullOrEmpty(c.ErrorOutputPrefix)) throw FirehoseErrors.InvalidArgument("ErrorOutputPrefix is required when dynamic partitioning is enabled.");
        if (c.BufferingHints!.IntervalInSeconds == 0) throw FirehoseErrors.InvalidArgument("Zero buffering (IntervalInSeconds 0) is not available with dynamic partitioning.");
        var keys = PrefixTemplate.Parse(c.Prefix, "Prefix").PartitionKeys("partitionKeyFromQuery").ToList();
        if (keys.Count == 0) throw FirehoseErrors.InvalidArgument("When dynamic partitioning is enabled, Prefix must contain at least one !{partitionKeyFromQuery:...} expression.");
        if (c.ProcessingConfiguration is not { Enabled: true } || c.ProcessingConfiguration.Processors?.Any(p => p.Type == "MetadataExtraction") != true)
        {
            throw FirehoseErrors.InvalidArgument("Prefix uses partitionKeyFromQuery, so ProcessingConfiguration needs an enabled MetadataExtraction processor.");
        }

        if (ProcessorRules.QueryKeys(c.ProcessingConfiguration) is { } defined && keys.FirstOrDefault(k => !defined.Contains(k)) is { } missing)
        {
            throw FirehoseErrors.InvalidArgument($"Prefix uses partition key '{missing}', which the MetadataExtractionQuery does not define.");
        }
    }

    [GeneratedRegex(@"^arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^arn:.*:s3:::[\w\.\-]{1,255}$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^\.[0-9a-z!\-_.*'()]+$")]
    private static partial Regex FileExtensionPattern();
}
