using Basin.Services.Kinesis;

namespace Basin.Tests.Unit;

/// <summary>The minimum throughput billing commitment's life: at least 24 hours, a scheduled end, and its cancellation.</summary>
public sealed class CommitmentTests
{
    private const long Start = 1_700_000_000_000;
    private static readonly long Day = (long)TimeSpan.FromHours(24).TotalMilliseconds;

    [Fact]
    public void Disabling_early_schedules_the_end_which_then_reads_as_disabled()
    {
        var enabled = Commitments.Apply(null, "ENABLED", Start);
        Assert.Equal(("ENABLED", Start, Start + Day), (enabled.Status, enabled.StartedMs, enabled.EarliestAllowedEndMs));

        var pending = Commitments.Apply(enabled, "DISABLED", Start + 1000);
        Assert.Equal(("ENABLED_UNTIL_EARLIEST_ALLOWED_END", Start + Day), (pending.Status, pending.EndedMs));
        Assert.True(Commitments.IsActive(pending, Start + Day - 1));
        Assert.False(Commitments.IsActive(pending, Start + Day));
        Assert.Equal("DISABLED", Commitments.Effective(pending, Start + Day).Status);
    }

    [Fact]
    public void Enabling_again_cancels_a_scheduled_end_but_keeps_the_start()
    {
        var pending = Commitments.Apply(Commitments.Apply(null, "ENABLED", Start), "DISABLED", Start + 5);
        var again = Commitments.Apply(pending, "ENABLED", Start + 10);
        Assert.Equal(("ENABLED", Start, (long?)null), (again.Status, again.StartedMs, again.EndedMs));
    }

    [Fact]
    public void Disabling_after_a_day_ends_at_once_and_a_new_commitment_starts_afresh()
    {
        var ended = Commitments.Apply(Commitments.Apply(null, "ENABLED", Start), "DISABLED", Start + Day + 1);
        Assert.Equal(("DISABLED", Start + Day + 1), (ended.Status, ended.EndedMs));
        var renewed = Commitments.Apply(ended, "ENABLED", Start + (2 * Day));
        Assert.Equal((Start + (2 * Day), (long?)null), (renewed.StartedMs, renewed.EndedMs));
        Assert.Equal("DISABLED", Commitments.Apply(null, "DISABLED", Start).Status);
    }
}
