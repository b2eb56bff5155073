namespace Basin.Services.Firehose;

public sealed record FirehoseOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long a new stream reports CREATING before ACTIVE (AWS takes seconds; Basin defaults to none).</summary>
    public TimeSpan StateTransitionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The longest a delivery worker sleeps between checks of its buffers. Buffer intervals are
    /// measured on <see cref="Time"/>, so a test that moves its clock sees a due buffer delivered
    /// within one poll.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long to wait before retrying a delivery that failed (a missing bucket, say).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Apply AWS's per-stream DirectPut quotas to every stream (see <see cref="StreamThrottle"/>).</summary>
    public bool ThroughputLimits { get; init; }

    /// <summary>How long an HTTP endpoint has to answer one delivery request (Firehose allows 3 minutes).</summary>
    public TimeSpan HttpEndpointTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
