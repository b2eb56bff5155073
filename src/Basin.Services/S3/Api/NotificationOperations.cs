using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Notifications;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/GetBucketNotificationConfiguration: checked and stored; <see cref="EventNotifications"/>
/// publishes the events it names on Basin's event bus. Basin has no SNS, SQS or Lambda yet, so
/// destinations are not contacted (S3 checks they exist) and nothing delivers the events.
/// </summary>
public sealed class NotificationOperations(S3Context s3)
{
    private const string Kind = EventNotifications.Kind;

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketNotificationConfigurationRequest>("PutBucketNotificationConfiguration", PutAsync);
        operations.On<GetBucketNotificationConfigurationRequest, NotificationConfiguration>("GetBucketNotificationConfiguration", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            return Task.FromResult(s3.Notifications(input.Bucket!) ?? new NotificationConfiguration());
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
