using System.Buffers;
using Basin.Storage.Files;

namespace Basin.Storage.Streams;

/// <summary>
/// One append-only segment of a shard log, named by the counter of its first record. Keeps a
/// sparse index (counter, offset, arrival) so a read can seek near its start instead of scanning.
/// </summary>
internal sealed class SegmentFile : IDisposable
{
    private const int IndexEveryBytes = 64 * 1024;
    private readonly List<(ulong Counter, long Offset, long ArrivalMs)> _index = [];
    private readonly Lock _indexGate = new();
    private long _lastIndexedOffset = -IndexEveryBytes;

    private SegmentFile(string path, FileStream file, ulong firstCounter)
    {
        Path = path;
        File = file;
        FirstCounter = firstCounter;
    }

    public string Path { get; }
    public FileStream File { get; }
    public ulong FirstCounter { get; }
    public ulong? LastCounter { get; private set; }
    public long LastArrivalMs { get; private set; }
    public long WrittenEnd { get; private set; }

    /// <summary>Bytes known to be on disk; readers never look past this.</summary>
    public long CommittedEnd { get; set; }

    public static SegmentFile Create(string dir, ulong firstCounter)
    {
        var path = System.IO.Path.Combine(dir, $"{firstCounter:D20}.seg");
        var segment = new SegmentFile(path, Open(path), firstCounter);

        // The new name must survive a power loss as well as the bytes fsynced into it later.
        DurableFiles.FlushDirectory(dir);
        return segment;
    }

    /// <summary>Opens an existing segment, indexing it and cutting off a torn tail left by a crash.</summary>
    public static SegmentFile Recover(string path)
    {
        var first = ulong.Parse(System.IO.Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture);
        var segment = new SegmentFile(path, Open(path), first);
        long offset = 0;
        foreach (var (record, size) in segment.Scan(0, segment.File.Length))
        {
            segment.Track(record, offset);
            offset += size;
        }

        if (offset < segment.File.Length)
        {
            segment.File.SetLength(offset);
            segment.File.Flush(flushToDisk: true);
        }

        segment.WrittenEnd = segment.CommittedEnd = offset;
        return segment;
    }

    /// <summary>
    /// Appends the encoded <paramref name="frames"/> of <paramref name="records"/> at the end (the
    /// caller serializes appends per shard). Written, not flushed: the caller makes them durable.
    /// </summary>
    public void Append(IReadOnlyList<StreamRecord> records, ReadOnlySpan<byte> frames)
    {
        var at = 0;
        foreach (var r in records)
        {
            Track(r, WrittenEnd + at);
            at += RecordFrame.SizeAt(frames[at..]);
        }

        RandomAccess.Write(File.SafeFileHandle, frames, WrittenEnd);
        WrittenEnd += frames.Length;
    }

    /// <summary>Committed records with counter ≥ <paramref name="from"/> (and arrival ≥ <paramref name="minArrivalMs"/>).</summary>
    public IEnumerable<StreamRecord> Read(ulong from, long minArrivalMs)
    {
        var start = 0L;
        lock (_indexGate)
        {
            foreach (var entry in _index)
            {
                if (entry.Counter > from && entry.ArrivalMs >= minArrivalMs) break;
                start = entry.Offset;
            }
        }

        foreach (var (record, _) in Scan(start, CommittedEnd))
        {
            if (record.Counter >= from && record.ArrivalMs >= minArrivalMs) yield return record;
        }
    }

    private IEnumerable<(StreamRecord Record, int Size)> Scan(long from, long end)
    {
        const int Chunk = 1024 * 1024;

        // Pooled: a fresh 1 MiB array per read would land on the large-object heap every call.
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            var offset = from;
            while (offset < end)
            {
                var want = (int)Math.Min(buffer.Length, end - offset);
                var n = RandomAccess.Read(File.SafeFileHandle, buffer.AsSpan(0, want), offset);
                if (n <= 0) yield break;
                var consumed = 0;
                while (RecordFrame.Read(buffer.AsSpan(consumed, n - consumed)) is { } frame)
                {
                    yield return frame;
                    consumed += frame.Size;
                }

                if (consumed == 0)
                {
                    // A frame larger than the buffer: grow and retry; a corrupt frame ends the scan.
                    if (n < want || buffer.Length >= 16 * Chunk) yield break;
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                offset += consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Track(StreamRecord record, long offset)
    {
        if (offset - _lastIndexedOffset >= IndexEveryBytes)
        {
            lock (_indexGate) _index.Add((record.Counter, offset, record.ArrivalMs));
            _lastIndexedOffset = offset;
        }

        LastCounter = record.Counter;
        LastArrivalMs = record.ArrivalMs;
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);

    public void Dispose() => File.Dispose();
}
