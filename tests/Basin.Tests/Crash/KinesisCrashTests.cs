using System.Collections.Concurrent;
using System.Text;
using Basin.Tests.Support;

namespace Basin.Tests.Crash;

/// <summary>
/// A PutRecords success means every record in it survives a crash. Producers write concurrently
/// to a four-shard stream while the process is SIGKILLed; after a restart every acknowledged
/// record is there exactly once with its sequence number, nothing is duplicated, and the order
/// of each partition key holds.
/// </summary>
public sealed class KinesisCrashTests
{
    [Fact]
    public async Task Acknowledged_records_survive_sigkill_exactly_once_in_order()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-kcrash-" + Guid.NewGuid().ToString("N"));
        var acked = new ConcurrentDictionary<string, string>(); // data -> sequence number
        try
        {
            using (var basin = await BasinProcess.StartAsync(dataDir))
            {
                using var kinesis = new JsonServiceClient(basin.Endpoint, "kinesis", "Kinesis_20131202");
                await kinesis.CallAsync("CreateStream", new { StreamName = "crash", ShardCount = 4 });
                using var stop = new CancellationTokenSource();
                var producers = Enumerable.Range(0, 6).Select(p => ProduceAsync(kinesis, p, acked, stop.Token)).ToList();
                for (var waited = 0; acked.Count < 500 && waited < 30_000; waited += 20) await Task.Delay(20);
                await Task.Delay(Random.Shared.Next(300));
                basin.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(producers);
            }

            Assert.True(acked.Count >= 500, $"only {acked.Count} records were acknowledged before the kill");
            using var restarted = await BasinProcess.StartAsync(dataDir);
            using var client = new JsonServiceClient(restarted.Endpoint, "kinesis", "Kinesis_20131202");
            var stored = new List<(string Data, string Key, string Sequence)>();
            for (var shard = 0; shard < 4; shard++)
            {
                var iterator = (await client.CallAsync("GetShardIterator", new { StreamName = "crash", ShardId = $"shardId-{shard:D12}", ShardIteratorType = "TRIM_HORIZON" }))["ShardIterator"]!.GetValue<string>();
                while (true)
                {
                    var page = await client.CallAsync("GetRecords", new { ShardIterator = iterator, Limit = 10000 });
                    var records = page["Records"]!.AsArray();
                    foreach (var r in records)
                    {
                        stored.Add((Encoding.UTF8.GetString(Convert.FromBase64String(r!["Data"]!.GetValue<string>())), r["PartitionKey"]!.GetValue<string>(), r["SequenceNumber"]!.GetValue<string>()));
                    }

                    if (records.Count == 0) break;
                    iterator = page["NextShardIterator"]!.GetValue<string>();
                }
            }

            Assert.Equal(stored.Count, stored.Select(s => s.Data).Distinct().Count());
            var bySequence = stored.ToDictionary(s => s.Data, s => s.Sequence);
            foreach (var (data, sequence) in acked)
            {
                Assert.True(bySequence.TryGetValue(data, out var found), $"acknowledged record {data} is missing");
                Assert.Equal(sequence, found);
            }

            // Within a partition key, sequence order is the order the producer sent.
            foreach (var key in stored.GroupBy(s => s.Key))
            {
                var ordered = key.OrderBy(s => s.Sequence, StringComparer.Ordinal).Select(s => int.Parse(s.Data.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(ordered.Order().ToList(), ordered);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task ProduceAsync(JsonServiceClient kinesis, int producer, ConcurrentDictionary<string, string> acked, CancellationToken stop)
    {
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            // One partition key per producer, so its records must come back in send order.
            var batch = Enumerable.Range(0, 50).Select(_ => $"p{producer}#{next++}").ToList();
            try
            {
                var result = await kinesis.CallAsync("PutRecords", new
                {
                    StreamName = "crash",
                    Records = batch.Select(d => new { PartitionKey = $"producer-{producer}", Data = JsonServiceClient.Base64(d) }),
                }, stop);
                var entries = result["Records"]!.AsArray();
                for (var i = 0; i < batch.Count; i++) acked[batch[i]] = entries[i]!["SequenceNumber"]!.GetValue<string>();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }
}
