using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Firehose.Api;

/// <summary>
/// StartDeliveryStreamEncryption and StopDeliveryStreamEncryption: server-side encryption of
/// the records a DirectPut stream holds before delivery. While it is on, PutRecord(Batch) seal
/// each record with AES-256-GCM under a Basin-managed key (see RecordSealer) before it reaches disk.
/// </summary>
public sealed class EncryptionOperations(FirehoseContext firehose)
{
    /// <summary>The vault key standing for the AWS-owned CMK.</summary>
    public const string AwsOwnedKeyId = "alias/aws/firehose";

    public void Register(OperationTable operations)
    {
        operations.On<StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput>("StartDeliveryStreamEncryption", async (input, request) =>
        {
            var stream = firehose.Resolve(request, input.DeliveryStreamName);
            var encryption = Enabled(stream.Type, input.DeliveryStreamEncryptionConfigurationInput ?? new DeliveryStreamEncryptionConfigurationInput { KeyType = "AWS_OWNED_CMK" });
            await firehose.SaveAsync(stream with { Encryption = encryption }).ConfigureAwait(false);
            return new StartDeliveryStreamEncryptionOutput();
        });
        operations.On<StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput>("StopDeliveryStreamEncryption", async (input, request) =>
        {
            var stream = firehose.Resolve(request, input.DeliveryStreamName);
            RequireDirectPut(stream.Type);
            await firehose.SaveAsync(stream with { Encryption = StreamEncryption.Disabled }).ConfigureAwait(false);
            return new StopDeliveryStreamEncryptionOutput();
        });
    }

    /// <summary>The encryption a stream gets from a configuration input, checked as AWS checks it.</summary>
    public static StreamEncryption Enabled(string streamType, DeliveryStreamEncryptionConfigurationInput input)
    {
        RequireDirectPut(streamType);
        switch (input.KeyType)
        {
            case "AWS_OWNED_CMK":
                if (input.KeyARN is not null) throw FirehoseErrors.InvalidArgument("KeyARN must not be specified when KeyType is AWS_OWNED_CMK.");
                return new StreamEncryption("ENABLED", "AWS_OWNED_CMK", null);
            case "CUSTOMER_MANAGED_CMK":
                if (string.IsNullOrEmpty(input.KeyARN) || !input.KeyARN.StartsWith("arn:", StringComparison.Ordinal))
                    throw FirehoseErrors.InvalidArgument("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.");
                return new StreamEncryption("ENABLED", "CUSTOMER_MANAGED_CMK", input.KeyARN);
            default:
                throw FirehoseErrors.Validation("deliveryStreamEncryptionConfigurationInput.keyType", input.KeyType, "Member must satisfy enum value set: [AWS_OWNED_CMK, CUSTOMER_MANAGED_CMK]");
        }
    }

    /// <summary>The vault key sealing a stream's buffered records, or null when encryption is off.</summary>
    public static string? KeyId(DeliveryStream stream) => stream.Encryption.Enabled ? stream.Encryption.KeyArn ?? AwsOwnedKeyId : null;

    private static void RequireDirectPut(string streamType)
    {
        if (streamType != DeliveryStream.DirectPut)
        {
            throw FirehoseErrors.InvalidArgument($"Server-side encryption is not supported for {streamType} delivery streams: the source stream's own encryption applies.");
        }
    }
}
