using Basin.Aws.Protocol.Services;
using Basin.Services.Glue;
using Basin.Services.Kinesis;
using Basin.Services.S3;
using Basin.Services.Sts;

namespace Basin.Hosting;

/// <summary>The services Basin implements, wired to their stores: one list for the host and the coverage report.</summary>
public static class BasinServices
{
    public static IReadOnlyList<IAwsService> Create(BasinStores stores, BasinOptions options) =>
    [
        new S3Service(stores.S3, options.Time),
        new StsService(),
        new GlueService(stores.Catalog, new S3LakeObjects(stores.S3), options.Time),
        new KinesisService(stores.Kinesis, new KinesisOptions { Time = options.Time, StateTransitionDelay = options.KinesisStateDelay, ThroughputLimits = options.KinesisThroughputLimits, IteratorKey = stores.IteratorKey }),
    ];
}
