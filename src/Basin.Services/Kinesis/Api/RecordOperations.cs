using System.Collections.Concurrent;
using System.Text;
using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;
using Basin.Storage.Streams;

namespace Basin.Services.Kinesis.Api;

/// <summary>PutRecord, PutRecords, GetShardIterator, GetRecords.</summary>
public sealed class RecordOperations(KinesisContext kinesis)
{
    private const long MaxPutRecordsBytes = 5L * 1024 * 1024;
    private const long MaxGetRecordsBytes = 10L * 1024 * 1024;

    public void Register(OperationTable operations)
    {
        operations.On<PutRecordInput, PutRecordOutput>("PutRecord", PutRecordAsync);
        operations.On<PutRecordsInput, PutRecordsOutput>("PutRecords", PutRecordsAsync);
        operations.On<GetShardIteratorInput, GetShardIteratorOutput>("GetShardIterator", GetShardIteratorAsync);
        operations.On<GetRecordsInput, GetRecordsOutput>("GetRecords", GetRecordsAsync);
    }

    private async Task<PutRecordOutput> PutRecordAsync(PutRecordInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var (key, data) = Validate(stream, "", input.PartitionKey, input.Data, input.ExplicitHashKey);
        var hash = HashKeys.ParseExplicit(input.ExplicitHashKey) ?? HashKeys.Of(key);
        var target = HashKeys.Route(kinesis.Store.Shards(stream.Arn), hash);
        if (!kinesis.Throttle.TryWrite(stream, target.ShardId, data.Length + Encoding.UTF8.GetByteCount(key))) throw RateExceeded(stream, target.ShardId);
        var (shard, appended) = (await AppendRoutedAsync(stream, [(hash, (key, data))]).ConfigureAwait(false))[0];
        return new PutRecordOutput { ShardId = shard.ShardId, SequenceNumber = SequenceNumbers.Format(stream.CreatedMs, appended.Counter), EncryptionType = stream.EncryptionType };
    }

    private async Task<PutRecordsOutput> PutRecordsAsync(PutRecordsInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN, requireActive: true);
        var entries = input.Records ?? [];
        if (entries.Count is < 1 or > 500) throw KinesisErrors.Validation("records", $"[{entries.Count} records]", "Member must have length less than or equal to 500 and greater than or equal to 1");

        // One pass over the records with plain arrays: this is the hottest path in Kinesis.
        var records = new (UInt128 Hash, (string Key, byte[] Data) Record)[entries.Count];
        var sizes = new int[entries.Count];
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var record = Validate(stream, $"records.{i + 1}.member.", e.PartitionKey, e.Data, e.ExplicitHashKey);
            records[i] = (HashKeys.ParseExplicit(e.ExplicitHashKey) ?? HashKeys.Of(record.Key), record);
            sizes[i] = record.Data.Length + Encoding.UTF8.GetByteCount(record.Key);
            total += sizes[i];
        }

        if (total > MaxPutRecordsBytes) throw KinesisErrors.InvalidArgument($"Records size exceeds 5 MB limit");

        // With throughput limits on, records over their shard's limit fail individually, as on AWS.
        var results = new PutRecordsResultEntry[entries.Count];
        var accepted = records;
        var acceptedIndexes = Enumerable.Range(0, entries.Count).ToArray();
        if (kinesis.Throttle.AppliesTo(stream))
        {
            var shards = kinesis.Store.Shards(stream.Arn);
            var kept = new List<int>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var shard = HashKeys.Route(shards, records[i].Hash);
                if (kinesis.Throttle.TryWrite(stream, shard.ShardId, sizes[i]))
                {
                    kept.Add(i);
                    continue;
                }

                var error = RateExceeded(stream, shard.ShardId);
                results[i] = new PutRecordsResultEntry { ErrorCode = error.Code, ErrorMessage = error.Message };
            }

            acceptedIndexes = [.. kept];
            accepted = [.. kept.Select(i => records[i])];
        }

        var appended = await AppendRoutedAsync(stream, accepted).ConfigureAwait(false);
        for (var k = 0; k < acceptedIndexes.Length; k++)
        {
            results[acceptedIndexes[k]] = new PutRecordsResultEntry { ShardId = appended[k].Shard.ShardId, SequenceNumber = SequenceNumbers.Format(stream.CreatedMs, appended[k].Record.Counter) };
        }

        return new PutRecordsOutput { FailedRecordCount = entries.Count - acceptedIndexes.Length, Records = [.. results], EncryptionType = stream.EncryptionType };
    }

    /// <summary>
    /// Routes records to open shards by hash key and appends each shard's group (in request order)
    /// in parallel. A group that meets a shard a reshard just sealed is routed again.
    /// </summary>
    private async Task<(ShardInfo Shard, StreamRecord Record)[]> AppendRoutedAsync(StreamInfo stream, IReadOnlyList<(UInt128 Hash, (string Key, byte[] Data) Record)> records)
    {
        var results = new (ShardInfo, StreamRecord)[records.Count];
        var pending = Enumerable.Range(0, records.Count).ToList();
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(Math.Min(attempt, 20)).ConfigureAwait(false);
            if (attempt > 200) throw new AwsServiceException("InternalFailureException", "The stream is being resharded; try again.", 500, senderFault: false);
            var shards = kinesis.Store.Shards(stream.Arn);
            var groups = new Dictionary<ShardInfo, List<int>>(ReferenceEqualityComparer.Instance);
            foreach (var i in pending)
            {
                var shard = HashKeys.Route(shards, records[i].Hash);
                if (!groups.TryGetValue(shard, out var members)) groups[shard] = members = [];
                members.Add(i);
            }

            var retry = new ConcurrentBag<int>();
            await Task.WhenAll(groups.Select(async group =>
            {
                var items = group.Value;
                try
                {
                    var appended = await AppendAsync(stream, group.Key, [.. items.Select(i => records[i].Record)]).ConfigureAwait(false);
                    for (var k = 0; k < items.Count; k++) results[items[k]] = (group.Key, appended[k]);
                }
                catch (ShardSealedException)
                {
                    foreach (var i in items) retry.Add(i);
                }
            })).ConfigureAwait(false);
            pending = [.. retry.Order()];
        }

        return results;
    }

    private async Task<IReadOnlyList<StreamRecord>> AppendAsync(StreamInfo stream, ShardInfo shard, IReadOnlyList<(string Key, byte[] Data)> records)
    {
        var log = kinesis.Store.Log(stream.Arn, shard.ShardId) ?? throw KinesisErrors.ShardNotFound(shard.ShardId, stream.Name, stream.Account);
        return await log.AppendAsync(() =>
        {
            // Counters are taken under the shard's append lock, so they are in file order.
            var first = kinesis.Store.NextCounters(stream.Arn, records.Count);
            var now = kinesis.Now().ToUnixTimeMilliseconds();

            // Server-side encryption seals each record with the stream's key; the counter binds it to its place.
            var current = kinesis.Store.Find(stream.Arn) ?? stream;
            return [.. records.Select((r, i) =>
            {
                var record = new StreamRecord(first + (ulong)i, now, r.Key, r.Data);
                return current.EncryptionType == "KMS" ? kinesis.Store.Sealer.Seal(record, current.KeyId!) : record;
            })];
        }).ConfigureAwait(false);
    }

    private static AwsServiceException RateExceeded(StreamInfo stream, string shardId) =>
        new("ProvisionedThroughputExceededException", $"Rate exceeded for shard {shardId} in stream {stream.Name} under account {stream.Account}.");

    /// <summary>AWS's record rules: a partition key of 1–256 characters and data plus key within the stream's maximum record size.</summary>
    private static (string Key, byte[] Data) Validate(StreamInfo stream, string prefix, string? partitionKey, byte[]? data, string? explicitHashKey)
    {
        if (partitionKey is null) throw KinesisErrors.Validation(prefix + "partitionKey", null, "Member must not be null");
        if (partitionKey.Length is < 1 or > 256) throw KinesisErrors.Validation(prefix + "partitionKey", partitionKey, "Member must have length less than or equal to 256 and greater than or equal to 1");
        if (data is null) throw KinesisErrors.Validation(prefix + "data", null, "Member must not be null");
        var max = stream.MaxRecordSizeKiB * 1024;
        if (data.Length + Encoding.UTF8.GetByteCount(partitionKey) > max)
        {
            throw KinesisErrors.Validation(prefix + "data", "java.nio.HeapByteBuffer", $"Member must have length less than or equal to {max} (including the partition key)");
        }

        if (explicitHashKey is not null && HashKeys.ParseExplicit(explicitHashKey) is null)
        {
            throw KinesisErrors.InvalidArgument($"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {explicitHashKey}");
        }

        return (partitionKey, data);
    }

    private Task<GetShardIteratorOutput> GetShardIteratorAsync(GetShardIteratorInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        var shard = kinesis.Store.Shards(stream.Arn).FirstOrDefault(s => s.ShardId == input.ShardId)
            ?? throw KinesisErrors.ShardNotFound(input.ShardId ?? string.Empty, stream.Name, stream.Account);
        var position = ShardPositions.Resolve(kinesis.Store, stream, shard, input.ShardIteratorType, input.StartingSequenceNumber, input.Timestamp, "GetShardIterator");
        return Task.FromResult(new GetShardIteratorOutput { ShardIterator = kinesis.Iterators.Issue(position, kinesis.Now()) });
    }

    private Task<GetRecordsOutput> GetRecordsAsync(GetRecordsInput input, AwsRequest request)
    {
        var limit = input.Limit ?? 10000;
        if (limit is < 1 or > 10000) throw KinesisErrors.Validation("limit", limit, "Member must have value less than or equal to 10000 and greater than or equal to 1");
        var (position, issued) = kinesis.Iterators.Read(input.ShardIterator);
        var now = kinesis.Now();
        if (now - issued > ShardIterators.Lifetime)
        {
            throw new AwsServiceException("ExpiredIteratorException", $"Iterator expired. The iterator was created at time {issued.UtcDateTime:ddd MMM dd HH:mm:ss UTC yyyy} while right now it is {now.UtcDateTime:ddd MMM dd HH:mm:ss UTC yyyy} which is further in the future than the tolerated delay of 300000 milliseconds.");
        }

        var stream = kinesis.Store.Find(position.StreamArn) ?? throw KinesisErrors.StreamNotFound(position.StreamArn.Split('/').Last(), request.Caller.AccountId);
        var shard = kinesis.Store.Shards(stream.Arn).FirstOrDefault(s => s.ShardId == position.ShardId)
            ?? throw KinesisErrors.ShardNotFound(position.ShardId, stream.Name, stream.Account);
        kinesis.Access.Authorize(request, stream.Account, stream.Arn);
        var log = kinesis.Store.Log(stream.Arn, shard.ShardId)!;
        if (!kinesis.Throttle.TryRead(stream, shard.ShardId)) throw RateExceeded(stream, shard.ShardId);
        var records = log.Read(position.NextCounter, position.MinArrivalMs, limit, MaxGetRecordsBytes);
        if (kinesis.Throttle.AppliesTo(stream)) kinesis.Throttle.Charge(stream, shard.ShardId, records.Sum(r => (long)r.Data.Length));
        var next = records.Count > 0 ? records[^1].Counter + 1 : position.NextCounter;
        var caughtUp = records.Count == 0 || log.LastCounter is not { } last || last < next;
        var exhausted = ShardLineage.IsFinished(shard, log, next);
        return Task.FromResult(new GetRecordsOutput
        {
            Records = [.. records.Select(r => RecordViews.ToRecord(stream, r, kinesis.Store.Sealer))],
            NextShardIterator = exhausted ? null : kinesis.Iterators.Issue(position with { NextCounter = next }, now),
            MillisBehindLatest = caughtUp ? 0 : Math.Max(0, now.ToUnixTimeMilliseconds() - records[^1].ArrivalMs),

            // At the end of a closed shard, the children a reader continues with.
            ChildShards = exhausted ? ShardLineage.ChildShards(kinesis.Store, stream, shard.ShardId) : null,
        });
    }
}
