using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Logging;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/GetBucketLogging: an empty BucketLoggingStatus turns logging off; a LoggingEnabled names a
/// target bucket of the same owner and region (<see cref="AccessLogDelivery"/> writes the logs there).
/// </summary>
public sealed class LoggingOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<PutBucketLoggingRequest>("PutBucketLogging", PutAsync);
        operations.On<GetBucketLoggingRequest, GetBucketLoggingOutput>("GetBucketLogging", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            return Task.FromResult(new GetBucketLoggingOutput { LoggingEnabled = s3.Logging(input.Bucket!) });
        });
    }

    private async Task PutAsync(PutBucketLoggingRequest input, AwsRequest request)
    {
        var source = s3.RequireBucket(input.Bucket);
        var status = input.BucketLoggingStatus ?? throw S3Errors.MissingRequestBody();
        if (status.LoggingEnabled is { } logging)
        {
            if (string.IsNullOrEmpty(logging.TargetBucket) || logging.TargetPrefix is null) throw S3Errors.MalformedXml();
            var target = s3.Store.FindBucket(logging.TargetBucket)
                ?? throw new AwsServiceException("InvalidTargetBucketForLogging", "The target bucket for logging does not exist").With("TargetBucket", logging.TargetBucket);
            if (target.OwnerAccount != source.OwnerAccount)
            {
                throw new AwsServiceException("InvalidTargetBucketForLogging", "The owner for the bucket to be logged and the target bucket must be the same.").With("TargetBucket", logging.TargetBucket);
            }

            if (target.Region != source.Region)
            {
                throw new AwsServiceException("CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed.", 403)
                    .With("TargetBucketLocation", target.Region).With("SourceBucketLocation", source.Region);
            }

            if (logging.TargetObjectKeyFormat is { SimplePrefix: not null, PartitionedPrefix: not null }) throw S3Errors.MalformedXml();
            if (logging.TargetObjectKeyFormat?.PartitionedPrefix is { PartitionDateSource: { } source2 } && source2 is not ("EventTime" or "DeliveryTime")) throw S3Errors.MalformedXml();
        }

        await s3.Store.PutBucketConfigAsync(input.Bucket!, AccessLogDelivery.Kind, status.LoggingEnabled is null ? null : JsonSerializer.Serialize(status.LoggingEnabled)).ConfigureAwait(false);
    }
}
