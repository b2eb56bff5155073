using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Services;
using Basin.Services.Athena;
using Basin.Services.Events;
using Basin.Services.Firehose;
using Basin.Services.Glue;
using Basin.Services.Kinesis;
using Basin.Services.S3;
using Basin.Services.Sts;
using Basin.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basin.Hosting;

/// <summary>The services Basin implements, wired to their stores: one list for the host and the coverage report.</summary>
public static class BasinServices
{
    public static IReadOnlyList<IAwsService> Create(BasinStores stores, BasinOptions options, EventBus events, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var s3 = new S3Context(stores.S3, options.Time, events);
        var lake = new S3LakeObjects(s3);
        var sql = SqlEngineFor(stores, lake);

        // The host disposes services in this order: Firehose (which converts with the SQL
        // engine) stops its workers before Athena disposes the engine.
        return
        [
            new S3Service(s3, options.LifecycleInterval, options.AccessLogInterval, loggers.CreateLogger<S3Service>(), sql),
            new Basin.Services.S3.Control.S3ControlService(s3),
            new StsService(),
            new GlueService(stores.Catalog, lake, options.Time),
            new KinesisService(stores.Kinesis, new KinesisOptions { Time = options.Time, StateTransitionDelay = options.KinesisStateDelay, ThroughputLimits = options.KinesisThroughputLimits, EnforceAccess = options.Auth == AuthMode.SigV4, IteratorKey = stores.IteratorKey }),
            new FirehoseService(stores.Firehose, lake, new KinesisReader(stores.Kinesis), sql, stores.Catalog, new FirehoseOptions { Time = options.Time, ThroughputLimits = options.FirehoseThroughputLimits }, loggers.CreateLogger<FirehoseService>()),
            new AthenaService(stores.Catalog, lake, sql, options.Time),
        ];
    }

    /// <summary>The SQL engine may read the lake's object files and spill to its own temp folder, nothing else.</summary>
    private static SqlEngine SqlEngineFor(BasinStores stores, S3LakeObjects lake) => new(new SqlEngineOptions
    {
        AllowedDirectories = [lake.FilesRoot],
        TempDirectory = Path.Combine(stores.DataDir, "sql", "tmp"),
    });
}
