using System.Globalization;
using Basin.Aws.Protocol;
using Basin.Services.S3.Lifecycle;
using Basin.Storage.S3;

namespace Basin.Services.S3;

/// <summary>
/// The archive storage classes: a GLACIER or DEEP_ARCHIVE version cannot be read (InvalidObjectState)
/// until RestoreObject has made a temporary copy, which takes the retrieval tier's time on the
/// clock (Expedited 1 minute, Standard 3 hours, Bulk 5 hours for GLACIER; Standard 12 and Bulk 48
/// hours for DEEP_ARCHIVE, the fast end of AWS's ranges) and stays readable for the requested days.
/// </summary>
public static class ArchiveStorage
{
    public static bool IsArchive(string storageClass) => storageClass is "GLACIER" or "DEEP_ARCHIVE";

    /// <summary>Whether a version's bytes can be read now (an archived class or Intelligent-Tiering archive tier needs a finished restore).</summary>
    public static bool Readable(ObjectRecord version, DateTimeOffset now) =>
        !IsArchive(version.StorageClass) && !Tiering.AccessTiers.IsArchived(version) || version.Restore is { } r && r.ReadyAt <= now && now < r.ExpiresAt;

    /// <summary>Refuses a read (GET, or a copy from it) of an archived version that is not restored.</summary>
    public static void RequireReadable(ObjectRecord version, DateTimeOffset now, bool copySource = false)
    {
        if (!Readable(version, now) && Tiering.AccessTiers.IsArchived(version))
        {
            throw new AwsServiceException("InvalidObjectState", "The operation is not valid for the object's access tier", 403)
                .With("StorageClass", version.StorageClass).With("AccessTier", version.AccessTier!);
        }

        if (!Readable(version, now))
        {
            throw new AwsServiceException("InvalidObjectState", copySource ? "Operation is not valid for the source object's storage class" : "The operation is not valid for the object's storage class", 403)
                .With("StorageClass", version.StorageClass);
        }
    }

    /// <summary>How long a restore takes, or null when the class does not offer the tier.</summary>
    public static TimeSpan? RetrievalTime(string storageClass, string tier) => (storageClass, tier) switch
    {
        ("GLACIER", "Expedited") => TimeSpan.FromMinutes(1),
        ("GLACIER", "Standard") => TimeSpan.FromHours(3),
        ("GLACIER", "Bulk") => TimeSpan.FromHours(5),
        ("DEEP_ARCHIVE", "Standard") => TimeSpan.FromHours(12),
        ("DEEP_ARCHIVE", "Bulk") => TimeSpan.FromHours(48),
        _ => null,
    };

    /// <summary>A restore that is ready at <paramref name="readyAt"/> and kept for <paramref name="days"/> (to the next midnight UTC, as S3 rounds).</summary>
    public static RestoreState Restore(DateTimeOffset requestedAt, DateTimeOffset readyAt, int days) =>
        new(requestedAt, readyAt, LifecycleMatching.DaysAfter(readyAt, days));

    /// <summary>The x-amz-restore header: a restore in progress, or the restored copy's expiry; null without a live restore.</summary>
    public static string? RestoreHeader(ObjectRecord version, DateTimeOffset now) => version.Restore switch
    {
        { } r when now < r.ReadyAt => "ongoing-request=\"true\"",
        { ExpiresAt: var e } when e == DateTimeOffset.MaxValue => "ongoing-request=\"false\"",
        { } r when now < r.ExpiresAt => string.Create(CultureInfo.InvariantCulture, $"ongoing-request=\"false\", expiry-date=\"{r.ExpiresAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)}\""),
        _ => null,
    };
}
