using System.Text.Json.Nodes;
using Basin.Aws.Model.S3;
using Basin.Services.Background;
using Basin.Services.S3.Notifications;
using Basin.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Basin.Services.S3.Lifecycle;

/// <summary>
/// Applies every bucket's lifecycle rules on a schedule (S3 evaluates once a day; Basin's interval
/// is configurable, and the clock is the injected TimeProvider): current versions expire (a delete
/// marker in a versioned bucket) or move to colder storage classes, noncurrent versions expire or
/// transition by how long they have been noncurrent (keeping NewerNoncurrentVersions), a delete
/// marker left alone is removed with ExpiredObjectDeleteMarker, and stale multipart uploads are
/// aborted.
/// </summary>
public sealed class LifecycleRunner : IAsyncDisposable
{
    private const int Page = 1000;
    private readonly S3Context _s3;
    private readonly PeriodicWork _schedule;

    public LifecycleRunner(S3Context s3, TimeSpan interval, ILogger logger)
    {
        _s3 = s3;
        _schedule = new PeriodicWork("S3 lifecycle pass", interval, RunOnceAsync, logger);
    }

    /// <summary>One pass over every bucket with a lifecycle configuration, at the clock's now.</summary>
    public async Task RunOnceAsync()
    {
        var now = _s3.Time.GetUtcNow();
        foreach (var (bucket, _) in _s3.Store.BucketConfigs(S3Context.LifecycleKind))
        {
            if (_s3.Lifecycle(bucket) is not { Rules: { } rules }) continue;
            var enabled = rules.Where(r => r.Status == "Enabled").ToList();
            await ApplyToCurrentVersionsAsync(bucket, enabled, now).ConfigureAwait(false);
            if (_s3.Store.GetBucketVersioning(bucket) != BucketVersioning.Unversioned) await ApplyToVersionsAsync(bucket, enabled, now).ConfigureAwait(false);
            await AbortStaleUploadsAsync(bucket, enabled, now).ConfigureAwait(false);
        }
    }

    private async Task ApplyToCurrentVersionsAsync(string bucket, List<LifecycleRule> rules, DateTimeOffset now)
    {
        var relevant = rules.Where(r => r.Expiration is { Days: not null } or { Date: not null } || r.Transitions is { Count: > 0 }).ToList();
        if (relevant.Count == 0) return;
        foreach (var current in _s3.Store.CurrentVersions(bucket))
        {
            var matching = relevant.Where(r => LifecycleMatching.Matches(r, current)).ToList();
            if (matching.Any(r => Expired(r.Expiration, current, now)))
            {
                var result = await _s3.Store.DeleteObjectAsync(bucket, current.Key, now, current.OwnerAccount).ConfigureAwait(false);
                var kind = result.DeleteMarker ? S3EventKind.LifecycleDeleteMarkerCreated : S3EventKind.LifecycleDelete;
                _s3.Events.Publish(kind, bucket, current.Key, result.VersionId, content: null, request: null);
                continue;
            }

            var target = ColdestDue(matching.SelectMany(r => r.Transitions ?? []).Where(t => (t.Date ?? LifecycleMatching.DaysAfter(current.LastModified, t.Days ?? 0)) <= now).Select(t => t.StorageClass!), current.StorageClass);
            if (target is not null) await TransitionAsync(current, target).ConfigureAwait(false);
        }
    }

    private async Task ApplyToVersionsAsync(string bucket, List<LifecycleRule> rules, DateTimeOffset now)
    {
        if (!rules.Any(r => r.NoncurrentVersionExpiration is not null || r.NoncurrentVersionTransitions is { Count: > 0 } || r.Expiration?.ExpiredObjectDeleteMarker == true)) return;
        string? keyMarker = null, versionMarker = null;
        var key = new List<ObjectRecord>();
        while (true)
        {
            var page = _s3.Store.ListVersions(bucket, string.Empty, keyMarker, versionMarker, delimiter: null, Page);
            foreach (var entry in page)
            {
                if (key.Count > 0 && key[0].Key != entry.Key)
                {
                    await ApplyToKeyAsync(key, rules, now).ConfigureAwait(false);
                    key = [];
                }

                key.Add(entry.Version!);
            }

            if (page.Count < Page) break;
            (keyMarker, versionMarker) = (page[^1].Key, page[^1].Version!.VersionLabel);
        }

        if (key.Count > 0) await ApplyToKeyAsync(key, rules, now).ConfigureAwait(false);
    }

    /// <summary>One key's versions, newest first: a version is noncurrent from the moment the next newer one was written.</summary>
    private async Task ApplyToKeyAsync(List<ObjectRecord> versions, List<LifecycleRule> rules, DateTimeOffset now)
    {
        var remaining = new List<ObjectRecord> { versions[0] };
        for (var i = 1; i < versions.Count; i++)
        {
            var version = versions[i];
            var noncurrentSince = versions[i - 1].LastModified;
            var newer = remaining.Count - 1; // noncurrent versions newer than this one that are kept
            var matching = rules.Where(r => LifecycleMatching.Matches(r, version)).ToList();
            var expire = matching.Any(r => r.NoncurrentVersionExpiration is { NoncurrentDays: { } days } e
                && LifecycleMatching.DaysAfter(noncurrentSince, days) <= now && newer >= (e.NewerNoncurrentVersions ?? 0));
            // Object Lock outranks lifecycle: a protected version stays until its retention ends.
            if (expire && !Locking.ObjectLocks.IsProtected(version, bypassGovernance: false, now))
            {
                await ExpireVersionAsync(version).ConfigureAwait(false);
                continue;
            }

            remaining.Add(version);
            if (version.IsDeleteMarker) continue;
            var due = matching.SelectMany(r => r.NoncurrentVersionTransitions ?? [])
                .Where(t => LifecycleMatching.DaysAfter(noncurrentSince, t.NoncurrentDays ?? 0) <= now && newer >= (t.NewerNoncurrentVersions ?? 0))
                .Select(t => t.StorageClass!);
            if (ColdestDue(due, version.StorageClass) is { } target) await TransitionAsync(version, target).ConfigureAwait(false);
        }

        // A delete marker with no versions left behind it hides nothing: ExpiredObjectDeleteMarker removes it.
        if (remaining is [{ IsDeleteMarker: true } marker]
            && rules.Any(r => r.Expiration?.ExpiredObjectDeleteMarker == true && marker.Key.StartsWith(LifecycleMatching.Prefix(r), StringComparison.Ordinal)))
        {
            await ExpireVersionAsync(marker).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a version (or delete marker) for good: LifecycleExpiration:Delete.</summary>
    private async Task ExpireVersionAsync(ObjectRecord version)
    {
        await _s3.Store.DeleteVersionAsync(version.Bucket, version.Key, version.VersionLabel).ConfigureAwait(false);
        _s3.Events.Publish(S3EventKind.LifecycleDelete, version.Bucket, version.Key, version.VersionLabel, content: null, request: null);
    }

    /// <summary>Moves a version to a colder class (an archived copy's restore ends with it): LifecycleTransition.</summary>
    private async Task TransitionAsync(ObjectRecord version, string storageClass)
    {
        if (await _s3.Store.UpdateVersionAsync(version, v => v with { StorageClass = storageClass, Restore = null }).ConfigureAwait(false) is not { } moved) return;
        var transition = new JsonObject { ["lifecycleEventData"] = new JsonObject { ["transitionEventData"] = new JsonObject { ["destinationStorageClass"] = storageClass } } };
        _s3.Events.Publish(S3EventKind.LifecycleTransition, moved, request: null, transition);
    }

    private async Task AbortStaleUploadsAsync(string bucket, List<LifecycleRule> rules, DateTimeOffset now)
    {
        foreach (var rule in rules.Where(r => r.AbortIncompleteMultipartUpload is { DaysAfterInitiation: not null }))
        {
            foreach (var upload in _s3.Store.ListUploads(bucket, LifecycleMatching.Prefix(rule)))
            {
                if (LifecycleMatching.DaysAfter(upload.Initiated, rule.AbortIncompleteMultipartUpload!.DaysAfterInitiation!.Value) > now) continue;
                try
                {
                    await _s3.Store.AbortUploadAsync(upload.UploadId).ConfigureAwait(false);
                }
                catch (S3StoreException e) when (e.Error == S3StoreError.NoSuchUpload)
                {
                    // Completed or aborted meanwhile.
                }
            }
        }
    }

    private static bool Expired(LifecycleExpiration? expiration, ObjectRecord current, DateTimeOffset now) => expiration switch
    {
        { Days: { } days } => LifecycleMatching.DaysAfter(current.LastModified, days) <= now,
        { Date: { } date } => date <= now,
        _ => false,
    };

    /// <summary>The coldest of the due classes, if it is colder than where the version is now.</summary>
    private static string? ColdestDue(IEnumerable<string> due, string currentClass)
    {
        var coldest = due.MaxBy(c => Array.IndexOf(LifecycleRules.TransitionClasses, c));
        return coldest is not null && Array.IndexOf(LifecycleRules.TransitionClasses, coldest) > Array.IndexOf(LifecycleRules.TransitionClasses, currentClass) ? coldest : null;
    }

    public ValueTask DisposeAsync() => _schedule.DisposeAsync();
}
