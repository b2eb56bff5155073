using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Notifications;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/GetBucketNotificationConfiguration: checked and stored. Basin has no SNS, SQS or Lambda
/// yet, so destinations are not contacted and no events are sent; the configuration is kept for
/// when those services arrive.
/// </summary>
public sealed class NotificationOperations(S3Context s3)
{
    private const string Kind = "notification";

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketNotificationConfigurationRequest>("PutBucketNotificationConfiguration", PutAsync);
        operations.On<GetBucketNotificationConfigurationRequest, NotificationConfiguration>("GetBucketNotificationConfiguration", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var document = s3.Store.GetBucketConfig(input.Bucket!, Kind);
            return Task.FromResult(document is null ? new NotificationConfiguration() : JsonSerializer.Deserialize<NotificationConfiguration>(document)!);
        });
    }

    private async Task PutAsync(PutBucketNotificationConfigurationRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var configuration = input.NotificationConfiguration ?? throw S3Errors.MissingRequestBody();
        var events = request.Service.Shapes.TryGetValue("Event", out var shape) && shape.Enum is { } names ? names : [];
        NotificationRules.Validate(configuration, events);
        var empty = configuration.TopicConfigurations is not { Count: > 0 } && configuration.QueueConfigurations is not { Count: > 0 }
            && configuration.LambdaFunctionConfigurations is not { Count: > 0 } && configuration.EventBridgeConfiguration is null;
        await s3.Store.PutBucketConfigAsync(input.Bucket!, Kind, empty ? null : JsonSerializer.Serialize(configuration)).ConfigureAwait(false);
    }
}
