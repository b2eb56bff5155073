using System.Text;
using Basin.Aws.Model.S3;
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
public sealed class S3Service : IAwsService, ICrossOriginPolicy, IRequestLog, IAsyncDisposable
{
    private readonly S3Context _context;

    public S3Service(S3Store store, TimeProvider time, TimeSpan lifecycleInterval = default, TimeSpan accessLogInterval = default, ILogger? logger = null)
    {
        _context = new S3Context(store, time);
        Lifecycle = new LifecycleRunner(_context, lifecycleInterval, logger ?? NullLogger.Instance);
        AccessLogs = new AccessLogDelivery(_context, accessLogInterval, logger ?? NullLogger.Instance);
    }

    public AccessLogDelivery AccessLogs { get; }

    public void Completed(AwsRequest request, int status, string? errorCode, long? bytesSent, TimeSpan elapsed) =>
        AccessLogs.Record(request, status, errorCode, bytesSent, elapsed);

    public string Name => "s3";

    public LifecycleRunner Lifecycle { get; }

    public void Register(OperationTable operations)
    {
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
        await AccessLogs.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>What every S3 operation class shares: the store, the clock, and the common checks.</summary>
public sealed class S3Context(S3Store store, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Bucket, string Kind), (string Document, object Value)> _parsed = new();

    public S3Store Store => store;
    public TimeProvider Time => time;

    public BucketRecord RequireBucket(string? name) =>
        name is not null && store.FindBucket(name) is { } bucket ? bucket : throw S3Errors.NoSuchBucket(name ?? string.Empty);

    /// <summary>
    /// The version a read names: the current one, or the one with <paramref name="versionId"/>.
    /// A key hidden by a delete marker is NoSuchKey (with x-amz-delete-marker); a delete marker
    /// named by id is MethodNotAllowed, as S3 answers.
    /// </summary>
    public ObjectRecord ReadableVersion(string bucket, string key, string? versionId)
    {
        if (versionId is null)
        {
            if (store.GetObject(bucket, key) is { } current) return current;
            var error = S3Errors.NoSuchKey(key);
            if (store.LatestDeleteMarker(bucket, key) is { } marker)
            {
                error.Headers["x-amz-delete-marker"] = "true";
                error.Headers["x-amz-version-id"] = marker.VersionLabel;
            }

            throw error;
        }

        var version = store.GetVersion(bucket, key, versionId)
            ?? throw new AwsServiceException("NoSuchVersion", "The specified version does not exist.", 404).With("Key", key).With("VersionId", versionId);
        if (version.IsDeleteMarker)
        {
            var error = new AwsServiceException("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
                .With("Method", "GET").With("ResourceType", "DeleteMarker");
            error.Headers["x-amz-delete-marker"] = "true";
            error.Headers["x-amz-version-id"] = version.VersionLabel;
            error.Headers["Allow"] = "DELETE";
            throw error;
        }

        return version;
    }

    /// <summary>The source of a copy: like a read (archived versions must be restored), except that naming a delete marker is an invalid request.</summary>
    public ObjectRecord CopySourceVersion(string bucket, string key, string? versionId)
    {
        try
        {
            var source = ReadableVersion(bucket, key, versionId);
            ArchiveStorage.RequireReadable(source, Now(), copySource: true);
            return source;
        }
        catch (AwsServiceException e) when (e.Code == "MethodNotAllowed")
        {
            throw S3Errors.InvalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.");
        }
    }

    public const string LifecycleKind = "lifecycle";
    public const string CorsKind = "cors";

    /// <summary>The bucket's lifecycle configuration, parsed once per stored document.</summary>
    public BucketLifecycleConfiguration? Lifecycle(string bucket) => Parsed<BucketLifecycleConfiguration>(bucket, LifecycleKind);

    /// <summary>The bucket's Object Lock configuration (present once Object Lock is enabled).</summary>
    public ObjectLockConfiguration? ObjectLock(string bucket) => Parsed<ObjectLockConfiguration>(bucket, Locking.ObjectLocks.Kind);

    /// <summary>The bucket's server access logging target, when logging is enabled.</summary>
    public LoggingEnabled? Logging(string bucket) => Parsed<LoggingEnabled>(bucket, S3.Logging.AccessLogDelivery.Kind);

    /// <summary>The bucket's CORS configuration, parsed once per stored document.</summary>
    public CORSConfiguration? Cors(string bucket) => Parsed<CORSConfiguration>(bucket, CorsKind);

    /// <summary>A bucket subresource document deserialized, cached until the stored document changes.</summary>
    private T? Parsed<T>(string bucket, string kind)
        where T : class
    {
        var document = store.GetBucketConfig(bucket, kind);
        if (document is null) return null;
        if (_parsed.TryGetValue((bucket, kind), out var cached) && ReferenceEquals(cached.Document, document)) return (T)cached.Value;
        var value = System.Text.Json.JsonSerializer.Deserialize<T>(document)!;
        _parsed[(bucket, kind)] = (document, value);
        return value;
    }

    /// <summary>The x-amz-expiration header for a current version: when a lifecycle rule will expire it.</summary>
    public string? ExpirationOf(ObjectRecord current) => S3.Lifecycle.LifecycleMatching.ExpirationHeader(Lifecycle(current.Bucket), current);

    /// <summary>The x-amz-version-id S3 returns for a version: none in a bucket that was never versioned.</summary>
    public string? VersionIdOf(ObjectRecord record) =>
        record.VersionId is null && store.GetBucketVersioning(record.Bucket) == BucketVersioning.Unversioned ? null : record.VersionLabel;

    public static string RequireKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) throw S3Errors.InvalidArgument("The key must not be empty.", "key", key);
        var size = Encoding.UTF8.GetByteCount(key);
        return size > 1024 ? throw S3Errors.KeyTooLong(size) : key;
    }

    /// <summary>Now, truncated to milliseconds as S3 reports times.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    public static string Quote(string etag) => "\"" + etag + "\"";
}
