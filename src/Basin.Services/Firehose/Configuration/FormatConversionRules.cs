using Basin.Aws.Model.Firehose;

namespace Basin.Services.Firehose.Configuration;

/// <summary>Checks a DataFormatConversionConfiguration: JSON in (OpenX or Hive SerDe), Parquet out, a Glue table for the schema.</summary>
public static class FormatConversionRules
{
    private static readonly string[] ParquetCompressions = ["UNCOMPRESSED", "GZIP", "SNAPPY"];

    public static void Validate(DataFormatConversionConfiguration c, string? compressionFormat)
    {
        if (compressionFormat is not (null or "UNCOMPRESSED"))
        {
            throw FirehoseErrors.InvalidArgument("CompressionFormat must be UNCOMPRESSED when data format conversion is enabled; set the compression in the ParquetSerDe instead.");
        }

        var deserializer = c.InputFormatConfiguration?.Deserializer;
        if (deserializer is null || (deserializer.OpenXJsonSerDe is null) == (deserializer.HiveJsonSerDe is null))
        {
            throw FirehoseErrors.InvalidArgument("InputFormatConfiguration.Deserializer must have exactly one of OpenXJsonSerDe or HiveJsonSerDe.");
        }

        var serializer = c.OutputFormatConfiguration?.Serializer;
        if (serializer?.OrcSerDe is not null)
        {
            throw FirehoseErrors.InvalidArgument("Basin converts records to Parquet only: OrcSerDe is not supported, use ParquetSerDe.");
        }

        if (serializer?.ParquetSerDe is not { } parquet) throw FirehoseErrors.InvalidArgument("OutputFormatConfiguration.Serializer must have ParquetSerDe.");
        if (parquet.Compression is { } compression && !ParquetCompressions.Contains(compression))
        {
            throw FirehoseErrors.Validation("parquetSerDe.compression", compression, "Member must satisfy enum value set: [UNCOMPRESSED, GZIP, SNAPPY]");
        }

        if (parquet.WriterVersion is { } version && version is not ("V1" or "V2"))
        {
            throw FirehoseErrors.Validation("parquetSerDe.writerVersion", version, "Member must satisfy enum value set: [V1, V2]");
        }

        var schema = c.SchemaConfiguration;
        if (string.IsNullOrEmpty(schema?.DatabaseName) || string.IsNullOrEmpty(schema.TableName) || string.IsNullOrEmpty(schema.RoleARN))
        {
            throw FirehoseErrors.InvalidArgument("SchemaConfiguration needs DatabaseName, TableName and RoleARN for data format conversion.");
        }
    }
}
