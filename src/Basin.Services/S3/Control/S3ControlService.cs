using System.Text.Json;
using Basin.Aws.Model.S3control;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.S3.Control;

/// <summary>
/// Amazon S3 Control, the account-level S3 API: Put/Get/DeletePublicAccessBlock, whose settings
/// every bucket the account owns obeys together with its own (<see cref="Access.PublicAccessSettings"/>).
/// The account is the <c>x-amz-account-id</c> header; under <c>--auth sigv4</c> only identities of
/// that account may use it. The rest of S3 Control (access points, batch jobs, Storage Lens ...)
/// answers NotImplemented.
/// </summary>
public sealed class S3ControlService(S3Context s3) : IAwsService, IRequestAuthorizer
{
    public string Name => "s3control";

    public void Authorize(AwsRequest request)
    {
        var account = request.Http.Request.Headers["x-amz-account-id"].ToString();
        if (request.Caller.IsAnonymous || request.Caller.AccountId != account) throw new AwsServiceException("AccessDenied", "Access Denied", 403);
    }

    public void Register(OperationTable operations)
    {
        operations.On<PutPublicAccessBlockRequest>("PutPublicAccessBlock", async (input, _) =>
        {
            var block = input.PublicAccessBlockConfiguration ?? throw S3Errors.MissingRequestBody();
            await s3.Store.PutAccountConfigAsync(RequireAccount(input.AccountId), S3Context.PublicAccessBlockKind, JsonSerializer.Serialize(ToBucketForm(block))).ConfigureAwait(false);
        });
        operations.On<GetPublicAccessBlockRequest, GetPublicAccessBlockOutput>("GetPublicAccessBlock", (input, _) =>
        {
            var block = s3.AccountPublicAccessBlock(RequireAccount(input.AccountId))
                ?? throw new AwsServiceException("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404).With("AccountId", input.AccountId!);
            return Task.FromResult(new GetPublicAccessBlockOutput
            {
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                {
                    BlockPublicAcls = block.BlockPublicAcls ?? false,
                    IgnorePublicAcls = block.IgnorePublicAcls ?? false,
                    BlockPublicPolicy = block.BlockPublicPolicy ?? false,
                    RestrictPublicBuckets = block.RestrictPublicBuckets ?? false,
                },
            });
        });

        // Deleting answers 204 whether or not there was a configuration, as S3 Control does.
        operations.On<DeletePublicAccessBlockRequest>("DeletePublicAccessBlock", async (input, request) =>
        {
            await s3.Store.PutAccountConfigAsync(RequireAccount(input.AccountId), S3Context.PublicAccessBlockKind, null).ConfigureAwait(false);
            request.StatusCode = 204;
        });
    }

    /// <summary>S3 Control's account ids are twelve digits.</summary>
    private static string RequireAccount(string? account) =>
        account is { Length: 12 } && account.All(char.IsAsciiDigit)
            ? account
            : throw new AwsServiceException("InvalidRequest", "The account id must be 12 digits.").With("AccountId", account ?? string.Empty);

    /// <summary>Stored as S3's bucket-level shape, which the access checks read for both levels.</summary>
    private static Aws.Model.S3.PublicAccessBlockConfiguration ToBucketForm(PublicAccessBlockConfiguration block) => new()
    {
        BlockPublicAcls = block.BlockPublicAcls,
        IgnorePublicAcls = block.IgnorePublicAcls,
        BlockPublicPolicy = block.BlockPublicPolicy,
        RestrictPublicBuckets = block.RestrictPublicBuckets,
    };
}
