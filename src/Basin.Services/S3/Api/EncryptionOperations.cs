using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Encryption;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/Get/DeleteBucketEncryption: the bucket's default encryption, which every new object that
/// names none gets (<see cref="ServerSideEncryption"/>), and the encryption types it blocks (SSE-C).
/// A bucket never configured answers ServerSideEncryptionConfigurationNotFoundError, and its
/// objects are stored in plaintext (docs/services/s3.md explains why Basin keeps that default).
/// </summary>
public sealed class EncryptionOperations(S3Context s3)
{
    private static readonly string[] Algorithms = ["AES256", "aws:kms", "aws:kms:dsse"];
    private static readonly string[] EncryptionTypes = ["NONE", "SSE-C"];

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketEncryptionRequest>("PutBucketEncryption", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var configuration = input.ServerSideEncryptionConfiguration ?? throw S3Errors.MissingRequestBody();
            Validate(configuration);
            await s3.Store.PutBucketConfigAsync(input.Bucket!, ServerSideEncryption.Kind, JsonSerializer.Serialize(configuration)).ConfigureAwait(false);
        });
        operations.On<GetBucketEncryptionRequest, GetBucketEncryptionOutput>("GetBucketEncryption", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var configuration = s3.BucketEncryption(input.Bucket!)
                ?? throw new AwsServiceException("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found", 404).With("BucketName", input.Bucket!);
            return Task.FromResult(new GetBucketEncryptionOutput { ServerSideEncryptionConfiguration = configuration });
        });
        operations.On<DeleteBucketEncryptionRequest>("DeleteBucketEncryption", async (input, request) =>
        {
            s3.RequireBucket(input.Bucket);
            await s3.Store.PutBucketConfigAsync(input.Bucket!, ServerSideEncryption.Kind, null).ConfigureAwait(false);
            request.StatusCode = 204;
        });
    }

    /// <summary>One rule; an algorithm S3 knows; a KMS key only with aws:kms; blocked types NONE or SSE-C.</summary>
    private static void Validate(ServerSideEncryptionConfiguration configuration)
    {
        if (configuration.Rules is not [var rule]) throw S3Errors.MalformedXml();
        if (rule.ApplyServerSideEncryptionByDefault is { } byDefault)
        {
            if (byDefault.SSEAlgorithm is null) throw S3Errors.MalformedXml();
            if (!Algorithms.Contains(byDefault.SSEAlgorithm))
            {
                throw S3Errors.InvalidArgument("The encryption method specified is not supported", "ApplyServerSideEncryptionByDefault", byDefault.SSEAlgorithm);
            }

            if (byDefault.KMSMasterKeyID is not null && byDefault.SSEAlgorithm == "AES256")
            {
                throw S3Errors.InvalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", null);
            }
        }

        if (rule.BlockedEncryptionTypes?.EncryptionType is { } types && (types.Count == 0 || types.Any(t => !EncryptionTypes.Contains(t))))
        {
            throw S3Errors.MalformedXml();
        }
    }
}
