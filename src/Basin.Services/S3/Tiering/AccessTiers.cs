using Basin.Aws.Model.S3;
using Basin.Storage.S3;

namespace Basin.Services.S3.Tiering;

/// <summary>
/// S3 Intelligent-Tiering's access tiers. An INTELLIGENT_TIERING object of at least 128 KiB
/// moves down as it goes unread:
/// <list type="bullet">
/// <item>Infrequent Access after 30 days;</item>
/// <item>Archive Instant Access after 90 days;</item>
/// <item>Archive Access and Deep Archive Access after the days a bucket's enabled configuration
/// names for the object (90–730 and 180–730).</item>
/// </list>
/// A read moves an object in the first two tiers back to Frequent Access. Objects in the archive
/// tiers are offline until RestoreObject brings them back to Frequent Access.
/// </summary>
public static class AccessTiers
{
    public const string InfrequentAccess = "INFREQUENT_ACCESS";
    public const string ArchiveInstantAccess = "ARCHIVE_INSTANT_ACCESS";
    public const string ArchiveAccess = "ARCHIVE_ACCESS";
    public const string DeepArchiveAccess = "DEEP_ARCHIVE_ACCESS";
    public const long MinimumSize = 128 * 1024;

    /// <summary>Whether the version sits in an archive access tier (offline, needs a restore).</summary>
    public static bool IsArchived(ObjectRecord version) =>
        version.StorageClass == "INTELLIGENT_TIERING" && version.AccessTier is ArchiveAccess or DeepArchiveAccess;

    /// <summary>
    /// The tier an unread version belongs in now; an archived one stays until it is restored. The
    /// tier is null for Frequent Access.
    /// </summary>
    public static string? Due(ObjectRecord version, IEnumerable<IntelligentTieringConfiguration> configurations, DateTimeOffset now)
    {
        if (version.StorageClass != "INTELLIGENT_TIERING" || version.Size < MinimumSize || version.IsDeleteMarker) return null;
        if (IsArchived(version)) return version.AccessTier;
        var idle = now - (version.LastAccessed ?? version.LastModified);
        var tierings = configurations.Where(c => c.Status == "Enabled" && Matches(c.Filter, version)).SelectMany(c => c.Tierings ?? []).ToList();
        if (tierings.Where(t => t.AccessTier == DeepArchiveAccess).Min(t => t.Days) is { } deep && idle >= TimeSpan.FromDays(deep)) return DeepArchiveAccess;
        if (tierings.Where(t => t.AccessTier == ArchiveAccess).Min(t => t.Days) is { } archive && idle >= TimeSpan.FromDays(archive)) return ArchiveAccess;
        return idle >= TimeSpan.FromDays(90) ? ArchiveInstantAccess : idle >= TimeSpan.FromDays(30) ? InfrequentAccess : null;
    }

    /// <summary>A configuration's filter: a key prefix and tags, all of which must match.</summary>
    public static bool Matches(IntelligentTieringFilter? filter, ObjectRecord version)
    {
        var prefix = filter?.Prefix ?? filter?.And?.Prefix ?? string.Empty;
        var tags = filter?.Tag is { } tag ? [tag] : filter?.And?.Tags ?? [];
        return version.Key.StartsWith(prefix, StringComparison.Ordinal)
            && tags.All(t => version.Tags.TryGetValue(t.Key ?? string.Empty, out var value) && value == (t.Value ?? string.Empty));
    }

    /// <summary>How long a restore from an archive tier takes (the fast end of AWS's ranges), or null when the tier does not offer it.</summary>
    public static TimeSpan? RetrievalTime(string accessTier, string tier) => (accessTier, tier) switch
    {
        (ArchiveAccess, "Expedited") => TimeSpan.FromMinutes(1),
        (ArchiveAccess, "Standard") => TimeSpan.FromHours(3),
        (ArchiveAccess, "Bulk") => TimeSpan.FromHours(5),
        (DeepArchiveAccess, "Standard") => TimeSpan.FromHours(12),
        (DeepArchiveAccess, "Bulk") => TimeSpan.FromHours(48),
        _ => null,
    };
}
