namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Which source records are still waiting in a buffer, per source shard, so the delivered mark
/// only moves past a record once every object it went into (destination, error output, backup)
/// is written. The mark is the counter just below the oldest waiting record, or the last read
/// counter when nothing waits.
/// </summary>
public sealed class DeliveryProgress
{
    private readonly Dictionary<string, Shard> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _committed = new(StringComparer.Ordinal);

    /// <summary>A record was read and is now waiting in <paramref name="copies"/> buffers (0: it needs no delivery).</summary>
    public void Read(string shard, ulong counter, int copies)
    {
        var state = Of(shard);
        state.FirstRead ??= counter;
        state.ReadThrough = state.ReadThrough is { } r ? Math.Max(r, counter) : counter;
        if (copies > 0) state.Waiting[counter] = state.Waiting.GetValueOrDefault(counter) + copies;
    }

    /// <summary>One copy of a record was written out.</summary>
    public void Delivered(string shard, ulong counter)
    {
        var waiting = Of(shard).Waiting;
        if (!waiting.TryGetValue(counter, out var copies)) return;
        if (copies <= 1) waiting.Remove(counter);
        else waiting[counter] = copies - 1;
    }

    /// <summary>The marks that moved since the last <see cref="Committed"/>.</summary>
    public Dictionary<string, ulong> Pending()
    {
        var marks = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (name, shard) in _shards)
        {
            ulong? mark = shard.Waiting.Count > 0
                ? (shard.Waiting.Keys.First() is var oldest && oldest > 0 ? oldest - 1 : null)
                : shard.ReadThrough;
            // Below the first record read here, everything was delivered before (or is another shard's).
            if (mark is { } m && m >= shard.FirstRead && (!_committed.TryGetValue(name, out var done) || m > done)) marks[name] = m;
        }

        return marks;
    }

    public void Committed(IReadOnlyDictionary<string, ulong> marks)
    {
        foreach (var (name, mark) in marks) _committed[name] = mark;
    }

    private Shard Of(string name)
    {
        if (!_shards.TryGetValue(name, out var shard)) _shards[name] = shard = new Shard();
        return shard;
    }

    private sealed class Shard
    {
        public ulong? FirstRead { get; set; }
        public ulong? ReadThrough { get; set; }
        public SortedDictionary<ulong, int> Waiting { get; } = [];
    }
}
