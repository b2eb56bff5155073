using Basin.Aws.Model.Sts;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Sts;

/// <summary>AWS STS: who the signed caller is. The identity comes from the access key (see RequestAuthenticator).</summary>
public sealed class StsService : IAwsService
{
    public string Name => "sts";

    public void Register(OperationTable operations) =>
        operations.On<GetCallerIdentityRequest, GetCallerIdentityResponse>("GetCallerIdentity", (_, request) =>
            Task.FromResult(new GetCallerIdentityResponse
            {
                Account = request.Caller.AccountId,
                Arn = request.Caller.Arn,
                UserId = request.Caller.UserId,
            }));
}
