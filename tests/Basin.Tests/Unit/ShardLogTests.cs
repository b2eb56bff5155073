using System.Text;
using Basin.Storage.Streams;

namespace Basin.Tests.Unit;

public sealed class ShardLogTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "basin-shardlog-" + Guid.NewGuid().ToString("N"));
    private readonly GroupFlusher _flusher = new();

    private static Func<IReadOnlyList<StreamRecord>> Records(ulong first, int count, long arrival = 1000, int size = 10) =>
        () => [.. Enumerable.Range(0, count).Select(i => new StreamRecord(first + (ulong)i, arrival + i, $"key-{i % 3}", Encoding.ASCII.GetBytes(new string('x', size - 1) + (i % 10))))];

    [Fact]
    public async Task Reads_from_a_counter_and_a_time_and_respects_limits()
    {
        using var log = new ShardLog(_dir, _flusher);
        await log.AppendAsync(Records(0, 100));
        Assert.Equal(100, log.Read(0, 0, 1000, long.MaxValue).Count);
        Assert.Equal(Enumerable.Range(40, 10).Select(i => (ulong)i), log.Read(40, 0, 10, long.MaxValue).Select(r => r.Counter));
        Assert.Equal(1050ul - 1000, log.Read(0, 1050, 1, long.MaxValue).Single().Counter);
        Assert.Equal(2, log.Read(0, 0, 1000, 25).Count); // 10-byte records: a third would cross 25 bytes
        Assert.Single(log.Read(0, 0, 1000, 1)); // the first record is returned even when it alone exceeds the cap
        Assert.Equal(99ul, log.LastCounter);
    }

    [Fact]
    public async Task A_reader_never_skips_records_of_appends_still_flushing_when_segments_roll()
    {
        // Many concurrent appends into tiny segments: later appends roll into new segments and may
        // be flushed before earlier ones. A reader following its cursor must still see every counter.
        using var log = new ShardLog(_dir, _flusher, segmentBytes: 4096);
        ulong next = 0;
        var gate = new object();
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var batch = 0; batch < 40; batch++)
            {
                await log.AppendAsync(() =>
                {
                    lock (gate)
                    {
                        var first = next;
                        next += 20;
                        return Records(first, 20, size: 60)();
                    }
                });
            }
        })).ToList();

        var seen = new List<ulong>();
        ulong cursor = 0;
        while (true)
        {
            var finished = writers.All(w => w.IsCompleted);
            var records = log.Read(cursor, 0, 1000, long.MaxValue);
            seen.AddRange(records.Select(r => r.Counter));
            if (records.Count > 0) cursor = records[^1].Counter + 1;
            else if (finished) break;
        }

        await Task.WhenAll(writers);
        Assert.Equal(Enumerable.Range(0, 8 * 40 * 20).Select(i => (ulong)i), seen);
    }

    [Fact]
    public async Task Rolls_segments_and_trims_whole_old_ones()
    {
        using var log = new ShardLog(_dir, _flusher, segmentBytes: 2048);
        for (var batch = 0; batch < 10; batch++) await log.AppendAsync(Records((ulong)(batch * 20), 20, arrival: batch * 1000, size: 50));
        Assert.True(Directory.GetFiles(_dir, "*.seg").Length > 3);
        var removed = log.TrimBefore(5000);
        Assert.True(removed > 0);
        var remaining = log.Read(0, 0, 10000, long.MaxValue);
        Assert.True(remaining[0].Counter > 0 && remaining[^1].Counter == 199);
        Assert.All(remaining, r => Assert.True(r.ArrivalMs >= 4000));
    }

    [Fact]
    public async Task Recovery_cuts_a_torn_tail_and_appends_continue()
    {
        using (var log = new ShardLog(_dir, _flusher))
        {
            await log.AppendAsync(Records(0, 10));
        }

        var segment = Directory.GetFiles(_dir, "*.seg").Single();
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write([42, 0, 0, 0, 1, 2, 3]); // half a frame, as a crash mid-append leaves it
        }

        using var recovered = new ShardLog(_dir, _flusher);
        Assert.Equal(9ul, recovered.LastCounter);
        await recovered.AppendAsync(Records(10, 5));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (ulong)i), recovered.Read(0, 0, 100, long.MaxValue).Select(r => r.Counter));
    }

    public void Dispose()
    {
        _flusher.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
