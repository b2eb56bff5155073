using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Lifecycle;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/Get/DeleteBucketLifecycleConfiguration. The configuration is checked as S3 checks it and
/// stored as given; <see cref="Lifecycle.LifecycleRunner"/> applies it.
/// </summary>
public sealed class LifecycleOperations(S3Context s3)
{
    private const string DefaultMinimumSize = "all_storage_classes_128K";

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketLifecycleConfigurationRequest, PutBucketLifecycleConfigurationOutput>("PutBucketLifecycleConfiguration", PutAsync);
        operations.On<GetBucketLifecycleConfigurationRequest, GetBucketLifecycleConfigurationOutput>("GetBucketLifecycleConfiguration", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var configuration = s3.Lifecycle(input.Bucket!)
                ?? throw new AwsServiceException("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404).With("BucketName", input.Bucket!);
            return Task.FromResult(new GetBucketLifecycleConfigurationOutput { Rules = configuration.Rules, TransitionDefaultMinimumObjectSize = DefaultMinimumSize });
        });
        operations.On<DeleteBucketLifecycleRequest>("DeleteBucketLifecycle", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.LifecycleKind, null).ConfigureAwait(false);
        });
    }

    private async Task<PutBucketLifecycleConfigurationOutput> PutAsync(PutBucketLifecycleConfigurationRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        if (input.TransitionDefaultMinimumObjectSize is not (null or DefaultMinimumSize or "varies_by_storage_class"))
        {
            throw S3Errors.InvalidArgument("Invalid value for x-amz-transition-default-minimum-object-size.", "x-amz-transition-default-minimum-object-size", input.TransitionDefaultMinimumObjectSize);
        }

        var configuration = input.LifecycleConfiguration ?? throw S3Errors.MissingRequestBody();
        LifecycleRules.Validate(configuration);
        await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.LifecycleKind, JsonSerializer.Serialize(configuration)).ConfigureAwait(false);
        return new PutBucketLifecycleConfigurationOutput { TransitionDefaultMinimumObjectSize = input.TransitionDefaultMinimumObjectSize ?? DefaultMinimumSize };
    }
}
