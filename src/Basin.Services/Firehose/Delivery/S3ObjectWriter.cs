using Basin.Services.Lake;
using Microsoft.Extensions.Logging;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Writes a buffer as one S3 object: error records as JSON lines, destination records converted
/// to Parquet when the plan converts, otherwise concatenated and compressed. A missing bucket
/// keeps the buffer for a retry; records that do not convert come back as failed.
/// </summary>
public sealed partial class S3ObjectWriter(DeliveryDependencies dependencies, TimeSpan retryDelay)
{
    public async Task<DeliveryResult> WriteAsync(DeliveryPlan plan, S3Output output, DeliveryBuffer buffer, long now)
    {
        var key = ObjectNames.Key(output, buffer, plan.Stream.Name, plan.Stream.Version, plan.Zone, Guid.NewGuid());
        IReadOnlyList<BufferedRecord> delivered = buffer.Records;
        IReadOnlyList<BufferedRecord> failed = [];
        byte[]? body;
        if (output.Kind == OutputKind.Errors)
        {
            body = ObjectCompression.Compress(output.Compression, ErrorRecords.Lines(buffer.Records, now), Path.GetFileNameWithoutExtension(key));
        }
        else if (output.Kind == OutputKind.Destination && plan.Conversion is { } conversion)
        {
            var result = dependencies.Parquet.Convert(conversion, plan.Stream.Account, buffer.Records);
            (body, delivered, failed) = (result.Parquet, result.Converted, result.Failed);
        }
        else
        {
            body = ObjectCompression.Compress(output.Compression, Concatenate(buffer), Path.GetFileNameWithoutExtension(key));
        }

        if (body is not null)
        {
            try
            {
                using var content = new MemoryStream(body, writable: false);
                await dependencies.Lake.PutAsync(output.Bucket, key, content, null, plan.Stream.Account, output.KmsKeyArn).ConfigureAwait(false);
            }
            catch (LakeBucketMissingException)
            {
                LogBucketMissing(dependencies.Logger, plan.Stream.Arn, output.Bucket);
                return DeliveryResult.Retry(now + (long)retryDelay.TotalMilliseconds);
            }
            catch (Aws.Protocol.AwsServiceException e)
            {
                // S3 refused the write (a KMS key it cannot use): Firehose keeps the records and retries.
                LogPutRefused(dependencies.Logger, plan.Stream.Arn, output.Bucket, e.Code, e.Message);
                return DeliveryResult.Retry(now + (long)retryDelay.TotalMilliseconds);
            }
        }

        return new DeliveryResult(delivered, failed);
    }

    private static byte[] Concatenate(DeliveryBuffer buffer)
    {
        var plain = new byte[buffer.Bytes];
        var at = 0;
        foreach (var record in buffer.Records)
        {
            record.Data.CopyTo(plain, at);
            at += record.Data.Length;
        }

        return plain;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose {Arn}: bucket {Bucket} does not exist; the records stay buffered and delivery is retried.")]
    private static partial void LogBucketMissing(ILogger logger, string arn, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose {Arn}: S3 refused the object for bucket {Bucket} ({Code}: {Reason}); the records stay buffered and delivery is retried.")]
    private static partial void LogPutRefused(ILogger logger, string arn, string bucket, string code, string reason);
}
