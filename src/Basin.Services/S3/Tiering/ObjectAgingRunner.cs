using System.Text.Json.Nodes;
using Basin.Services.Background;
using Basin.Services.S3.Notifications;
using Basin.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Basin.Services.S3.Tiering;

/// <summary>
/// A periodic pass, on the lifecycle interval and the injected clock, over object state that
/// changes with time and reads.
/// <list type="bullet">
/// <item>Reads noted by the <see cref="AccessTracker"/> are written to the versions and bring an
/// object in a lower tier back to Frequent Access.</item>
/// <item>Unread Intelligent-Tiering objects move down their access tiers (<see cref="AccessTiers"/>);
/// moves into the archive tiers are announced as IntelligentTiering events.</item>
/// <item>Finished restores are announced (ObjectRestore:Completed), and so are expired restored
/// copies (ObjectRestore:Delete). A finished restore of an Intelligent-Tiering object returns it to
/// Frequent Access.</item>
/// </list>
/// </summary>
public sealed class ObjectAgingRunner : IAsyncDisposable
{
    private readonly S3Context _s3;
    private readonly PeriodicWork _schedule;
    private DateTimeOffset _lastPass;

    public ObjectAgingRunner(S3Context s3, TimeSpan interval, ILogger logger)
    {
        _s3 = s3;
        _lastPass = s3.Time.GetUtcNow();
        _schedule = new PeriodicWork("S3 tiering and restore pass", interval, RunOnceAsync, logger);
    }

    public async Task RunOnceAsync()
    {
        var now = _s3.Time.GetUtcNow();
        await RecordReadsAsync().ConfigureAwait(false);
        var configurations = new Dictionary<string, List<Aws.Model.S3.IntelligentTieringConfiguration>>(StringComparer.Ordinal);
        foreach (var version in _s3.Store.AgingVersions())
        {
            if (!configurations.TryGetValue(version.Bucket, out var bucketConfigurations))
            {
                bucketConfigurations = configurations[version.Bucket] = _s3.IntelligentTiering(version.Bucket)?.Values.ToList() ?? [];
            }

            await AgeAsync(version, bucketConfigurations, now).ConfigureAwait(false);
        }

        _lastPass = now;
    }

    private async Task RecordReadsAsync()
    {
        foreach (var ((bucket, key, versionId), at) in _s3.Tracker.Drain())
        {
            var version = versionId is null ? _s3.Store.GetObject(bucket, key) : _s3.Store.GetVersion(bucket, key, versionId);
            if (version is null || AccessTiers.IsArchived(version)) continue;
            await _s3.Store.UpdateVersionAsync(version, v => v with { LastAccessed = at, AccessTier = null }).ConfigureAwait(false);
        }
    }

    private async Task AgeAsync(ObjectRecord version, List<Aws.Model.S3.IntelligentTieringConfiguration> configurations, DateTimeOffset now)
    {
        if (version.Restore is { } restore)
        {
            var justFinished = restore.ReadyAt > _lastPass && restore.ReadyAt <= now;
            if (AccessTiers.IsArchived(version) && restore.ReadyAt <= now)
            {
                // A restored Intelligent-Tiering object is back in Frequent Access for good.
                var restored = await _s3.Store.UpdateVersionAsync(version, v => v with { AccessTier = null, Restore = null, LastAccessed = restore.ReadyAt }).ConfigureAwait(false) ?? version;
                if (justFinished) _s3.Events.Publish(S3EventKind.RestoreCompleted, restored, request: null, RestoreData(restored, restore));
                return;
            }

            if (justFinished) _s3.Events.Publish(S3EventKind.RestoreCompleted, version, request: null, RestoreData(version, restore));
            else if (restore.ExpiresAt > _lastPass && restore.ExpiresAt <= now) _s3.Events.Publish(S3EventKind.RestoreDelete, version, request: null);
        }

        var due = AccessTiers.Due(version, configurations, now);
        if (due == version.AccessTier) return;
        if (await _s3.Store.UpdateVersionAsync(version, v => v with { AccessTier = due }).ConfigureAwait(false) is { } moved && due is AccessTiers.ArchiveAccess or AccessTiers.DeepArchiveAccess)
        {
            var data = new JsonObject { ["intelligentTieringEventData"] = new JsonObject { ["destinationAccessTier"] = due } };
            _s3.Events.Publish(S3EventKind.IntelligentTiering, moved, request: null, data);
        }
    }

    private static JsonObject RestoreData(ObjectRecord version, RestoreState restore)
    {
        var data = new JsonObject { ["lifecycleRestoreStorageClass"] = version.StorageClass };
        if (restore.ExpiresAt != DateTimeOffset.MaxValue) data["lifecycleRestorationExpiryTime"] = restore.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject { ["glacierEventData"] = new JsonObject { ["restoreEventData"] = data } };
    }

    public ValueTask DisposeAsync() => _schedule.DisposeAsync();
}
