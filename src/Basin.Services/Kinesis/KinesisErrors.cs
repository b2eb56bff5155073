using Basin.Aws.Protocol;

namespace Basin.Services.Kinesis;

/// <summary>Kinesis Data Streams' errors, with the messages AWS uses.</summary>
public static class KinesisErrors
{
    public static AwsServiceException StreamNotFound(string name, string account) =>
        new("ResourceNotFoundException", $"Stream {name} under account {account} not found.");

    public static AwsServiceException StreamExists(string name, string account) =>
        new("ResourceInUseException", $"Stream {name} under account {account} already exists.");

    public static AwsServiceException ShardNotFound(string shardId, string name, string account) =>
        new("ResourceNotFoundException", $"Shard {shardId} in stream {name} under account {account} does not exist");

    public static AwsServiceException InvalidArgument(string message) => new("InvalidArgumentException", message);

    /// <summary>AWS's model-constraint message: "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...".</summary>
    public static AwsServiceException Validation(string field, object? value, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");
}
