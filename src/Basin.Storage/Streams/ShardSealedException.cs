namespace Basin.Storage.Streams;

/// <summary>An append reached a shard that a reshard closed meanwhile; the caller routes again.</summary>
public sealed class ShardSealedException : Exception
{
    public ShardSealedException()
        : base("The shard is closed to new records.")
    {
    }

    public ShardSealedException(string message)
        : base(message)
    {
    }

    public ShardSealedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
