using System.Collections.Concurrent;
using System.Text;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Services.Background;
using Basin.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Basin.Services.S3.Logging;

/// <summary>
/// Server access logging: requests to a bucket with logging enabled are recorded and, every
/// interval (S3 delivers within hours; Basin's interval is configurable), written as one log
/// object per source bucket into the target bucket, named as the bucket's TargetObjectKeyFormat
/// says: <c>prefix + yyyy-MM-dd-HH-mm-ss-UNIQUE</c>, or partitioned by account, region, bucket and date.
/// </summary>
public sealed partial class AccessLogDelivery : IAsyncDisposable
{
    public const string Kind = "logging";
    private readonly S3Context _s3;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _pending = new(StringComparer.Ordinal);
    private readonly PeriodicWork _schedule;

    public AccessLogDelivery(S3Context s3, TimeSpan interval, ILogger logger)
    {
        _s3 = s3;
        _logger = logger;
        _schedule = new PeriodicWork("S3 access log delivery", interval, FlushAsync, logger);
    }

    /// <summary>Records a request to a bucket that has logging enabled (others are not logged).</summary>
    public void Record(AwsRequest request, int status, string? errorCode, long? bytesSent, TimeSpan elapsed)
    {
        var bucket = request.VirtualHostedBucket ?? request.UriLabels.GetValueOrDefault("Bucket");
        if (bucket is null || _s3.Logging(bucket) is null || _s3.Store.FindBucket(bucket) is not { } source) return;
        var line = AccessLogLine.Format(request, source.OwnerAccount, bucket, _s3.Now(), status, errorCode, bytesSent, elapsed);
        _pending.GetOrAdd(bucket, _ => new ConcurrentQueue<string>()).Enqueue(line);
    }

    /// <summary>Writes every pending record to its target bucket now.</summary>
    public async Task FlushAsync()
    {
        foreach (var (bucket, queue) in _pending)
        {
            var lines = new List<string>();
            while (queue.TryDequeue(out var line)) lines.Add(line);
            if (lines.Count == 0) continue;
            if (_s3.Logging(bucket) is not { TargetBucket: { } target } logging || _s3.Store.FindBucket(bucket) is not { } source) continue;
            var now = _s3.Now();
            var key = Key(logging, source, now);
            var body = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
            try
            {
                using var content = new MemoryStream(body, writable: false);
                await new InternalObjectWriter(_s3).PutAsync(target, key, content, "text/plain", source.OwnerAccount).ConfigureAwait(false);
            }
            catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchBucket)
            {
                LogTargetMissing(_logger, bucket, target);
            }
        }
    }

    private static string Key(LoggingEnabled logging, BucketRecord source, DateTimeOffset now)
    {
        var unique = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture);
        var prefix = logging.TargetPrefix ?? string.Empty;
        return logging.TargetObjectKeyFormat?.PartitionedPrefix is not null
            ? $"{prefix}{source.OwnerAccount}/{source.Region}/{source.Name}/{now.UtcDateTime:yyyy}/{now.UtcDateTime:MM}/{now.UtcDateTime:dd}/{stamp}-{unique}"
            : $"{prefix}{stamp}-{unique}";
    }

    public async ValueTask DisposeAsync()
    {
        await _schedule.DisposeAsync().ConfigureAwait(false);

        // What was recorded before the stop is still delivered.
        await FlushAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 access logs of {Bucket}: target bucket {Target} does not exist; the records are dropped.")]
    private static partial void LogTargetMissing(ILogger logger, string bucket, string target);
}
