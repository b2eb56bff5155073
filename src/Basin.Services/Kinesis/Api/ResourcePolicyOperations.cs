using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Access;

namespace Basin.Services.Kinesis.Api;

/// <summary>
/// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: resource policies on streams and
/// consumers, which grant other accounts access (<see cref="StreamAccess"/> enforces them).
/// </summary>
public sealed class ResourcePolicyOperations(KinesisContext kinesis)
{
    private const int MaxArnLength = 2048;

    public void Register(OperationTable operations)
    {
        operations.On<PutResourcePolicyInput>("PutResourcePolicy", async (input, request) =>
        {
            var arn = OwnedResource(request, input.ResourceARN);
            var text = input.Policy ?? throw KinesisErrors.Validation("policy", null, "Member must not be null");
            PolicyDocument.Parse(text, StreamAccess.Grammar(arn));
            await kinesis.Store.SetResourcePolicyAsync(arn, text).ConfigureAwait(false);
        });
        operations.On<GetResourcePolicyInput, GetResourcePolicyOutput>("GetResourcePolicy", (input, request) =>
        {
            var arn = OwnedResource(request, input.ResourceARN);

            // A resource without a policy answers an empty document, not an error.
            return Task.FromResult(new GetResourcePolicyOutput { Policy = kinesis.Store.ResourcePolicy(arn) ?? "{}" });
        });
        operations.On<DeleteResourcePolicyInput>("DeleteResourcePolicy", async (input, request) =>
        {
            var arn = OwnedResource(request, input.ResourceARN);
            if (kinesis.Store.ResourcePolicy(arn) is null)
            {
                throw new AwsServiceException("ResourceNotFoundException", $"No resource policy found for resource ARN {arn}.");
            }

            await kinesis.Store.SetResourcePolicyAsync(arn, null).ConfigureAwait(false);
        });
    }

    /// <summary>The stream or consumer an ARN names, which must belong to the caller's account and exist.</summary>
    private string OwnedResource(AwsRequest request, string? arn)
    {
        if (arn is null) throw KinesisErrors.Validation("resourceARN", null, "Member must not be null");
        var parts = arn.Split(':');
        if (arn.Length > MaxArnLength || parts.Length < 6 || parts[0] != "arn" || !parts[1].StartsWith("aws", StringComparison.Ordinal) || parts[2] != "kinesis"
            || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit) || !parts[5].StartsWith("stream/", StringComparison.Ordinal))
        {
            throw KinesisErrors.Validation("resourceARN", arn, "Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+");
        }

        // Ownership first, as AWS does: another account learns nothing about what exists.
        var owner = parts[4];
        kinesis.Access.RequireOwner(request, owner, arn);
        if (arn.Contains("/consumer/", StringComparison.Ordinal))
        {
            if (kinesis.Store.FindConsumer(arn) is null) throw new AwsServiceException("ResourceNotFoundException", $"Consumer {arn} not found.");
        }
        else if (kinesis.Store.Find(arn) is null)
        {
            throw KinesisErrors.StreamNotFound(parts[5]["stream/".Length..], owner);
        }

        return arn;
    }
}
