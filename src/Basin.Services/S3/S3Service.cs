using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Api;
using Basin.Services.S3.Lifecycle;
using Basin.Services.S3.Logging;
using Basin.Storage.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basin.Services.S3;

/// <summary>
/// Amazon S3 over Basin's object store. Operations live in Api/, one class per resource; the
/// lifecycle runner applies bucket lifecycle rules every <c>lifecycleInterval</c> (zero: never on
/// its own; tests call <see cref="LifecycleRunner.RunOnceAsync"/>).
/// </summary>
public sealed class S3Service : IAwsService, ICrossOriginPolicy, IRequestLog, IRequestAuthorizer, IAsyncDisposable
{
    private readonly S3Context _context;

    private readonly Sql.SqlEngine? _sql;
    private readonly Access.BucketAccess _access;

    public S3Service(S3Store store, TimeProvider time, TimeSpan lifecycleInterval = default, TimeSpan accessLogInterval = default, ILogger? logger = null)
        : this(new S3Context(store, time), lifecycleInterval, accessLogInterval, logger, sql: null)
    {
    }

    /// <summary>S3 over a context the host shares with the lake view (<see cref="S3LakeObjects"/>).</summary>
    public S3Service(S3Context context, TimeSpan lifecycleInterval, TimeSpan accessLogInterval, ILogger? logger, Sql.SqlEngine? sql)
    {
        _context = context;
        _access = new Access.BucketAccess(context);
        _sql = sql;
        Lifecycle = new LifecycleRunner(_context, lifecycleInterval, logger ?? NullLogger.Instance);
        Aging = new Tiering.ObjectAgingRunner(_context, lifecycleInterval, logger ?? NullLogger.Instance);
        AccessLogs = new AccessLogDelivery(_context, accessLogInterval, logger ?? NullLogger.Instance);
    }

    public AccessLogDelivery AccessLogs { get; }

    public void Completed(AwsRequest request, int status, string? errorCode, long? bytesSent, TimeSpan elapsed) =>
        AccessLogs.Record(request, status, errorCode, bytesSent, elapsed);

    public string Name => "s3";

    public void Authorize(AwsRequest request) => _access.Authorize(request);

    public LifecycleRunner Lifecycle { get; }

    /// <summary>Intelligent-Tiering moves and restore completion events, on the lifecycle interval.</summary>
    public Tiering.ObjectAgingRunner Aging { get; }

    public void Register(OperationTable operations)
    {
        operations.BeforeEach(UploadIntegrity.VerifyDocument);
        new BucketOperations(_context).Register(operations);
        new ObjectReadOperations(_context).Register(operations);
        new ObjectWriteOperations(_context).Register(operations);
        new ListOperations(_context).Register(operations);
        new MultipartOperations(_context).Register(operations);
        new TaggingOperations(_context).Register(operations);
        new VersioningOperations(_context).Register(operations);
        new LifecycleOperations(_context).Register(operations);
        new RestoreOperations(_context).Register(operations);
        new AttributesOperations(_context).Register(operations);
        new CorsOperations(_context).Register(operations);
        new ObjectLockOperations(_context).Register(operations);
        new LoggingOperations(_context).Register(operations);
        new NotificationOperations(_context).Register(operations);
        new EncryptionOperations(_context).Register(operations);
        new SelectOperations(_context, _sql).Register(operations);
        new AccessOperations(_context).Register(operations);
        new AclOperations(_context).Register(operations);
        new IntelligentTieringOperations(_context).Register(operations);
    }

    public IReadOnlyDictionary<string, string>? Preflight(string resource, string origin, string method, IReadOnlyList<string> requestHeaders) =>
        _context.Cors(resource) is { } cors && Cors.CorsRules.Match(cors, origin, method, requestHeaders) is { } rule
            ? Cors.CorsRules.Headers(rule, origin, requestHeaders, preflight: true)
            : null;

    public IReadOnlyDictionary<string, string>? ForRequest(string resource, string origin, string method) =>
        _context.Cors(resource) is { } cors && Cors.CorsRules.Match(cors, origin, method, []) is { } rule
            ? Cors.CorsRules.Headers(rule, origin, [], preflight: false)
            : null;

    public async ValueTask DisposeAsync()
    {
        await Lifecycle.DisposeAsync().ConfigureAwait(false);
        await Aging.DisposeAsync().ConfigureAwait(false);
        await AccessLogs.DisposeAsync().ConfigureAwait(false);
    }
}
