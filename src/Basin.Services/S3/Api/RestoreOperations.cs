using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>
/// RestoreObject: starts a temporary, readable copy of a GLACIER or DEEP_ARCHIVE version (202), or
/// extends a finished one (200); a restore still running is RestoreAlreadyInProgress (409).
/// </summary>
public sealed class RestoreOperations(S3Context s3)
{
    public void Register(OperationTable operations) =>
        operations.On<RestoreObjectRequest, RestoreObjectOutput>("RestoreObject", RestoreAsync);

    private async Task<RestoreObjectOutput> RestoreAsync(RestoreObjectRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var version = s3.ReadableVersion(input.Bucket!, S3Context.RequireKey(input.Key), input.VersionId);
        var restore = input.RestoreRequest ?? throw S3Errors.MalformedXml();
        if (restore.Type is not null) throw new AwsServiceException("NotImplemented", "Basin does not run SELECT-type restore requests; use S3 Select or Athena.", 501);
        if (Tiering.AccessTiers.IsArchived(version)) return await RestoreFromAccessTierAsync(version, restore, request).ConfigureAwait(false);
        if (!ArchiveStorage.IsArchive(version.StorageClass))
        {
            throw new AwsServiceException("InvalidObjectState", "Restore is not allowed for the object's current storage class", 403).With("StorageClass", version.StorageClass);
        }

        if (restore.Days is not { } days || days < 1) throw S3Errors.MalformedXml();
        var tier = restore.GlacierJobParameters?.Tier ?? restore.Tier ?? "Standard";
        if (tier is not ("Standard" or "Bulk" or "Expedited")) throw S3Errors.MalformedXml();
        var retrieval = ArchiveStorage.RetrievalTime(version.StorageClass, tier)
            ?? throw S3Errors.InvalidArgument($"The {tier} tier is not available for the {version.StorageClass} storage class.", "Tier", tier);

        var now = s3.Now();
        if (version.Restore is { } running && now < running.ReadyAt) throw new AwsServiceException("RestoreAlreadyInProgress", "Object restore is already in progress", 409);
        var restored = version.Restore is { } done && now < done.ExpiresAt;

        // A restored copy gets a new expiry counted from now; otherwise a restore starts.
        var state = restored ? version.Restore! with { ExpiresAt = Lifecycle.LifecycleMatching.DaysAfter(now, days) } : ArchiveStorage.Restore(now, now + retrieval, days);
        var restoring = await s3.Store.UpdateVersionAsync(version, v => v with { Restore = state }).ConfigureAwait(false) ?? throw S3Errors.NoSuchKey(version.Key);
        s3.Events.Publish(Notifications.S3EventKind.RestorePost, restoring, request);

        // 202 when a restore starts; 200 when an already restored copy only gets a new expiry.
        request.StatusCode = restored ? 200 : 202;
        return new RestoreObjectOutput();
    }

    /// <summary>
    /// Intelligent-Tiering's archive tiers restore without Days: once the tier's time has passed the
    /// object is back in Frequent Access for good (the aging pass moves it).
    /// </summary>
    private async Task<RestoreObjectOutput> RestoreFromAccessTierAsync(ObjectRecord version, RestoreRequest restore, AwsRequest request)
    {
        if (restore.Days is not null) throw S3Errors.MalformedXml();
        var tier = restore.GlacierJobParameters?.Tier ?? restore.Tier ?? "Standard";
        var retrieval = Tiering.AccessTiers.RetrievalTime(version.AccessTier!, tier)
            ?? throw S3Errors.InvalidArgument($"The {tier} tier is not available for the {version.AccessTier} access tier.", "Tier", tier);
        var now = s3.Now();
        if (version.Restore is { } running && now < running.ReadyAt) throw new AwsServiceException("RestoreAlreadyInProgress", "Object restore is already in progress", 409);
        var restoring = await s3.Store.UpdateVersionAsync(version, v => v with { Restore = new RestoreState(now, now + retrieval, DateTimeOffset.MaxValue) }).ConfigureAwait(false) ?? throw S3Errors.NoSuchKey(version.Key);
        s3.Events.Publish(Notifications.S3EventKind.RestorePost, restoring, request);
        request.StatusCode = 202;
        return new RestoreObjectOutput();
    }
}
