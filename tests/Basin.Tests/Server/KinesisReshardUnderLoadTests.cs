using System.Collections.Concurrent;
using System.Text;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>
/// Producers keep writing while the stream is split, merged and rescaled. Appends that reach a
/// shard sealed by the reshard are routed again, so no acknowledged record is lost or duplicated,
/// and each partition key's records keep their send order across parents and children.
/// </summary>
public sealed class KinesisReshardUnderLoadTests : IAsyncLifetime
{
    private BasinServer _basin = null!;
    private JsonServiceClient _kinesis = null!;

    public async Task InitializeAsync()
    {
        _basin = await BasinServer.StartAsync();
        _kinesis = new JsonServiceClient(_basin.Endpoint, "kinesis", "Kinesis_20131202");
    }

    public async Task DisposeAsync()
    {
        _kinesis.Dispose();
        await _basin.DisposeAsync();
    }

    [Fact]
    public async Task Records_written_during_reshards_are_all_there_in_key_order()
    {
        await _kinesis.CallAsync("CreateStream", new { StreamName = "busy", ShardCount = 2 });
        var acked = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var data = $"p{p}#{i}";
                var put = await _kinesis.CallAsync("PutRecord", new { StreamName = "busy", PartitionKey = $"key-{p}", Data = JsonServiceClient.Base64(data) });
                acked[data] = put["SequenceNumber"]!.GetValue<string>();
            }
        })).ToList();

        await Task.Delay(100);
        await _kinesis.CallAsync("UpdateShardCount", new { StreamName = "busy", TargetShardCount = 4, ScalingType = "UNIFORM_SCALING" });
        await Task.Delay(100);
        await _kinesis.CallAsync("SplitShard", new { StreamName = "busy", ShardToSplit = "shardId-000000000002", NewStartingHashKey = (UInt128.MaxValue / 8).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Task.Delay(100);
        await _kinesis.CallAsync("UpdateShardCount", new { StreamName = "busy", TargetShardCount = 3, ScalingType = "UNIFORM_SCALING" });

        // Enough writes after the last reshard however slow the machine is, not a fixed time.
        var target = acked.Count + 100;
        for (var waited = 0; acked.Count < target && waited < 30_000; waited += 10) await Task.Delay(10);
        await stop.CancelAsync();
        await Task.WhenAll(producers);

        var shards = (await _kinesis.CallAsync("ListShards", new { StreamName = "busy" }))["Shards"]!.AsArray();
        var stored = new List<(string Data, string Key, string Sequence)>();
        foreach (var shard in shards)
        {
            var iterator = (await _kinesis.CallAsync("GetShardIterator", new { StreamName = "busy", ShardId = shard!["ShardId"]!.GetValue<string>(), ShardIteratorType = "TRIM_HORIZON" }))["ShardIterator"]?.GetValue<string>();
            while (iterator is not null)
            {
                var page = await _kinesis.CallAsync("GetRecords", new { ShardIterator = iterator });
                var records = page["Records"]!.AsArray();
                stored.AddRange(records.Select(r => (Encoding.UTF8.GetString(Convert.FromBase64String(r!["Data"]!.GetValue<string>())), r["PartitionKey"]!.GetValue<string>(), r["SequenceNumber"]!.GetValue<string>())));
                iterator = records.Count == 0 ? null : page["NextShardIterator"]?.GetValue<string>();
            }
        }

        Assert.True(acked.Count > 100, $"only {acked.Count} records were written");
        Assert.Equal(stored.Count, stored.Select(s => s.Data).Distinct().Count());
        Assert.Equal(acked.Count, stored.Count);
        foreach (var s in stored) Assert.Equal(acked[s.Data], s.Sequence);
        foreach (var key in stored.GroupBy(s => s.Key))
        {
            var order = key.OrderBy(s => s.Sequence, StringComparer.Ordinal).Select(s => int.Parse(s.Data.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, order.Count), order);
        }

        Assert.Equal(3, shards.Count(s => s!["SequenceNumberRange"]!["EndingSequenceNumber"] is null));
    }
}
