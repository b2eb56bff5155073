namespace Basin.Aws.Protocol.Services;

/// <summary>
/// A service that decides, after authentication and before the input is read, whether the caller
/// may make the request at all (S3 bucket policies, Block Public Access, ACLs). The edge calls it
/// when signatures are enforced (<c>--auth sigv4</c>); it throws AccessDenied to refuse.
/// </summary>
public interface IRequestAuthorizer
{
    void Authorize(AwsRequest request);
}
