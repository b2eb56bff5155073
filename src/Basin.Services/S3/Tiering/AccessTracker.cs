using System.Collections.Concurrent;
using Basin.Storage.S3;

namespace Basin.Services.S3.Tiering;

/// <summary>
/// Reads of Intelligent-Tiering objects, noted in memory as they happen (a GET must not cost an
/// index write) and written to the versions by the next <see cref="ObjectAgingRunner"/> pass.
/// </summary>
public sealed class AccessTracker
{
    private readonly ConcurrentDictionary<(string Bucket, string Key, string? VersionId), DateTimeOffset> _reads = new();

    public void Read(ObjectRecord version, DateTimeOffset now)
    {
        if (version.StorageClass == "INTELLIGENT_TIERING" && version.Size >= AccessTiers.MinimumSize) _reads[(version.Bucket, version.Key, version.VersionId)] = now;
    }

    /// <summary>The reads noted since the last call, removed from the tracker.</summary>
    public List<((string Bucket, string Key, string? VersionId) Version, DateTimeOffset At)> Drain()
    {
        var drained = new List<((string, string, string?), DateTimeOffset)>();
        foreach (var key in _reads.Keys)
        {
            if (_reads.TryRemove(key, out var at)) drained.Add((key, at));
        }

        return drained;
    }
}
