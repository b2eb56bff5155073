using System.Buffers;

namespace Basin.Storage.Streams;

/// <summary>
/// The durable log of one shard: append-only segment files in one directory. Appends are
/// serialized per shard (so counters are in file order) and acknowledged only once durable: by a
/// group flush of the segment, or, for a shard of a journaled stream, of the stream's
/// <see cref="StreamJournal"/>. Readers see only durable bytes. Retention deletes whole segments whose newest record
/// is older than the cut-off; the active segment is never deleted.
/// </summary>
public sealed class ShardLog : IDisposable
{
    private readonly string _dir;
    private readonly GroupFlusher _flusher;
    private readonly StreamJournal? _journal;
    private readonly string _name;
    private readonly long _segmentBytes;
    private readonly Lock _appendGate = new();
    private readonly List<SegmentFile> _segments = [];
    private bool _sealed;

    public ShardLog(string dir, GroupFlusher flusher, long segmentBytes = 64L * 1024 * 1024, StreamJournal? journal = null)
    {
        _dir = dir;
        _name = Path.GetFileName(dir);
        _flusher = flusher;
        _journal = journal;
        _segmentBytes = segmentBytes;
        Directory.CreateDirectory(dir);
        foreach (var path in Directory.GetFiles(dir, "*.seg").Order(StringComparer.Ordinal)) _segments.Add(SegmentFile.Recover(path));
    }

    /// <summary>Counter of the newest record ever appended (survives retention), null if none.</summary>
    public ulong? LastCounter
    {
        get
        {
            lock (_appendGate) return _segments.Count == 0 ? null : _segments[^1].LastCounter ?? (_segments.Count > 1 ? _segments[^2].LastCounter : null);
        }
    }

    /// <summary>
    /// Appends records whose counters the caller assigns inside <paramref name="assign"/> (called
    /// under the shard's append lock, so file order is counter order); completes when durable.
    /// </summary>
    public async Task<IReadOnlyList<StreamRecord>> AppendAsync(Func<IReadOnlyList<StreamRecord>> assign)
    {
        SegmentFile segment;
        long end;
        Task durable;
        IReadOnlyList<StreamRecord> records;
        lock (_appendGate)
        {
            if (_sealed) throw new ShardSealedException();
            records = assign();
            if (records.Count == 0) return records;
            var (buffer, size) = RecordFrame.Encode(records);
            try
            {
                segment = ActiveSegment(records[0].Counter);
                segment.Append(records, buffer.AsSpan(0, size));
                durable = _journal?.Write(_name, segment.File, buffer.AsMemory(0, size)) ?? _flusher.FlushAsync(segment.File);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            end = segment.WrittenEnd;
        }

        await durable.ConfigureAwait(false);
        lock (_appendGate)
        {
            if (end > segment.CommittedEnd) segment.CommittedEnd = end;
        }

        return records;
    }

    /// <summary>
    /// Recovery: appends the records past <see cref="LastCounter"/> (a journal replay after the
    /// segment lost its unflushed tail); returns how many were appended. The caller makes them
    /// durable with <see cref="Flush"/> once it has replayed everything (no reader runs meanwhile).
    /// </summary>
    public int Restore(IReadOnlyList<StreamRecord> records)
    {
        lock (_appendGate)
        {
            var last = LastCounter;
            List<StreamRecord> missing = [.. records.Where(r => last is null || r.Counter > last)];
            if (missing.Count == 0) return 0;
            var (buffer, size) = RecordFrame.Encode(missing);
            try
            {
                var segment = ActiveSegment(missing[0].Counter);
                segment.Append(missing, buffer.AsSpan(0, size));
                segment.CommittedEnd = segment.WrittenEnd;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return missing.Count;
        }
    }

    /// <summary>Fsyncs the active segment (full segments were fsynced when they rolled).</summary>
    public void Flush()
    {
        SegmentFile? active;
        lock (_appendGate) active = _segments.Count == 0 ? null : _segments[^1];
        active?.File.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The segment to append to, rolling to a new one when full. A full segment is fsynced before
    /// the next one begins: a journal replay restores only a shard's tail, never a hole before it.
    /// </summary>
    private SegmentFile ActiveSegment(ulong firstCounter)
    {
        if (_segments.Count > 0 && _segments[^1].WrittenEnd < _segmentBytes) return _segments[^1];
        if (_segments.Count > 0) _segments[^1].File.Flush(flushToDisk: true);
        _segments.Add(SegmentFile.Create(_dir, firstCounter));
        return _segments[^1];
    }

    /// <summary>
    /// Closes the shard to appends (a reshard); returns the last counter it holds, or null if empty.
    /// Appends already holding the lock complete first; later ones get <see cref="ShardSealedException"/>.
    /// </summary>
    public ulong? Seal()
    {
        lock (_appendGate)
        {
            _sealed = true;
            return _segments.Count == 0 ? null : _segments[^1].LastCounter;
        }
    }

    /// <summary>Up to <paramref name="maxRecords"/> committed records from <paramref name="from"/> on, within <paramref name="maxBytes"/> of data.</summary>
    public List<StreamRecord> Read(ulong from, long minArrivalMs, int maxRecords, long maxBytes)
    {
        SegmentFile[] segments;
        int readable;
        lock (_appendGate)
        {
            segments = [.. _segments];

            // Concurrent appends commit out of order: a later append that rolled into a new segment
            // can be durable before an earlier one still waiting for its flush. Reading stops at
            // the first segment with unflushed bytes, so a reader never skips records it cannot see yet.
            readable = segments.Length;
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i].CommittedEnd < segments[i].WrittenEnd)
                {
                    readable = i + 1;
                    break;
                }
            }
        }

        var result = new List<StreamRecord>();
        long bytes = 0;
        for (var i = 0; i < readable && result.Count < maxRecords; i++)
        {
            // Skip segments that end before the start position.
            if (i + 1 < segments.Length && segments[i + 1].FirstCounter <= from) continue;
            try
            {
                foreach (var record in segments[i].Read(from, minArrivalMs))
                {
                    if (result.Count >= maxRecords || (bytes + record.Data.Length > maxBytes && result.Count > 0)) return result;
                    result.Add(record);
                    bytes += record.Data.Length;
                }
            }
            catch (ObjectDisposedException)
            {
                // Retention removed this segment while we read it: its records have expired.
            }
        }

        return result;
    }

    /// <summary>Deletes whole segments (never the active one) whose newest record arrived before <paramref name="cutoffMs"/>.</summary>
    public int TrimBefore(long cutoffMs) => TrimWhile(s => s.LastArrivalMs < cutoffMs);

    /// <summary>
    /// Deletes whole segments (never the active one) whose records all have counters up to
    /// <paramref name="counter"/>: a consumer that owns the log (a Firehose buffer) drops what it delivered.
    /// </summary>
    public int TrimThrough(ulong counter) => TrimWhile(s => s.LastCounter is { } last && last <= counter);

    private int TrimWhile(Func<SegmentFile, bool> expired)
    {
        var removed = new List<SegmentFile>();
        lock (_appendGate)
        {
            while (_segments.Count > 1 && expired(_segments[0]))
            {
                removed.Add(_segments[0]);
                _segments.RemoveAt(0);
            }
        }

        foreach (var s in removed)
        {
            s.Dispose();
            File.Delete(s.Path);
        }

        return removed.Count;
    }

    /// <summary>Arrival time of the newest committed record, or null when the shard is empty.</summary>
    public long? LastArrivalMs
    {
        get
        {
            lock (_appendGate) return _segments.Count == 0 || _segments[^1].LastCounter is null ? null : _segments[^1].LastArrivalMs;
        }
    }

    public void Delete()
    {
        Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    public void Dispose()
    {
        lock (_appendGate)
        {
            foreach (var s in _segments) s.Dispose();
            _segments.Clear();
        }
    }
}
