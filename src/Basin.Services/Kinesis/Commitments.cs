using Basin.Aws.Model.Kinesis;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>
/// The minimum throughput billing commitment (On-demand Advantage) as it stands at a moment: a
/// scheduled end that has passed reads as DISABLED. Warm throughput exists only under it.
/// </summary>
public static class Commitments
{
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromHours(24);

    /// <summary>The largest warm throughput an on-demand stream can be given (10 GiB/s).</summary>
    public const int MaxWarmThroughputMiBps = 10 * 1024;

    public static AccountSettings Effective(AccountSettings? settings, long nowMs) => settings switch
    {
        null => new AccountSettings("DISABLED", null, null, null),
        { Status: "ENABLED_UNTIL_EARLIEST_ALLOWED_END", EndedMs: { } end } when nowMs >= end => settings with { Status = "DISABLED" },
        _ => settings,
    };

    public static bool IsActive(AccountSettings? settings, long nowMs) => Effective(settings, nowMs).Status != "DISABLED";

    /// <summary>Applies UpdateAccountSettings' ENABLED or DISABLED to the current settings.</summary>
    public static AccountSettings Apply(AccountSettings? current, string status, long nowMs)
    {
        var effective = Effective(current, nowMs);
        return (status, effective.Status) switch
        {
            ("ENABLED", "ENABLED") => effective,

            // Enabling before a scheduled end cancels it; the commitment's start stands.
            ("ENABLED", "ENABLED_UNTIL_EARLIEST_ALLOWED_END") => effective with { Status = "ENABLED", EndedMs = null },
            ("ENABLED", _) => new AccountSettings("ENABLED", nowMs, null, nowMs + (long)MinimumDuration.TotalMilliseconds),
            ("DISABLED", "ENABLED") when nowMs < effective.EarliestAllowedEndMs => effective with { Status = "ENABLED_UNTIL_EARLIEST_ALLOWED_END", EndedMs = effective.EarliestAllowedEndMs },
            ("DISABLED", "ENABLED") => effective with { Status = "DISABLED", EndedMs = nowMs },
            _ => effective,
        };
    }

    public static MinimumThroughputBillingCommitmentOutput ToOutput(AccountSettings s) => new()
    {
        Status = s.Status,
        StartedAt = At(s.StartedMs),
        EndedAt = At(s.EndedMs),
        EarliestAllowedEndAt = At(s.EarliestAllowedEndMs),
    };

    private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
