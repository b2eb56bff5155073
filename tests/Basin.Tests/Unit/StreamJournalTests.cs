using System.Text;
using Basin.Storage.Streams;

namespace Basin.Tests.Unit;

/// <summary>
/// A journaled stream acknowledges an append once its journal is flushed, so after a power loss
/// the journal must restore whatever the shard segments lost. SIGKILL alone cannot show that (the
/// page cache survives it), so these tests cut the segments as a power loss would.
/// </summary>
public sealed class StreamJournalTests : IDisposable
{
    private static readonly string[] ShardNames = ["shardId-000000000000", "shardId-000000000001"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "basin-journal-" + Guid.NewGuid().ToString("N"));
    private readonly GroupFlusher _flusher = new();
    private ulong _next;

    private string JournalDir => Path.Combine(_dir, "journal");

    private (StreamJournal Journal, Dictionary<string, ShardLog> Logs) Open(long journalBytes = 64L * 1024 * 1024, long segmentBytes = 64L * 1024 * 1024)
    {
        var journal = new StreamJournal(JournalDir, _flusher, journalBytes);
        var logs = ShardNames.ToDictionary(n => n, n => new ShardLog(Path.Combine(_dir, n), _flusher, segmentBytes, journal), StringComparer.Ordinal);
        return (journal, logs);
    }

    private static void Close((StreamJournal Journal, Dictionary<string, ShardLog> Logs) stream)
    {
        stream.Journal.Dispose();
        foreach (var log in stream.Logs.Values) log.Dispose();
    }

    private async Task PutAsync(ShardLog log, int count, int size = 40) =>
        await log.AppendAsync(() =>
        {
            var first = _next;
            _next += (ulong)count;
            return [.. Enumerable.Range(0, count).Select(i => new StreamRecord(first + (ulong)i, 1000, $"key-{i % 3}", Encoding.ASCII.GetBytes($"{first + (ulong)i}".PadLeft(size, '0'))))];
        });

    private static List<ulong> Counters(ShardLog log) => [.. log.Read(0, 0, 100_000, long.MaxValue).Select(r => r.Counter)];

    [Fact]
    public async Task Replay_restores_the_records_a_power_loss_took_from_shard_segments()
    {
        var stream = Open();
        stream.Journal.Recover(n => stream.Logs.GetValueOrDefault(n));
        for (var i = 0; i < 20; i++) await PutAsync(stream.Logs[ShardNames[i % 2]], 25);
        var before = ShardNames.ToDictionary(n => n, n => Counters(stream.Logs[n]));
        Close(stream);

        // The first shard keeps half a frame of its tail; the second lost everything.
        var first = Directory.GetFiles(Path.Combine(_dir, ShardNames[0]), "*.seg").Single();
        using (var file = new FileStream(first, FileMode.Open)) file.SetLength(file.Length / 2 + 3);
        File.WriteAllBytes(Directory.GetFiles(Path.Combine(_dir, ShardNames[1]), "*.seg").Single(), []);

        var reopened = Open();
        var replayed = reopened.Journal.Recover(n => reopened.Logs.GetValueOrDefault(n));
        Assert.True(replayed > 250, $"only {replayed} records replayed");
        foreach (var name in ShardNames) Assert.Equal(before[name], Counters(reopened.Logs[name]));
        Assert.Single(Directory.GetFiles(JournalDir, "*.jnl")); // the replayed journal gave way to a fresh one

        // Appends continue after the replayed tail, and a clean restart replays nothing.
        await PutAsync(reopened.Logs[ShardNames[1]], 5);
        Close(reopened);
        var clean = Open();
        Assert.Equal(0, clean.Journal.Recover(n => clean.Logs.GetValueOrDefault(n)));
        Assert.Equal(before[ShardNames[1]].Concat(Enumerable.Range(500, 5).Select(i => (ulong)i)), Counters(clean.Logs[ShardNames[1]]));
        Close(clean);
    }

    [Fact]
    public async Task A_torn_journal_tail_ends_the_replay_without_an_error()
    {
        var stream = Open();
        stream.Journal.Recover(n => stream.Logs.GetValueOrDefault(n));
        for (var i = 0; i < 4; i++) await PutAsync(stream.Logs[ShardNames[0]], 10);
        Close(stream);

        var journal = Directory.GetFiles(JournalDir, "*.jnl").Single();
        var length = new FileInfo(journal).Length;
        using (var file = new FileStream(journal, FileMode.Open)) file.SetLength(length - 7); // the last entry is torn
        File.WriteAllBytes(Directory.GetFiles(Path.Combine(_dir, ShardNames[0]), "*.seg").Single(), []);

        var reopened = Open();
        reopened.Journal.Recover(n => reopened.Logs.GetValueOrDefault(n));

        // The torn append was never acknowledged (its flush had not completed): the three before it are back.
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (ulong)i), Counters(reopened.Logs[ShardNames[0]]));
        Close(reopened);
    }

    [Fact]
    public async Task Checkpoints_delete_full_journal_segments_once_the_shards_are_durable()
    {
        var stream = Open(journalBytes: 8 * 1024, segmentBytes: 16 * 1024);
        stream.Journal.Recover(n => stream.Logs.GetValueOrDefault(n));
        for (var i = 0; i < 200; i++) await PutAsync(stream.Logs[ShardNames[i % 2]], 10);
        var before = ShardNames.ToDictionary(n => n, n => Counters(stream.Logs[n]));
        Close(stream); // waits for checkpoints in progress

        Assert.True(Directory.GetFiles(JournalDir, "*.jnl").Length <= 2, "full journal segments were not checkpointed away");
        Assert.True(Directory.GetFiles(Path.Combine(_dir, ShardNames[0]), "*.seg").Length > 3);
        var reopened = Open(journalBytes: 8 * 1024, segmentBytes: 16 * 1024);
        Assert.Equal(0, reopened.Journal.Recover(n => reopened.Logs.GetValueOrDefault(n)));
        foreach (var name in ShardNames) Assert.Equal(before[name], Counters(reopened.Logs[name]));
        Close(reopened);
    }

    [Fact]
    public async Task A_clean_close_checkpoints_so_the_next_start_replays_nothing()
    {
        var stream = Open();
        stream.Journal.Recover(n => stream.Logs.GetValueOrDefault(n));
        for (var i = 0; i < 10; i++) await PutAsync(stream.Logs[ShardNames[i % 2]], 20);
        stream.Journal.Close();
        foreach (var log in stream.Logs.Values) log.Dispose();
        Assert.Empty(Directory.GetFiles(JournalDir, "*.jnl"));

        var reopened = Open();
        Assert.Equal(0, reopened.Journal.Recover(n => reopened.Logs.GetValueOrDefault(n)));
        Assert.Equal(200, ShardNames.Sum(n => Counters(reopened.Logs[n]).Count));
        Close(reopened);
    }

    [Fact]
    public async Task Concurrent_puts_across_shards_are_all_durable_and_in_counter_order()
    {
        var stream = Open();
        stream.Journal.Recover(n => stream.Logs.GetValueOrDefault(n));
        var gate = new Lock();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var batch = 0; batch < 30; batch++)
            {
                await stream.Logs[ShardNames[(w + batch) % 2]].AppendAsync(() =>
                {
                    lock (gate)
                    {
                        var first = _next;
                        _next += 20;
                        return [.. Enumerable.Range(0, 20).Select(i => new StreamRecord(first + (ulong)i, 1000, "k", new byte[60]))];
                    }
                });
            }
        })).ToList();
        await Task.WhenAll(writers);
        Close(stream);

        // Lose every shard segment (no checkpoint ran): the journal alone brings every record back.
        foreach (var segment in Directory.GetFiles(_dir, "*.seg", SearchOption.AllDirectories)) File.WriteAllBytes(segment, []);
        var reopened = Open();
        reopened.Journal.Recover(n => reopened.Logs.GetValueOrDefault(n));
        var all = ShardNames.SelectMany(n => Counters(reopened.Logs[n])).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 8 * 30 * 20).Select(i => (ulong)i), all);
        foreach (var name in ShardNames)
        {
            var counters = Counters(reopened.Logs[name]);
            Assert.Equal(counters.Order(), counters);
        }

        Close(reopened);
    }

    public void Dispose()
    {
        _flusher.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
