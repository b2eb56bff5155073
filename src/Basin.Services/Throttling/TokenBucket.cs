namespace Basin.Services.Throttling;

/// <summary>
/// A rate limit as AWS applies its per-second quotas: a bucket holding at most one second of
/// capacity, refilled continuously. Not thread-safe: a throttle that checks several buckets for
/// one request locks around all of them, so a request takes from all or none.
/// </summary>
public sealed class TokenBucket(TimeProvider time, double perSecond)
{
    private readonly double _perSecond = perSecond;
    private double _tokens = perSecond;
    private long _last = time.GetTimestamp();

    public double Available
    {
        get
        {
            Refill();
            return _tokens;
        }
    }

    /// <summary>Takes <paramref name="amount"/> whatever is left (the bucket may go negative, delaying later takers).</summary>
    public void Take(double amount)
    {
        Refill();
        _tokens -= amount;
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_perSecond, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
        _last = now;
    }
}
