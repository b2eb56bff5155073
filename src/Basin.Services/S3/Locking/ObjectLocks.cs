using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Storage.S3;

namespace Basin.Services.S3.Locking;

/// <summary>
/// Object Lock rules: a version under COMPLIANCE retention cannot be deleted or have its retention
/// shortened by anyone until its date; GOVERNANCE retention yields to requests that send
/// x-amz-bypass-governance-retention; a legal hold blocks deletion until it is lifted. New versions
/// in a locked bucket take the bucket's default retention unless the request names its own.
/// </summary>
public static class ObjectLocks
{
    public const string Kind = "object-lock";

    public static AwsServiceException Protected() => new("AccessDenied", "Access Denied because object protected by object lock.", 403);

    public static AwsServiceException MissingConfiguration() => S3Errors.InvalidRequest("Bucket is missing Object Lock Configuration");

    /// <summary>The lock a new version gets from its request headers or the bucket's default retention.</summary>
    public static ObjectLockState? ForNewVersion(ObjectLockConfiguration? bucket, string? mode, DateTimeOffset? retainUntil, string? legalHold, DateTimeOffset now)
    {
        if (mode is null && retainUntil is null && legalHold is null)
        {
            return bucket?.Rule?.DefaultRetention is { } d ? new ObjectLockState(d.Mode, Until(d, now), LegalHold: false) : null;
        }

        if (bucket is null) throw MissingConfiguration();
        if ((mode is null) != (retainUntil is null))
        {
            throw S3Errors.InvalidArgument("x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied", "x-amz-object-lock-mode", mode);
        }

        if (mode is not (null or "GOVERNANCE" or "COMPLIANCE")) throw S3Errors.InvalidArgument("Unknown wormMode directive.", "x-amz-object-lock-mode", mode);
        if (retainUntil <= now) throw S3Errors.InvalidArgument("The retain until date must be in the future!", "x-amz-object-lock-retain-until-date", retainUntil?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        if (legalHold is not (null or "ON" or "OFF")) throw S3Errors.InvalidArgument("Legal Hold must be either of 'ON' or 'OFF'", "x-amz-object-lock-legal-hold", legalHold);
        return mode is null && bucket.Rule?.DefaultRetention is { } fallback
            ? new ObjectLockState(fallback.Mode, Until(fallback, now), legalHold == "ON")
            : new ObjectLockState(mode, retainUntil, legalHold == "ON");
    }

    /// <summary>Whether a legal hold or an unexpired retention (that the caller may not bypass) keeps the version.</summary>
    public static bool IsProtected(ObjectRecord version, bool bypassGovernance, DateTimeOffset now) =>
        version.Lock is { } lockState
        && (lockState.LegalHold || (lockState.RetainUntil is { } until && until > now && (lockState.Mode == "COMPLIANCE" || !bypassGovernance)));

    /// <summary>Refuses a permanent delete of a protected version.</summary>
    public static void RequireDeletable(ObjectRecord version, bool bypassGovernance, DateTimeOffset now)
    {
        if (IsProtected(version, bypassGovernance, now)) throw Protected();
    }

    /// <summary>Refuses a retention change that would weaken a lock the caller may not weaken.</summary>
    public static void RequireRetentionChange(ObjectLockState? current, ObjectLockRetention requested, bool bypassGovernance, DateTimeOffset now)
    {
        if (current is not { RetainUntil: { } until, Mode: { } mode } || until <= now) return;
        var weaker = requested.Mode != mode || requested.RetainUntilDate is null || requested.RetainUntilDate < until;
        if (weaker && (mode == "COMPLIANCE" || !bypassGovernance)) throw Protected();
    }

    /// <summary>Checks a bucket's lock configuration: Enabled, and a default retention of Days or Years (not both).</summary>
    public static void Validate(ObjectLockConfiguration configuration)
    {
        if (configuration.ObjectLockEnabled != "Enabled") throw S3Errors.MalformedXml();
        if (configuration.Rule is null) return;
        if (configuration.Rule.DefaultRetention is not { } retention) throw S3Errors.MalformedXml();
        if (retention.Mode is not ("GOVERNANCE" or "COMPLIANCE")) throw S3Errors.MalformedXml();
        if ((retention.Days is null) == (retention.Years is null)) throw S3Errors.MalformedXml();
        if (retention.Days is <= 0 || retention.Years is <= 0) throw S3Errors.InvalidArgument("Default retention period must be a positive integer value.", "DefaultRetention", null);
    }

    private static DateTimeOffset Until(DefaultRetention retention, DateTimeOffset now) =>
        retention.Years is { } years ? now.AddYears(years) : now.AddDays(retention.Days ?? 0);
}
