using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Access;
using Basin.Services.S3.Access;

namespace Basin.Services.S3.Api;

/// <summary>
/// The bucket's access settings, which <see cref="BucketAccess"/> enforces under <c>--auth sigv4</c>.
/// <list type="bullet">
/// <item>Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus. The policy is checked as S3 checks
/// it (<c>MalformedPolicy</c>), and a public policy is refused while BlockPublicPolicy is on.</item>
/// <item>Put/Get/DeletePublicAccessBlock.</item>
/// <item>Put/Get/DeleteBucketOwnershipControls.</item>
/// </list>
/// </summary>
public sealed class AccessOperations(S3Context s3)
{
    private static readonly string[] Ownerships = ["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"];

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketPolicyRequest>("PutBucketPolicy", PutPolicyAsync);
        operations.On<GetBucketPolicyRequest, GetBucketPolicyOutput>("GetBucketPolicy", (input, _) =>
            Task.FromResult(new GetBucketPolicyOutput { Policy = s3.BucketPolicyText(s3.RequireBucket(input.Bucket).Name) ?? throw NoPolicy(input.Bucket!) }));
        operations.On<GetBucketPolicyStatusRequest, GetBucketPolicyStatusOutput>("GetBucketPolicyStatus", (input, _) =>
        {
            var policy = s3.BucketPolicy(s3.RequireBucket(input.Bucket).Name) ?? throw NoPolicy(input.Bucket!);
            return Task.FromResult(new GetBucketPolicyStatusOutput { PolicyStatus = new PolicyStatus { IsPublic = PolicyMatching.IsPublic(policy) } });
        });
        operations.On<DeleteBucketPolicyRequest>("DeleteBucketPolicy", (input, request) => RemoveAsync(input.Bucket, S3Context.PolicyKind, request));

        operations.On<PutPublicAccessBlockRequest>("PutPublicAccessBlock", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var block = input.PublicAccessBlockConfiguration ?? throw S3Errors.MissingRequestBody();
            await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.PublicAccessBlockKind, JsonSerializer.Serialize(block)).ConfigureAwait(false);
        });
        operations.On<GetPublicAccessBlockRequest, GetPublicAccessBlockOutput>("GetPublicAccessBlock", (input, _) =>
            Task.FromResult(new GetPublicAccessBlockOutput
            {
                PublicAccessBlockConfiguration = s3.PublicAccessBlock(s3.RequireBucket(input.Bucket).Name)
                    ?? throw new AwsServiceException("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404).With("BucketName", input.Bucket!),
            }));
        operations.On<DeletePublicAccessBlockRequest>("DeletePublicAccessBlock", (input, request) => RemoveAsync(input.Bucket, S3Context.PublicAccessBlockKind, request));

        operations.On<PutBucketOwnershipControlsRequest>("PutBucketOwnershipControls", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var controls = input.OwnershipControls ?? throw S3Errors.MissingRequestBody();
            if (controls.Rules is not [{ ObjectOwnership: { } ownership }] || !Ownerships.Contains(ownership)) throw S3Errors.MalformedXml();
            await s3.Store.PutBucketConfigAsync(input.Bucket!, S3Context.OwnershipKind, JsonSerializer.Serialize(controls)).ConfigureAwait(false);
        });
        operations.On<GetBucketOwnershipControlsRequest, GetBucketOwnershipControlsOutput>("GetBucketOwnershipControls", (input, _) =>
        {
            var ownership = s3.ObjectOwnership(s3.RequireBucket(input.Bucket).Name)
                ?? throw new AwsServiceException("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404).With("BucketName", input.Bucket!);
            return Task.FromResult(new GetBucketOwnershipControlsOutput { OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ownership }] } });
        });
        operations.On<DeleteBucketOwnershipControlsRequest>("DeleteBucketOwnershipControls", (input, request) => RemoveAsync(input.Bucket, S3Context.OwnershipKind, request));
    }

    private async Task PutPolicyAsync(PutBucketPolicyRequest input, AwsRequest request)
    {
        var bucket = s3.RequireBucket(input.Bucket);
        var text = input.Policy ?? throw S3Errors.MissingRequestBody();
        var policy = PolicyDocument.Parse(text, BucketPolicyGrammar.For(bucket.Name));
        if (PolicyMatching.IsPublic(policy) && s3.PublicAccess(bucket).BlockPublicPolicy)
        {
            throw new AwsServiceException("AccessDenied", $"User: {request.Caller.Arn} is not authorized to perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::{bucket.Name}\" because public policies are blocked by the BlockPublicPolicy block public access setting.", 403);
        }

        await s3.Store.PutBucketConfigAsync(bucket.Name, S3Context.PolicyKind, text).ConfigureAwait(false);
        request.StatusCode = 204;
    }

    private async Task RemoveAsync(string? bucket, string kind, AwsRequest request)
    {
        s3.RequireBucket(bucket);
        await s3.Store.PutBucketConfigAsync(bucket!, kind, null).ConfigureAwait(false);
        request.StatusCode = 204;
    }

    private static AwsServiceException NoPolicy(string bucket) =>
        new AwsServiceException("NoSuchBucketPolicy", "The bucket policy does not exist", 404).With("BucketName", bucket);
}
