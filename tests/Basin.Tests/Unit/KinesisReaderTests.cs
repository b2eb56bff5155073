using System.Text;
using Basin.Services.Kinesis;
using Basin.Storage.Kinesis;
using Basin.Storage.Streams;

namespace Basin.Tests.Unit;

/// <summary>The internal reader other services use: reads, lineage, and checkpoints that survive a reopen.</summary>
public sealed class KinesisReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "basin-reader-" + Guid.NewGuid().ToString("N"));
    private const string Arn = "arn:aws:kinesis:us-east-1:000000000000:stream/src";

    [Fact]
    public async Task Reads_resume_from_checkpoints_across_a_reopen_and_follow_children()
    {
        using (var store = new KinesisStore(_dir, new Basin.Storage.Keys.KeyVault(Path.Combine(_dir, "keys"))))
        {
            await store.CreateStreamAsync(new StreamInfo { Arn = Arn, Account = "000000000000", Region = "us-east-1", Name = "src", CreatedMs = 1_700_000_000_000 },
                [new ShardInfo { StreamArn = Arn, ShardId = "shardId-000000000000", StartingHashKey = UInt128.Zero, EndingHashKey = UInt128.MaxValue, StartingCounter = 0, CreatedMs = 0 }]);
            await Append(store, "shardId-000000000000", "a", "b", "c");
            var reader = new KinesisReader(store);
            var first = reader.ReadAfterCheckpoint("firehose-x", Arn, "shardId-000000000000", maxRecords: 2);
            Assert.Equal(["a", "b"], first.Records.Select(r => Encoding.UTF8.GetString(r.Data)));
            await reader.CheckpointAsync("firehose-x", Arn, "shardId-000000000000", first.Records[^1].Counter);
        }

        using (var store = new KinesisStore(_dir, new Basin.Storage.Keys.KeyVault(Path.Combine(_dir, "keys"))))
        {
            var reader = new KinesisReader(store);
            Assert.Equal(["c"], reader.ReadAfterCheckpoint("firehose-x", Arn, "shardId-000000000000").Records.Select(r => Encoding.UTF8.GetString(r.Data)));
            Assert.Equal(3, reader.ReadAfterCheckpoint("another-reader", Arn, "shardId-000000000000").Records.Count);

            // Close the shard into one child: the parent reads to its end, then names the child.
            var parent = store.Shards(Arn).Single();
            await store.ReshardAsync(Arn, [parent], _ => [new ShardInfo { StreamArn = Arn, ShardId = "shardId-000000000001", ParentShardId = parent.ShardId, StartingHashKey = UInt128.Zero, EndingHashKey = UInt128.MaxValue, StartingCounter = 0, CreatedMs = 0 }]);
            await Append(store, "shardId-000000000001", "d");
            var end = reader.Read(Arn, "shardId-000000000000", 3);
            Assert.True(end.Finished);
            Assert.Equal(["shardId-000000000001"], end.ChildShardIds);
            Assert.Equal(["d"], reader.Read(Arn, "shardId-000000000001", 0).Records.Select(r => Encoding.UTF8.GetString(r.Data)));
        }
    }

    private static Task Append(KinesisStore store, string shardId, params string[] values) =>
        store.Log(Arn, shardId)!.AppendAsync(() =>
        {
            var first = store.NextCounters(Arn, values.Length);
            return [.. values.Select((v, i) => new StreamRecord(first + (ulong)i, 1, "k", Encoding.UTF8.GetBytes(v)))];
        });

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
