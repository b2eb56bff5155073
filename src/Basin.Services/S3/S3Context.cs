using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>What every S3 operation class shares: the store, the clock, and the common checks.</summary>
public sealed class S3Context
{
    private readonly ConcurrentDictionary<(string Bucket, string Kind), (string Document, object Value)> _parsed = new();
    private readonly S3Store _store;
    private readonly TimeProvider _time;

    public S3Context(S3Store store, TimeProvider time, Events.EventBus? events = null)
    {
        _store = store;
        _time = time;
        Encryption = new Encryption.ServerSideEncryption(this);
        Events = new Notifications.EventNotifications(this, events);
    }

    public S3Store Store => _store;
    public TimeProvider Time => _time;

    /// <summary>Server-side encryption of new versions and SSE-C checks of reads.</summary>
    public Encryption.ServerSideEncryption Encryption { get; }

    /// <summary>Reads of Intelligent-Tiering objects, waiting for the next tiering pass.</summary>
    public Tiering.AccessTracker Tracker { get; } = new();

    /// <summary>The bucket's Intelligent-Tiering configurations by Id, if any.</summary>
    public SortedDictionary<string, IntelligentTieringConfiguration>? IntelligentTiering(string bucket) =>
        Parsed<SortedDictionary<string, IntelligentTieringConfiguration>>(bucket, Tiering.TieringConfigurations.Kind);

    /// <summary>S3 event notifications, published on Basin's event bus (none without a bus).</summary>
    public Notifications.EventNotifications Events { get; }

    public BucketRecord RequireBucket(string? name) =>
        name is not null && _store.FindBucket(name) is { } bucket ? bucket : throw S3Errors.NoSuchBucket(name ?? string.Empty);

    /// <summary>
    /// The version a read names: the current one, or the one with <paramref name="versionId"/>.
    /// A key hidden by a delete marker is NoSuchKey (with x-amz-delete-marker); a delete marker
    /// named by id is MethodNotAllowed, as S3 answers.
    /// </summary>
    public ObjectRecord ReadableVersion(string bucket, string key, string? versionId) => Version(bucket, key, versionId, copySource: false);

    /// <summary>
    /// The source of a copy: like a read, except that naming a delete marker is an invalid
    /// request, and an archived source must be restored.
    /// </summary>
    public ObjectRecord CopySourceVersion(string bucket, string key, string? versionId)
    {
        var source = Version(bucket, key, versionId, copySource: true);
        ArchiveStorage.RequireReadable(source, Now(), copySource: true);
        return source;
    }

    private ObjectRecord Version(string bucket, string key, string? versionId, bool copySource)
    {
        if (versionId is null)
        {
            if (_store.GetObject(bucket, key) is { } current) return current;
            var error = S3Errors.NoSuchKey(key);
            if (_store.LatestDeleteMarker(bucket, key) is { } marker)
            {
                error.Headers["x-amz-delete-marker"] = "true";
                error.Headers["x-amz-version-id"] = marker.VersionLabel;
            }

            throw error;
        }

        var version = _store.GetVersion(bucket, key, versionId)
            ?? throw new AwsServiceException("NoSuchVersion", "The specified version does not exist.", 404).With("Key", key).With("VersionId", versionId);
        if (version.IsDeleteMarker && copySource)
        {
            throw S3Errors.InvalidRequest("The source of a copy request may not specifically refer to a delete marker by version id.");
        }

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

    public const string LifecycleKind = "lifecycle";
    public const string CorsKind = "cors";

    /// <summary>The bucket's lifecycle configuration, parsed once per stored document.</summary>
    public BucketLifecycleConfiguration? Lifecycle(string bucket) => Parsed<BucketLifecycleConfiguration>(bucket, LifecycleKind);

    /// <summary>The bucket's Object Lock configuration (present once Object Lock is enabled).</summary>
    public ObjectLockConfiguration? ObjectLock(string bucket) => Parsed<ObjectLockConfiguration>(bucket, Locking.ObjectLocks.Kind);

    /// <summary>The bucket's server access logging target, when logging is enabled.</summary>
    public LoggingEnabled? Logging(string bucket) => Parsed<LoggingEnabled>(bucket, S3.Logging.AccessLogDelivery.Kind);

    /// <summary>The bucket's default encryption configuration (PutBucketEncryption), if one was set.</summary>
    public ServerSideEncryptionConfiguration? BucketEncryption(string bucket) => Parsed<ServerSideEncryptionConfiguration>(bucket, S3.Encryption.ServerSideEncryption.Kind);

    public const string PolicyKind = "policy";
    public const string PublicAccessBlockKind = "public-access-block";
    public const string OwnershipKind = "ownership";
    public const string AclKind = "acl";

    /// <summary>The bucket's ACL grants; null for the default (its owner's FULL_CONTROL).</summary>
    public List<AclGrant>? BucketAcl(string bucket) => Parsed<List<AclGrant>>(bucket, AclKind);

    /// <summary>The bucket policy as stored (exactly the document PutBucketPolicy took), if any.</summary>
    public string? BucketPolicyText(string bucket) => _store.GetBucketConfig(bucket, PolicyKind);

    /// <summary>The bucket policy, parsed once per stored document.</summary>
    public Services.Access.PolicyDocument? BucketPolicy(string bucket) => Parsed(bucket, PolicyKind, text => Services.Access.PolicyDocument.Parse(text, Access.BucketPolicyGrammar.For(bucket)));

    /// <summary>The bucket's own Block Public Access settings (new buckets get all four on, as in S3).</summary>
    public PublicAccessBlockConfiguration? PublicAccessBlock(string bucket) => Parsed<PublicAccessBlockConfiguration>(bucket, PublicAccessBlockKind);

    /// <summary>The account's Block Public Access settings (S3 Control's PutPublicAccessBlock), if it has any.</summary>
    public PublicAccessBlockConfiguration? AccountPublicAccessBlock(string account) =>
        // The cache key cannot collide with a bucket's: bucket names have no spaces.
        Parsed<PublicAccessBlockConfiguration>("account " + account, PublicAccessBlockKind, _store.GetAccountConfig(account, PublicAccessBlockKind));

    /// <summary>The settings in force for a bucket: each one is on when the bucket or its owner's account turns it on.</summary>
    public Access.PublicAccessSettings PublicAccess(BucketRecord bucket) =>
        Access.PublicAccessSettings.Combine(PublicAccessBlock(bucket.Name), AccountPublicAccessBlock(bucket.OwnerAccount));

    /// <summary>The bucket's Object Ownership setting (BucketOwnerEnforced for new buckets, as in S3); null for buckets from before Basin had it.</summary>
    public string? ObjectOwnership(string bucket) => Parsed<OwnershipControls>(bucket, OwnershipKind)?.Rules?.FirstOrDefault()?.ObjectOwnership;

    /// <summary>The bucket's event notification configuration, if one was set.</summary>
    public NotificationConfiguration? Notifications(string bucket) => Parsed<NotificationConfiguration>(bucket, S3.Notifications.EventNotifications.Kind);

    /// <summary>The bucket's CORS configuration, parsed once per stored document.</summary>
    public CORSConfiguration? Cors(string bucket) => Parsed<CORSConfiguration>(bucket, CorsKind);

    /// <summary>A bucket subresource document deserialized, cached until the stored document changes.</summary>
    private T? Parsed<T>(string bucket, string kind, Func<string, T>? parse = null)
        where T : class => Parsed(bucket, kind, _store.GetBucketConfig(bucket, kind), parse);

    /// <summary><paramref name="document"/> deserialized, cached under (owner, kind) until the document changes.</summary>
    private T? Parsed<T>(string owner, string kind, string? document, Func<string, T>? parse = null)
        where T : class
    {
        if (document is null) return null;
        if (_parsed.TryGetValue((owner, kind), out var cached) && ReferenceEquals(cached.Document, document)) return (T)cached.Value;
        var value = parse is null ? JsonSerializer.Deserialize<T>(document)! : parse(document);
        _parsed[(owner, kind)] = (document, value);
        return value;
    }

    /// <summary>The x-amz-expiration header for a current version: when a lifecycle rule will expire it.</summary>
    public string? ExpirationOf(ObjectRecord current) => S3.Lifecycle.LifecycleMatching.ExpirationHeader(Lifecycle(current.Bucket), current);

    /// <summary>The x-amz-version-id S3 returns for a version: none in a bucket that was never versioned.</summary>
    public string? VersionIdOf(ObjectRecord record) =>
        record.VersionId is null && _store.GetBucketVersioning(record.Bucket) == BucketVersioning.Unversioned ? null : record.VersionLabel;

    public static string RequireKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) throw S3Errors.InvalidArgument("The key must not be empty.", "key", key);
        var size = Encoding.UTF8.GetByteCount(key);
        return size > 1024 ? throw S3Errors.KeyTooLong(size) : key;
    }

    /// <summary>Now, truncated to milliseconds as S3 reports times.</summary>
    public DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    public static string Quote(string etag) => "\"" + etag + "\"";
}
