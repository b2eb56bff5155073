using Basin.Aws.Protocol;

namespace Basin.Services.Firehose;

/// <summary>Firehose's errors, with the messages AWS uses where known.</summary>
public static class FirehoseErrors
{
    public static AwsServiceException NotFound(string name, string account) =>
        new("ResourceNotFoundException", $"Firehose {name} under account {account} not found.");

    public static AwsServiceException InUse(string name, string account) =>
        new("ResourceInUseException", $"Firehose {name} under accountId {account} already exists");

    public static AwsServiceException InvalidArgument(string message) => new("InvalidArgumentException", message);

    /// <summary>Over the stream's throughput quota (only with limits on): a server fault, so SDKs retry it.</summary>
    public static AwsServiceException SlowDown() => new("ServiceUnavailableException", "Slow down.", 503, senderFault: false);

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    /// <summary>AWS's model-constraint message: "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...".</summary>
    public static AwsServiceException Validation(string field, object? value, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");
}
