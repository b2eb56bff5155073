using System.Diagnostics;
using System.Text.Json;

namespace Basin.Bench;

/// <summary>The Kinesis figures issue 4 asks for, measured the same way against any endpoint.</summary>
public sealed class KinesisWorkloads(SignedJsonClient kinesis, TimeSpan duration)
{
    /// <summary>Records/s and MB/s of PutRecords with 500 records of <paramref name="recordBytes"/> from <paramref name="producers"/> producers.</summary>
    public async Task<(double RecordsPerSecond, double MBps)> PutRecordsAsync(string stream, int recordBytes, int producers)
    {
        var data = Convert.ToBase64String(new byte[recordBytes]);
        var bodies = Enumerable.Range(0, producers).Select(p => JsonSerializer.SerializeToUtf8Bytes(new
        {
            StreamName = stream,
            Records = Enumerable.Range(0, 500).Select(i => new { PartitionKey = $"p{p}-{i}", Data = data }),
        })).ToArray();
        // Warm-up seconds first, so both servers are measured in their steady state: a profile of
        // Basin one second in still showed the JIT's tiering thread busy on 12% of the CPU.
        await RunProducersAsync(bodies, TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();
        var records = await RunProducersAsync(bodies, duration);
        var seconds = clock.Elapsed.TotalSeconds;
        return (records / seconds, records * (double)recordBytes / 1e6 / seconds);
    }

    private async Task<long> RunProducersAsync(byte[][] bodies, TimeSpan length)
    {
        long records = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(bodies.Select(body => Task.Run(async () =>
        {
            while (clock.Elapsed < length)
            {
                var failed = await kinesis.CallScanAsync("PutRecords", body, FailedRecordCount);
                Interlocked.Add(ref records, 500 - failed);
            }
        })));
        return records;
    }

    /// <summary>
    /// Records/s reading a shard from TRIM_HORIZON to the end with GetRecords (Limit 10,000), after
    /// draining <paramref name="warmUpShardId"/> the same way unmeasured.
    /// </summary>
    public async Task<(double RecordsPerSecond, long Records)> DrainAsync(string stream, string shardId, string warmUpShardId)
    {
        await DrainAsync(stream, warmUpShardId);
        return await DrainAsync(stream, shardId);
    }

    private async Task<(double RecordsPerSecond, long Records)> DrainAsync(string stream, string shardId)
    {
        var iterator = (await kinesis.CallAsync("GetShardIterator", new { StreamName = stream, ShardId = shardId, ShardIteratorType = "TRIM_HORIZON" }))["ShardIterator"]!.GetValue<string>();
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Scan the response instead of building a JSON tree, so the client is not the bottleneck.
            var (n, next) = await kinesis.CallScanAsync("GetRecords", JsonSerializer.SerializeToUtf8Bytes(new { ShardIterator = iterator, Limit = 10000 }), ScanPage);
            if (n == 0 || next is null) break;
            count += n;
            iterator = next;
        }

        return (count / clock.Elapsed.TotalSeconds, count);
    }

    /// <summary>FailedRecordCount of a PutRecords answer, read without building a tree of its 500 entries.</summary>
    private static int FailedRecordCount(ReadOnlySpan<byte> answer)
    {
        var reader = new Utf8JsonReader(answer);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("FailedRecordCount"u8))
            {
                reader.Read();
                return reader.GetInt32();
            }
        }

        throw new InvalidDataException("PutRecords answered without FailedRecordCount");
    }

    private static (int Records, string? NextIterator) ScanPage(ReadOnlySpan<byte> page)
    {
        var reader = new Utf8JsonReader(page);
        var records = 0;
        string? next = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2) records++;
            else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("NextShardIterator"u8))
            {
                reader.Read();
                next = reader.GetString();
            }
        }

        return (records, next);
    }

    /// <summary>Put→visible latency: a producer puts timestamped records; a poller calls GetRecords back to back.</summary>
    public async Task<LoadResult> LatencyAsync(string stream, int samples)
    {
        var iterator = (await kinesis.CallAsync("GetShardIterator", new { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "LATEST" }))["ShardIterator"]!.GetValue<string>();
        var latencies = new List<double>();
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < samples; i++)
            {
                var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                sent[id] = Stopwatch.GetTimestamp();
                await kinesis.CallAsync("PutRecord", new { StreamName = stream, PartitionKey = "latency", Data = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(id)) });
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();
        while (latencies.Count < samples && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var page = await kinesis.CallAsync("GetRecords", new { ShardIterator = iterator, Limit = 10000 });
            var now = Stopwatch.GetTimestamp();
            foreach (var r in page["Records"]!.AsArray())
            {
                var id = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(r!["Data"]!.GetValue<string>()));
                latencies.Add((now - sent[id]) * 1000.0 / Stopwatch.Frequency);
            }

            iterator = page["NextShardIterator"]!.GetValue<string>();
        }

        await producer;
        return LoadResult.From(latencies, clock.Elapsed, samples - latencies.Count);
    }
}
