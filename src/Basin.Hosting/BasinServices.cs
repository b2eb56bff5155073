using Basin.Aws.Protocol.Services;
using Basin.Services.S3;
using Basin.Services.Sts;
using Basin.Storage.S3;

namespace Basin.Hosting;

/// <summary>The services Basin implements, wired to their stores: one list for the host and the coverage report.</summary>
public static class BasinServices
{
    public static IReadOnlyList<IAwsService> Create(S3Store s3, TimeProvider time) =>
        [new S3Service(s3, time), new StsService()];
}
