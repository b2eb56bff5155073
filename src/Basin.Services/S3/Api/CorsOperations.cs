using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Cors;

namespace Basin.Services.S3.Api;

/// <summary>Put/Get/DeleteBucketCors; the rules are applied at the edge through <see cref="ICrossOriginPolicy"/>.</summary>
public sealed class CorsOperations(S3Context s3)
{
    public void Register(OperationTable operations)
    {
        operations.On<PutBucketCorsRequest>("PutBucketCors", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            CorsRules.Validate(input.CORSConfiguration ?? throw S3Errors.MissingRequestBody());
            await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.CorsKind, JsonSerializer.Serialize(input.CORSConfiguration)).ConfigureAwait(false);
        });
        operations.On<GetBucketCorsRequest, GetBucketCorsOutput>("GetBucketCors", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var configuration = s3.Cors(input.Bucket!)
                ?? throw new AwsServiceException("NoSuchCORSConfiguration", "The CORS configuration does not exist", 404).With("BucketName", input.Bucket!);
            return Task.FromResult(new GetBucketCorsOutput { CORSRules = configuration.CORSRules });
        });
        operations.On<DeleteBucketCorsRequest>("DeleteBucketCors", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.CorsKind, null).ConfigureAwait(false);
        });
    }
}
