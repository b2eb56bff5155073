namespace Basin.Tests.Support;

/// <summary>The system clock shifted by an adjustable offset: tests move time instead of sleeping.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
