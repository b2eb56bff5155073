using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Basin.Storage.Metadata;
using Basin.Storage.Streams;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.Kinesis;

/// <summary>
/// Kinesis streams on disk: the catalog (streams, shards) in SQLite and one <see cref="ShardLog"/>
/// per shard under <c>streams/&lt;stream id&gt;/&lt;shard id&gt;/</c>, made durable through the
/// stream's <see cref="StreamJournal"/> in <c>streams/&lt;stream id&gt;/journal/</c> (one fsync per
/// put, however many shards it touches). Each stream has one counter
/// that numbers its records across all shards; it resumes after a restart from the highest
/// counter found in the logs or recorded for a shard.
/// </summary>
public sealed class KinesisStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS streams(arn TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS shards(stream_arn TEXT NOT NULL, shard_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(stream_arn, shard_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS consumers(stream_arn TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(stream_arn, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS policies(arn TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS account_settings(scope TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkpoints(reader TEXT NOT NULL, stream_arn TEXT NOT NULL, shard_id TEXT NOT NULL, counter INTEGER NOT NULL, PRIMARY KEY(reader, stream_arn, shard_id)) WITHOUT ROWID;
        """;

    private readonly string _root;
    private readonly SqliteDatabase _db;
    private readonly GroupFlusher _flusher = new();
    private readonly ConcurrentDictionary<string, StreamState> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConsumerInfo> _consumers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccountSettings> _settings = new(StringComparer.Ordinal);

    public KinesisStore(string root, Keys.KeyVault keys)
    {
        _root = root;
        Sealer = new RecordSealer(keys);
        Directory.CreateDirectory(root);
        _db = new SqliteDatabase(Path.Combine(root, "catalog.db"), Schema);
        var shards = _db.Read(c => ReadAll<ShardInfo>(c, "SELECT doc FROM shards")).ToLookup(s => s.StreamArn, StringComparer.Ordinal);
        foreach (var stream in _db.Read(c => ReadAll<StreamInfo>(c, "SELECT doc FROM streams")))
        {
            var state = new StreamState(stream, LogDirectory(stream.Arn), _flusher);
            foreach (var shard in shards[stream.Arn]) state.AddShard(shard);
            state.Recover();
            _streams[stream.Arn] = state;
        }

        foreach (var consumer in _db.Read(c => ReadAll<ConsumerInfo>(c, "SELECT doc FROM consumers"))) _consumers[consumer.Arn] = consumer;
        foreach (var (arn, doc) in _db.Read(c => ReadPairs(c, "SELECT arn, doc FROM policies"))) _policies[arn] = doc;
        foreach (var (scope, doc) in _db.Read(c => ReadPairs(c, "SELECT scope, doc FROM account_settings"))) _settings[scope] = JsonSerializer.Deserialize<AccountSettings>(doc)!;
    }

    /// <summary>The resource policy attached to a stream or consumer ARN, exactly as PutResourcePolicy took it.</summary>
    public string? ResourcePolicy(string arn) => _policies.GetValueOrDefault(arn);

    /// <summary>Attaches (or with null, removes) the resource policy of a stream or consumer.</summary>
    public async Task SetResourcePolicyAsync(string arn, string? policy)
    {
        await _db.WriteAsync(c =>
        {
            using var cmd = policy is null
                ? SqliteDatabase.Command(c, "DELETE FROM policies WHERE arn=$a", ("$a", arn))
                : SqliteDatabase.Command(c, "INSERT OR REPLACE INTO policies VALUES($a,$d)", ("$a", arn), ("$d", policy));
            return cmd.ExecuteNonQuery();
        }).ConfigureAwait(false);
        if (policy is null) _policies.TryRemove(arn, out _);
        else _policies[arn] = policy;
    }

    /// <summary>An account's Kinesis settings in one region (<paramref name="scope"/> is "account/region"), null if never set.</summary>
    public AccountSettings? Settings(string scope) => _settings.GetValueOrDefault(scope);

    public async Task SetSettingsAsync(string scope, AccountSettings settings)
    {
        await _db.WriteAsync(c =>
        {
            using var cmd = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO account_settings VALUES($s,$d)", ("$s", scope), ("$d", JsonSerializer.Serialize(settings)));
            return cmd.ExecuteNonQuery();
        }).ConfigureAwait(false);
        _settings[scope] = settings;
    }

    /// <summary>Durably records that <paramref name="reader"/> has processed a shard up to <paramref name="counter"/>.</summary>
    public Task CheckpointAsync(string reader, string streamArn, string shardId, ulong counter) =>
        _db.WriteAsync(c =>
        {
            using var cmd = SqliteDatabase.Command(c, "INSERT OR REPLACE INTO checkpoints VALUES($r,$a,$s,$c)", ("$r", reader), ("$a", streamArn), ("$s", shardId), ("$c", (long)counter));
            return cmd.ExecuteNonQuery();
        });

    /// <summary>The counter a reader last checkpointed on a shard, or null if it never did.</summary>
    public ulong? CheckpointOf(string reader, string streamArn, string shardId) => _db.Read(c =>
    {
        using var cmd = SqliteDatabase.Command(c, "SELECT counter FROM checkpoints WHERE reader=$r AND stream_arn=$a AND shard_id=$s", ("$r", reader), ("$a", streamArn), ("$s", shardId));
        return cmd.ExecuteScalar() is long counter ? (ulong?)counter : null;
    });

    public IEnumerable<ConsumerInfo> Consumers(string streamArn) => _consumers.Values.Where(c => c.StreamArn == streamArn);

    public ConsumerInfo? FindConsumer(string arn) => _consumers.GetValueOrDefault(arn);

    /// <summary>Registers a consumer; false if the stream already has one with that name.</summary>
    public async Task<bool> RegisterConsumerAsync(ConsumerInfo consumer)
    {
        var added = await _db.WriteAsync(c =>
        {
            using var exists = SqliteDatabase.Command(c, "SELECT 1 FROM consumers WHERE stream_arn=$a AND name=$n", ("$a", consumer.StreamArn), ("$n", consumer.Name));
            if (exists.ExecuteScalar() is not null) return false;
            Upsert(c, "consumers", consumer.StreamArn, ("name", consumer.Name), consumer);
            return true;
        }).ConfigureAwait(false);
        if (added) _consumers[consumer.Arn] = consumer;
        return added;
    }

    public async Task DeregisterConsumerAsync(ConsumerInfo consumer)
    {
        await _db.WriteAsync(c =>
        {
            using var delete = SqliteDatabase.Command(c, "DELETE FROM consumers WHERE stream_arn=$a AND name=$n", ("$a", consumer.StreamArn), ("$n", consumer.Name));
            delete.ExecuteNonQuery();
            using var policy = SqliteDatabase.Command(c, "DELETE FROM policies WHERE arn=$a", ("$a", consumer.Arn));
            return policy.ExecuteNonQuery();
        }).ConfigureAwait(false);
        _consumers.TryRemove(consumer.Arn, out _);
        _policies.TryRemove(consumer.Arn, out _);
    }

    /// <summary>Encrypts records of streams with server-side encryption on, and opens them on read.</summary>
    public RecordSealer Sealer { get; }

    public IEnumerable<StreamInfo> Streams => _streams.Values.Select(s => s.Info);

    public StreamInfo? Find(string arn) => _streams.TryGetValue(arn, out var s) ? s.Info : null;

    public IReadOnlyList<ShardInfo> Shards(string arn) =>
        _streams.TryGetValue(arn, out var s) ? s.ShardList : [];

    public ShardLog? Log(string arn, string shardId) =>
        _streams.TryGetValue(arn, out var s) ? s.LogOf(shardId) : null;

    /// <summary>Reserves the next <paramref name="count"/> counters of a stream; returns the first.</summary>
    public ulong NextCounters(string arn, int count) => _streams[arn].Reserve(count);

    /// <summary>The counter the next record will get (what a LATEST iterator starts from).</summary>
    public ulong PeekCounter(string arn) => _streams[arn].Peek();

    /// <summary>Creates a stream with its shards; false if a stream with that ARN exists.</summary>
    public async Task<bool> CreateStreamAsync(StreamInfo stream, IReadOnlyList<ShardInfo> shards)
    {
        var created = await _db.WriteAsync(c =>
        {
            using var exists = SqliteDatabase.Command(c, "SELECT 1 FROM streams WHERE arn=$a", ("$a", stream.Arn));
            if (exists.ExecuteScalar() is not null) return false;
            Upsert(c, "streams", stream.Arn, null, stream);
            foreach (var shard in shards) Upsert(c, "shards", shard.StreamArn, ("shard_id", shard.ShardId), shard);
            return true;
        }).ConfigureAwait(false);
        if (!created) return false;
        var state = new StreamState(stream, LogDirectory(stream.Arn), _flusher);
        foreach (var shard in shards) state.AddShard(shard);
        state.Recover();
        _streams[stream.Arn] = state;
        return true;
    }

    /// <summary>
    /// Closes <paramref name="parents"/> and opens <paramref name="children"/> in one transaction.
    /// Each parent's log is sealed first, so its ending counter covers every record it will hold.
    /// </summary>
    public async Task<IReadOnlyList<ShardInfo>> ReshardAsync(string arn, IReadOnlyList<ShardInfo> parents, Func<IReadOnlyDictionary<string, ulong>, IReadOnlyList<ShardInfo>> children)
    {
        var state = _streams[arn];
        var closed = parents.Select(p =>
        {
            var last = state.LogOf(p.ShardId)!.Seal();
            return p with { EndingCounter = Math.Max(last ?? p.StartingCounter, p.StartingCounter) };
        }).ToList();
        var start = state.Peek();
        var created = children(closed.ToDictionary(c => c.ShardId, c => c.EndingCounter!.Value, StringComparer.Ordinal))
            .Select(c => c with { StartingCounter = start })
            .ToList();
        await _db.WriteAsync(c =>
        {
            foreach (var shard in closed.Concat(created)) Upsert(c, "shards", arn, ("shard_id", shard.ShardId), shard);
            return true;
        }).ConfigureAwait(false);
        // Children open before parents close, so every hash key always has an open shard; a
        // producer that still picks a sealed parent meanwhile is routed again.
        foreach (var shard in created) state.AddShard(shard);
        foreach (var shard in closed) state.ReplaceShard(shard);
        return created;
    }

    public async Task UpdateStreamAsync(StreamInfo stream)
    {
        await _db.WriteAsync(c =>
        {
            Upsert(c, "streams", stream.Arn, null, stream);
            return true;
        }).ConfigureAwait(false);
        if (_streams.TryGetValue(stream.Arn, out var state)) state.Info = stream;
    }

    public async Task DeleteStreamAsync(string arn)
    {
        await _db.WriteAsync(c =>
        {
            using var streams = SqliteDatabase.Command(c, "DELETE FROM streams WHERE arn=$a", ("$a", arn));
            streams.ExecuteNonQuery();
            using var shards = SqliteDatabase.Command(c, "DELETE FROM shards WHERE stream_arn=$a", ("$a", arn));
            shards.ExecuteNonQuery();
            using var consumers = SqliteDatabase.Command(c, "DELETE FROM consumers WHERE stream_arn=$a", ("$a", arn));
            consumers.ExecuteNonQuery();
            using var checkpoints = SqliteDatabase.Command(c, "DELETE FROM checkpoints WHERE stream_arn=$a", ("$a", arn));
            checkpoints.ExecuteNonQuery();

            // The stream's policy and its consumers' policies (ARNs under the stream's) go with it.
            using var policies = SqliteDatabase.Command(c, "DELETE FROM policies WHERE arn=$a OR substr(arn, 1, length($a) + 10) = $a || '/consumer/'", ("$a", arn));
            return policies.ExecuteNonQuery();
        }).ConfigureAwait(false);
        foreach (var consumer in Consumers(arn).ToList()) _consumers.TryRemove(consumer.Arn, out _);
        foreach (var policy in _policies.Keys.Where(k => k == arn || k.StartsWith(arn + "/consumer/", StringComparison.Ordinal)).ToList()) _policies.TryRemove(policy, out _);
        if (_streams.TryRemove(arn, out var state)) state.Delete();
    }

    /// <summary>Applies retention to every stream: whole segments older than the stream's period go.</summary>
    public int Trim(DateTimeOffset now) =>
        _streams.Values.Sum(s => s.Trim(now.AddHours(-s.Info.RetentionHours).ToUnixTimeMilliseconds()));

    private string LogDirectory(string arn) =>
        Path.Combine(_root, "streams", Files.ResourceDirectories.Name(arn));

    /// <summary>Writes a document row: streams are keyed by ARN, shards and consumers by (stream ARN, <paramref name="child"/>).</summary>
    private static void Upsert<T>(SqliteConnection c, string table, string arn, (string Column, string Value)? child, T doc)
    {
        var json = JsonSerializer.Serialize(doc, UInt128Json.Options);
        using var cmd = child is not { } k
            ? SqliteDatabase.Command(c, $"INSERT OR REPLACE INTO {table}(arn, doc) VALUES($a,$d)", ("$a", arn), ("$d", json))
            : SqliteDatabase.Command(c, $"INSERT OR REPLACE INTO {table}(stream_arn, {k.Column}, doc) VALUES($a,$s,$d)", ("$a", arn), ("$s", k.Value), ("$d", json));
        cmd.ExecuteNonQuery();
    }

    private static List<(string Key, string Doc)> ReadPairs(SqliteConnection c, string sql)
    {
        using var cmd = SqliteDatabase.Command(c, sql);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static List<T> ReadAll<T>(SqliteConnection c, string sql)
    {
        using var cmd = SqliteDatabase.Command(c, sql);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(JsonSerializer.Deserialize<T>(r.GetString(0), UInt128Json.Options)!);
        return list;
    }

    public void Dispose()
    {
        foreach (var s in _streams.Values) s.Dispose();
        _flusher.Dispose();
        _db.Dispose();
    }

    /// <summary>A stream's open logs, its journal and its counter.</summary>
    private sealed class StreamState(StreamInfo info, string dir, GroupFlusher flusher) : IDisposable
    {
        private readonly ConcurrentDictionary<string, (ShardInfo Info, ShardLog Log)> _shards = new(StringComparer.Ordinal);
        private readonly StreamJournal _journal = new(Path.Combine(dir, "journal"), flusher);
        private long _next;

        public StreamInfo Info { get; set; } = info;

        // Read on every put and get, changed only by a reshard: rebuilt then, never per call.
        private IReadOnlyList<ShardInfo> _shardList = [];

        public IReadOnlyList<ShardInfo> ShardList => Volatile.Read(ref _shardList);

        public void AddShard(ShardInfo shard)
        {
            _shards[shard.ShardId] = (shard, new ShardLog(Path.Combine(dir, shard.ShardId), flusher, journal: _journal));
            if ((long)shard.StartingCounter > _next) _next = (long)shard.StartingCounter;
            RebuildList();
        }

        public ShardLog? LogOf(string shardId) => _shards.TryGetValue(shardId, out var s) ? s.Log : null;

        public void ReplaceShard(ShardInfo shard)
        {
            _shards[shard.ShardId] = (shard, _shards[shard.ShardId].Log);
            RebuildList();
        }

        private void RebuildList() =>
            Volatile.Write(ref _shardList, [.. _shards.Values.Select(s => s.Info).OrderBy(s => s.ShardId, StringComparer.Ordinal)]);

        /// <summary>Once every shard is added: replays the journal into the logs, then resumes the counter past their newest record.</summary>
        public void Recover()
        {
            _journal.Recover(LogOf);
            foreach (var (_, log) in _shards.Values)
            {
                if (log.LastCounter is { } last && (long)last + 1 > _next) _next = (long)last + 1;
            }
        }

        public ulong Reserve(int count) => (ulong)(Interlocked.Add(ref _next, count) - count);

        public ulong Peek() => (ulong)Interlocked.Read(ref _next);

        public int Trim(long cutoffMs) => _shards.Values.Sum(s => s.Log.TrimBefore(cutoffMs));

        public void Delete()
        {
            _journal.Dispose();
            foreach (var (_, log) in _shards.Values) log.Dispose();
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }

        public void Dispose()
        {
            _journal.Close();
            foreach (var (_, log) in _shards.Values) log.Dispose();
        }
    }
}

/// <summary>System.Text.Json has no UInt128 support; hash keys are stored as decimal strings.</summary>
internal static class UInt128Json
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new Converter());
        return options;
    }

    private sealed class Converter : System.Text.Json.Serialization.JsonConverter<UInt128>
    {
        public override UInt128 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            UInt128.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, UInt128 value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
