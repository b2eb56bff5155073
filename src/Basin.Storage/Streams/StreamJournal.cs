using System.Globalization;
using Basin.Storage.Files;

namespace Basin.Storage.Streams;

/// <summary>
/// The write-ahead journal of one stream: every shard append is written to its shard's segment
/// (not flushed) and to this one file, and only the journal is fsynced before the append is
/// acknowledged. A put that touches four shards thus waits for one device flush instead of four,
/// and concurrent producers on any shard of the stream share it.
/// <para>
/// When a journal segment fills, a checkpoint fsyncs every shard segment written meanwhile and
/// deletes the journal segment. After a power loss, <see cref="Recover"/> replays what the shard
/// files lost: each journaled record with a counter past its shard's last is appended again.
/// </para>
/// </summary>
public sealed class StreamJournal : IDisposable
{
    private readonly string _dir;
    private readonly GroupFlusher _flusher;
    private readonly long _segmentBytes;
    private readonly Lock _gate = new();

    // Shard segments written since the active journal segment began: a checkpoint fsyncs them.
    private readonly HashSet<FileStream> _dirty = new(ReferenceEqualityComparer.Instance);
    private FileStream? _file;
    private string _path = "";
    private long _number;
    private long _end;
    private Task _checkpoints = Task.CompletedTask;
    private bool _disposed;

    public StreamJournal(string dir, GroupFlusher flusher, long segmentBytes = 64L * 1024 * 1024)
    {
        _dir = dir;
        _flusher = flusher;
        _segmentBytes = segmentBytes;
    }

    /// <summary>
    /// Replays journal segments left by the last run into the shard logs (<paramref name="logOf"/>
    /// finds a shard's log by name), makes them durable there, and starts an empty journal.
    /// Call once, after every shard log of the stream is open and before the first append.
    /// </summary>
    public int Recover(Func<string, ShardLog?> logOf)
    {
        Directory.CreateDirectory(_dir);
        var left = Directory.GetFiles(_dir, "*.jnl").Order(StringComparer.Ordinal).ToList();
        var restored = new HashSet<ShardLog>(ReferenceEqualityComparer.Instance);
        var replayed = left.Sum(path => Replay(path, logOf, restored));

        // One flush per restored shard, before the journal that held its records goes.
        foreach (var log in restored) log.Flush();
        _number = left.Count == 0 ? 0 : Number(left[^1]) + 1;
        lock (_gate) StartSegment();
        foreach (var path in left) File.Delete(path);
        return replayed;
    }

    /// <summary>
    /// Journals <paramref name="frames"/> appended to <paramref name="shard"/>'s segment
    /// <paramref name="segment"/>; the task completes once they are durable. Called under the
    /// shard's append lock, so the journal holds each shard's appends in counter order.
    /// </summary>
    public Task Write(string shard, FileStream segment, ReadOnlyMemory<byte> frames)
    {
        var header = JournalEntry.Header(shard, frames.Length);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_file is null) throw new InvalidOperationException("The journal is written before it was recovered.");
            if (_end >= _segmentBytes) Roll();
            RandomAccess.Write(_file.SafeFileHandle, [header, frames], _end);
            _end += header.Length + frames.Length;
            _dirty.Add(segment);

            // Registered under the lock, so a checkpoint's own flush of this file queues behind it.
            return _flusher.FlushAsync(_file);
        }
    }

    private void Roll()
    {
        var file = _file!;
        var path = _path;
        FileStream[] dirty = [.. _dirty];
        _dirty.Clear();
        _number++;
        StartSegment();
        _checkpoints = _checkpoints.ContinueWith(_ => CheckpointAsync(file, path, dirty), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Makes a full journal segment redundant: its shard segments reach disk, then it is deleted.</summary>
    private async Task CheckpointAsync(FileStream journal, string path, FileStream[] dirty)
    {
        try
        {
            // Appends journaled there are acknowledged only after this file's flush; wait for it
            // so none of them sees the file closed under it.
            await _flusher.FlushAsync(journal).ConfigureAwait(false);
            foreach (var segment in dirty)
            {
                try
                {
                    segment.Flush(flushToDisk: true);
                }
                catch (ObjectDisposedException)
                {
                    // Retention or a stream deletion removed the segment: nothing to keep.
                }
            }

            journal.Dispose();
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The journal stays; the next start replays it (records already there are skipped).
            journal.Dispose();
        }
    }

    private void StartSegment()
    {
        _path = Path.Combine(_dir, _number.ToString("D20", CultureInfo.InvariantCulture) + ".jnl");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.None);
        _end = 0;
        DurableFiles.FlushDirectory(_dir);
    }

    private static long Number(string path) => long.Parse(Path.GetFileNameWithoutExtension(path), CultureInfo.InvariantCulture);

    /// <summary>Appends the records of one journal segment that their shard logs lack; stops at a torn entry.</summary>
    private static int Replay(string path, Func<string, ShardLog?> logOf, HashSet<ShardLog> restored)
    {
        var bytes = File.ReadAllBytes(path);
        var replayed = 0;
        var at = 0;
        while (JournalEntry.Read(bytes.AsSpan(at)) is { } entry)
        {
            var frames = bytes.AsSpan(at + entry.FramesAt, entry.FramesLength);
            var records = new List<StreamRecord>();
            var torn = false;
            while (frames.Length > 0)
            {
                if (RecordFrame.Read(frames) is not { } frame)
                {
                    torn = true;
                    break;
                }

                records.Add(frame.Record);
                frames = frames[frame.Size..];
            }

            if (logOf(entry.Shard) is { } log && log.Restore(records) is > 0 and var count)
            {
                replayed += count;
                restored.Add(log);
            }

            if (torn) break;
            at += entry.Size;
        }

        return replayed;
    }

    /// <summary>
    /// Clean shutdown: fsyncs the shard segments written since the last checkpoint and deletes the
    /// journal, so the next start has nothing to replay (rather than re-reading up to a whole
    /// journal segment only to skip records the segments already hold).
    /// </summary>
    public void Close()
    {
        if (Stop() is not ({ } file, var path, var dirty)) return;
        CheckpointAsync(file, path, dirty).GetAwaiter().GetResult();
    }

    /// <summary>Releases the journal without a checkpoint (the stream is being deleted, or the next start replays it).</summary>
    public void Dispose() => Stop()?.File.Dispose();

    /// <summary>Refuses further writes and lets a checkpoint in progress finish; the active segment and its dirty shard segments, if any.</summary>
    private (FileStream File, string Path, FileStream[] Dirty)? Stop()
    {
        Task checkpoints;
        (FileStream File, string Path, FileStream[] Dirty)? active;
        lock (_gate)
        {
            if (_disposed) return null;
            _disposed = true;
            checkpoints = _checkpoints;
            active = _file is null ? null : (_file, _path, [.. _dirty]);
        }

        // A checkpoint in progress finishes (or the next start replays its segment).
        checkpoints.Wait(TimeSpan.FromSeconds(10));
        return active;
    }
}
