using System.Collections.Concurrent;
using Basin.Storage.Files;
using Basin.Storage.Metadata;
using Basin.Storage.Streams;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.Firehose;

/// <summary>
/// Firehose streams on disk. Each stream's description is an opaque JSON document (the service
/// owns its shape) in SQLite. A DirectPut stream also has a record buffer: a one-shard
/// <see cref="ShardLog"/> under <c>buffers/&lt;id&gt;/</c> that holds every acknowledged record
/// until it is delivered, and a delivered mark (the highest counter whose records reached the
/// destination). Records past the mark are delivered again after a crash: at-least-once, as on AWS.
/// </summary>
public sealed class FirehoseStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS delivery_streams(arn TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS delivered(arn TEXT PRIMARY KEY, counter INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Small segments: a buffer is trimmed a whole segment at a time once delivered.</summary>
    private const long SegmentBytes = 16L * 1024 * 1024;

    private readonly string _root;
    private readonly SqliteDatabase _db;
    private readonly GroupFlusher _flusher = new();
    private readonly RecordSealer _sealer;
    private readonly ConcurrentDictionary<string, StreamState> _streams = new(StringComparer.Ordinal);

    public FirehoseStore(string root, Keys.KeyVault keys)
    {
        _root = root;
        _sealer = new RecordSealer(keys);
        Directory.CreateDirectory(root);
        _db = new SqliteDatabase(Path.Combine(root, "firehose.db"), Schema);
        var delivered = _db.Read(c =>
        {
            using var cmd = SqliteDatabase.Command(c, "SELECT arn, counter FROM delivered");
            using var r = cmd.ExecuteReader();
            var marks = new Dictionary<string, ulong>(StringComparer.Ordinal);
            while (r.Read()) marks[r.GetString(0)] = (ulong)r.GetInt64(1);
            return marks;
        });
        foreach (var (arn, doc) in _db.Read(c => ReadDocuments(c)))
        {
            _streams[arn] = new StreamState(doc, BufferDirectory(arn), delivered.TryGetValue(arn, out var mark) ? mark : null, _flusher);
        }
    }

    /// <summary>Every stream's ARN and document.</summary>
    public IEnumerable<(string Arn, string Document)> Streams => _streams.Select(s => (s.Key, s.Value.Document));

    public string? Find(string arn) => _streams.TryGetValue(arn, out var s) ? s.Document : null;

    /// <summary>Creates a stream; false if one with this ARN exists.</summary>
    public async Task<bool> CreateAsync(string arn, string document)
    {
        var state = new StreamState(document, BufferDirectory(arn), null, _flusher);
        if (!_streams.TryAdd(arn, state))
        {
            state.Dispose();
            return false;
        }

        try
        {
            await _db.WriteAsync(c => Upsert(c, arn, document)).ConfigureAwait(false);
            return true;
        }
        catch
        {
            _streams.TryRemove(arn, out _);
            state.Delete();
            throw;
        }
    }

    public async Task UpdateAsync(string arn, string document)
    {
        await _db.WriteAsync(c => Upsert(c, arn, document)).ConfigureAwait(false);
        if (_streams.TryGetValue(arn, out var state)) state.Document = document;
    }

    /// <summary>Removes a stream with its buffered records.</summary>
    public async Task DeleteAsync(string arn)
    {
        await _db.WriteAsync(c =>
        {
            using var streams = SqliteDatabase.Command(c, "DELETE FROM delivery_streams WHERE arn=$a", ("$a", arn));
            streams.ExecuteNonQuery();
            using var marks = SqliteDatabase.Command(c, "DELETE FROM delivered WHERE arn=$a", ("$a", arn));
            return marks.ExecuteNonQuery();
        }).ConfigureAwait(false);
        if (_streams.TryRemove(arn, out var state)) state.Delete();
    }

    /// <summary>
    /// Appends records to a stream's buffer; completes when they are durable, with the counters
    /// they got. With <paramref name="keyId"/> the records are sealed at rest under that vault key.
    /// </summary>
    public Task<IReadOnlyList<StreamRecord>> AppendAsync(string arn, IReadOnlyList<byte[]> records, long arrivalMs, string? keyId = null) =>
        State(arn).AppendAsync(records, arrivalMs, keyId is null ? null : r => _sealer.Seal(r, keyId));

    /// <summary>Buffered records (in plaintext) with counters from <paramref name="from"/> on.</summary>
    public List<StreamRecord> Read(string arn, ulong from, int maxRecords, long maxBytes) =>
        [.. State(arn).Log.Read(from, 0, maxRecords, maxBytes).Select(r => r.KeyNumber is null ? r : r with { Data = _sealer.Open(r), KeyNumber = null })];

    /// <summary>The highest counter whose record has been delivered, or null if none has.</summary>
    public ulong? DeliveredThrough(string arn) => State(arn).Delivered;

    /// <summary>Durably marks records up to <paramref name="counter"/> delivered, then drops buffer segments that hold nothing else.</summary>
    public async Task MarkDeliveredAsync(string arn, ulong counter)
    {
        await _db.WriteAsync(c =>
        {
            using var cmd = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO delivered VALUES($a,$c)", ("$a", arn), ("$c", (long)counter));
            return cmd.ExecuteNonQuery();
        }).ConfigureAwait(false);
        if (_streams.TryGetValue(arn, out var state))
        {
            state.Delivered = counter;
            state.Log.TrimThrough(counter);
        }
    }

    private StreamState State(string arn) =>
        _streams.TryGetValue(arn, out var state) ? state : throw new InvalidOperationException($"Delivery stream {arn} does not exist.");

    private string BufferDirectory(string arn) =>
        Path.Combine(_root, "buffers", ResourceDirectories.Name(arn));

    private static int Upsert(SqliteConnection c, string arn, string document)
    {
        using var cmd = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO delivery_streams(arn, doc) VALUES($a,$d)", ("$a", arn), ("$d", document));
        return cmd.ExecuteNonQuery();
    }

    private static List<(string, string)> ReadDocuments(SqliteConnection c)
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT arn, doc FROM delivery_streams");
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    public void Dispose()
    {
        foreach (var s in _streams.Values) s.Dispose();
        _flusher.Dispose();
        _db.Dispose();
    }

    /// <summary>A stream's document, its buffer log and the next counter to assign.</summary>
    private sealed class StreamState : IDisposable
    {
        private readonly string _dir;
        private ulong _next;

        public StreamState(string document, string dir, ulong? delivered, GroupFlusher flusher)
        {
            Document = document;
            _dir = dir;
            Delivered = delivered;
            Log = new ShardLog(dir, flusher, SegmentBytes);
            _next = Math.Max(Log.LastCounter is { } last ? last + 1 : 0, delivered is { } d ? d + 1 : 0);
        }

        public string Document { get; set; }

        public ShardLog Log { get; }

        public ulong? Delivered { get; set; }

        public Task<IReadOnlyList<StreamRecord>> AppendAsync(IReadOnlyList<byte[]> records, long arrivalMs, Func<StreamRecord, StreamRecord>? seal) =>
            Log.AppendAsync(() =>
            {
                // Called under the log's append lock, so counters follow file order.
                var assigned = new StreamRecord[records.Count];
                for (var i = 0; i < records.Count; i++)
                {
                    var record = new StreamRecord(_next++, arrivalMs, "", records[i]);
                    assigned[i] = seal is null ? record : seal(record);
                }

                return assigned;
            });

        public void Delete()
        {
            Log.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        public void Dispose() => Log.Dispose();
    }
}
