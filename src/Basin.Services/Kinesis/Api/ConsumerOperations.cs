using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis.Api;

/// <summary>
/// Enhanced fan-out: consumer registration and SubscribeToShard, which pushes records over an
/// HTTP/2 event stream as they are committed, for up to five minutes per subscription.
/// </summary>
public sealed class ConsumerOperations(KinesisContext kinesis)
{
    private const int MaxConsumersPerStream = 20;
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, byte> _subscriptions = new(StringComparer.Ordinal);

    public void Register(OperationTable operations)
    {
        operations.On<RegisterStreamConsumerInput, RegisterStreamConsumerOutput>("RegisterStreamConsumer", RegisterAsync);
        operations.On<DescribeStreamConsumerInput, DescribeStreamConsumerOutput>("DescribeStreamConsumer", (input, request) =>
            Task.FromResult(new DescribeStreamConsumerOutput { ConsumerDescription = Describe(Find(request, input.StreamARN, input.ConsumerName, input.ConsumerARN)) }));
        operations.On<ListStreamConsumersInput, ListStreamConsumersOutput>("ListStreamConsumers", ListAsync);
        operations.On<DeregisterStreamConsumerInput>("DeregisterStreamConsumer", (input, request) =>
            kinesis.Store.DeregisterConsumerAsync(Find(request, input.StreamARN, input.ConsumerName, input.ConsumerARN)));
        operations.On<SubscribeToShardInput, SubscribeToShardOutput>("SubscribeToShard", SubscribeAsync);
    }

    private async Task<RegisterStreamConsumerOutput> RegisterAsync(RegisterStreamConsumerInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, null, input.StreamARN ?? throw KinesisErrors.Validation("streamARN", null, "Member must not be null"), requireActive: true);
        var name = input.ConsumerName;
        if (string.IsNullOrEmpty(name) || name.Length > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw KinesisErrors.Validation("consumerName", name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }

        if (kinesis.Store.Consumers(stream.Arn).Count() >= MaxConsumersPerStream)
        {
            throw new AwsServiceException("LimitExceededException", $"Stream {stream.Name} under account {stream.Account} already has the maximum of {MaxConsumersPerStream} consumers.");
        }

        var now = kinesis.Now();
        var consumer = new ConsumerInfo($"{stream.Arn}/consumer/{name}:{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}", stream.Arn, name, now.ToUnixTimeMilliseconds());
        if (!await kinesis.Store.RegisterConsumerAsync(consumer).ConfigureAwait(false))
        {
            throw new AwsServiceException("ResourceInUseException", $"Consumer {name} under stream {stream.Name} under account {stream.Account} already exists.");
        }

        return new RegisterStreamConsumerOutput { Consumer = ToConsumer(consumer) };
    }

    private Task<ListStreamConsumersOutput> ListAsync(ListStreamConsumersInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, null, input.StreamARN ?? throw KinesisErrors.Validation("streamARN", null, "Member must not be null"));
        var max = input.MaxResults ?? 100;
        if (max is < 1 or > 10000) throw KinesisErrors.Validation("maxResults", max, "Member must have value between 1 and 10000");
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => KinesisErrors.InvalidArgument("Invalid NextToken.")) : null;
        var consumers = kinesis.Store.Consumers(stream.Arn)
            .Where(c => after is null || string.CompareOrdinal(c.Name, after) > 0)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var page = consumers.Take(max).ToList();
        return Task.FromResult(new ListStreamConsumersOutput
        {
            Consumers = [.. page.Select(ToConsumer)],
            NextToken = consumers.Count > max ? PageTokens.Encode(page[^1].Name) : null,
        });
    }

    private Task<SubscribeToShardOutput> SubscribeAsync(SubscribeToShardInput input, AwsRequest request)
    {
        var consumer = Find(request, null, null, input.ConsumerARN);
        if (Status(consumer) != "ACTIVE") throw new AwsServiceException("ResourceInUseException", $"Consumer {consumer.Arn} is not ACTIVE.");
        var stream = kinesis.Store.Find(consumer.StreamArn) ?? throw KinesisErrors.StreamNotFound(consumer.StreamArn.Split('/')[1], request.Caller.AccountId);
        var shard = kinesis.Store.Shards(stream.Arn).FirstOrDefault(s => s.ShardId == input.ShardId) ?? throw KinesisErrors.ShardNotFound(input.ShardId ?? string.Empty, stream.Name, stream.Account);
        var start = input.StartingPosition ?? throw KinesisErrors.Validation("startingPosition", null, "Member must not be null");
        var position = ShardPositions.Resolve(kinesis.Store, stream, shard, start.Type, start.SequenceNumber, start.Timestamp, "SubscribeToShard");
        var key = consumer.Arn + "|" + shard.ShardId;
        if (!_subscriptions.TryAdd(key, 0))
        {
            throw new AwsServiceException("ResourceInUseException", $"Another active subscription exists for consumer {consumer.Arn} on shard {shard.ShardId}.");
        }

        request.EventStream = Events(stream, shard.ShardId, position, key, CancellationToken.None);
        return Task.FromResult(new SubscribeToShardOutput());
    }

    /// <summary>
    /// The events of one subscription: records as soon as they are committed, an empty event as a
    /// heartbeat every 5 s, the ChildShards at the end of a closed shard, and nothing after five minutes.
    /// </summary>
    private async IAsyncEnumerable<object> Events(StreamInfo stream, string shardId, ShardPosition position, string key, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var log = kinesis.Store.Log(stream.Arn, shardId)!;
            var ends = kinesis.Now() + SubscriptionLifetime;
            var lastEvent = DateTimeOffset.MinValue;
            while (kinesis.Now() < ends && !cancellationToken.IsCancellationRequested)
            {
                var records = log.Read(position.NextCounter, position.MinArrivalMs, 10000, 10L * 1024 * 1024);
                var shard = kinesis.Store.Shards(stream.Arn).First(s => s.ShardId == shardId);
                var next = records.Count > 0 ? records[^1].Counter + 1 : position.NextCounter;
                var exhausted = ShardLineage.IsFinished(shard, log, next);
                var now = kinesis.Now();
                if (records.Count > 0 || exhausted || now - lastEvent >= Heartbeat)
                {
                    yield return new SubscribeToShardEvent
                    {
                        Records = [.. records.Select(r => RecordViews.ToRecord(stream, r, kinesis.Store.Sealer))],
                        ContinuationSequenceNumber = SequenceNumbers.Format(stream.CreatedMs, next == 0 ? 0 : next - 1),
                        MillisBehindLatest = log.LastCounter is { } tip && tip >= next && records.Count > 0 ? Math.Max(0, now.ToUnixTimeMilliseconds() - records[^1].ArrivalMs) : 0,
                        ChildShards = exhausted ? ShardLineage.ChildShards(kinesis.Store, stream, shardId) : null,
                    };
                    if (exhausted) yield break;
                    lastEvent = now;
                    position = position with { NextCounter = next };
                    continue;
                }

                await Task.Delay(Poll, kinesis.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _subscriptions.TryRemove(key, out _);
        }
    }

    private ConsumerInfo Find(AwsRequest request, string? streamArn, string? name, string? consumerArn)
    {
        if (consumerArn is not null)
        {
            var consumer = kinesis.Store.FindConsumer(consumerArn) ?? throw new AwsServiceException("ResourceNotFoundException", $"Consumer {consumerArn} not found.");
            kinesis.Access.Authorize(request, KinesisContext.AccountOf(consumer.StreamArn), consumer.Arn);
            return consumer;
        }

        if (streamArn is null || name is null) throw KinesisErrors.InvalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        var stream = kinesis.Resolve(request, null, streamArn);
        return kinesis.Store.Consumers(stream.Arn).FirstOrDefault(c => c.Name == name)
            ?? throw new AwsServiceException("ResourceNotFoundException", $"Consumer {name} under stream {stream.Name} under account {stream.Account} not found.");
    }

    private string Status(ConsumerInfo consumer) => kinesis.Status(new StreamInfo { Arn = consumer.Arn, Account = string.Empty, Region = string.Empty, Name = consumer.Name, CreatedMs = consumer.CreatedMs });

    private Consumer ToConsumer(ConsumerInfo c) => new()
    {
        ConsumerName = c.Name,
        ConsumerARN = c.Arn,
        ConsumerStatus = Status(c),
        ConsumerCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedMs),
    };

    private ConsumerDescription Describe(ConsumerInfo c) => new()
    {
        ConsumerName = c.Name,
        ConsumerARN = c.Arn,
        ConsumerStatus = Status(c),
        ConsumerCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedMs),
        StreamARN = c.StreamArn,
    };
}
