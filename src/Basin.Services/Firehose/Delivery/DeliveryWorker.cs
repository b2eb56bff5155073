using Basin.Services.Firehose.Conversion;
using Basin.Services.Lake;
using Microsoft.Extensions.Logging;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Delivers one stream: reads its source, runs the processors, buffers records per output and
/// partition, writes an object (or sends an HTTP request) when a buffer reaches its size hint or
/// its oldest record has waited the interval hint, and moves the source's delivered mark once every copy of a record
/// is written. One worker per stream, on its own task; the clock is the injected TimeProvider.
/// </summary>
public sealed partial class DeliveryWorker : IAsyncDisposable
{
    private const int MaxRecordsPerRead = 10_000;
    private const long MaxBytesPerRead = 16L * 1024 * 1024;

    /// <summary>Dynamic partitioning's per-stream limit on partitions buffered at once.</summary>
    private const int MaxActivePartitions = 500;

    private readonly FirehoseContext _firehose;
    private readonly DeliveryDependencies _dependencies;
    private readonly string _arn;
    private readonly IDeliverySource _source;
    private readonly DeliveryProgress _progress = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly S3ObjectWriter _objects;
    private readonly HttpEndpointSender _endpoint;
    private DeliveryPlan? _plan;

    public DeliveryWorker(FirehoseContext firehose, DeliveryDependencies dependencies, DeliveryStream stream)
    {
        _firehose = firehose;
        _dependencies = dependencies;
        _arn = stream.Arn;
        _source = stream.Kinesis is { } kinesis
            ? new KinesisStreamSource(dependencies.Kinesis, stream.Arn, kinesis)
            : new DirectPutSource(firehose.Store, stream.Arn);
        _objects = new S3ObjectWriter(dependencies, firehose.Options.RetryDelay);
        _endpoint = new HttpEndpointSender(dependencies.Http, firehose.Time, firehose.Options.HttpEndpointTimeout, dependencies.Logger);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>New records (or a new configuration) are there: run a pass now instead of at the next poll.</summary>
    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another notification got there first; one pending wake-up is enough.
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var more = await PassAsync().ConfigureAwait(false);
                if (!more) await WaitAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(_dependencies.Logger, e, _arn);
                await Task.Delay(_firehose.Options.RetryDelay, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One round: read what is new, write what is due, move the delivered mark. True if there may be more to read.</summary>
    private async Task<bool> PassAsync()
    {
        var stream = _firehose.Find(_arn);
        if (stream is null) return false;
        if (_plan is null || _plan.Stream.Version != stream.Version)
        {
            // Records buffered under the old configuration are written with it; what could not be
            // written (a missing bucket, say) moves to the new plan, which may well fix the bucket.
            var old = _plan;
            if (old is not null) await WriteAllAsync(old).ConfigureAwait(false);
            _plan = DeliveryPlan.For(stream, _firehose.Time);
            if (old is not null) CarryOver(old, _plan);
        }

        var records = _source.Read(MaxRecordsPerRead, MaxBytesPerRead);
        foreach (var record in records) Accept(_plan, record);
        await WriteDueAsync(_plan, force: false).ConfigureAwait(false);
        await CommitAsync().ConfigureAwait(false);
        return records.Count > 0;
    }

    private void Accept(DeliveryPlan plan, SourceRecord record)
    {
        var outcomes = plan.Pipeline.Process(record.Data).ToList();
        _progress.Read(record.Shard, record.Counter, outcomes.Count + (plan.Backup is null ? 0 : 1));
        plan.Backup?.Add("", new BufferedRecord(record.Shard, record.Counter, record.ArrivalMs, record.Data));
        foreach (var outcome in outcomes)
        {
            var buffered = new BufferedRecord(record.Shard, record.Counter, record.ArrivalMs, outcome.Data, outcome.Failure);
            var key = DeliveryPlan.PartitionKey(outcome.PartitionKeys);
            if (outcome.Failure is null && plan.Partitioned && !plan.Destination.Buffers.ContainsKey(key) && plan.Destination.Buffers.Count >= MaxActivePartitions)
            {
                buffered = buffered with { Failure = new Processing.RecordFailure(Processing.RecordPipeline.PartitioningFailed, "DynamicPartitioning.ActivePartitionsLimitExceeded", $"The stream already has {MaxActivePartitions} active partitions.") };
            }

            if (buffered.Failure is { } failure) plan.Errors.Add(failure.OutputType, buffered, errorType: failure.OutputType);
            else plan.Destination.Add(key, buffered, outcome.PartitionKeys);
        }
    }

    /// <summary>Writes every full buffer, and every buffer whose interval has passed (all of them with <paramref name="force"/>).</summary>
    private async Task WriteDueAsync(DeliveryPlan plan, bool force)
    {
        var now = _firehose.Now().ToUnixTimeMilliseconds();
        foreach (var output in plan.Outputs.ToList())
        {
            var due = output.Full.ToList();
            output.Full.Clear();
            foreach (var (key, buffer) in output.Buffers.ToList())
            {
                if (force || now - buffer.OldestArrivalMs >= output.IntervalMs)
                {
                    due.Add(buffer);
                    output.Buffers.Remove(key);
                }
            }

            foreach (var buffer in due)
            {
                if (buffer.RetryAtMs > now)
                {
                    output.Full.Add(buffer);
                    continue;
                }

                if (!await TryDeliverAsync(plan, output, buffer, now).ConfigureAwait(false)) output.Full.Add(buffer);
            }
        }
    }

    private void CarryOver(DeliveryPlan from, DeliveryPlan to)
    {
        foreach (var output in from.Outputs)
        {
            foreach (var buffer in output.Buffers.Values.Concat(output.Full))
            {
                var target = output.Kind switch
                {
                    OutputKind.Destination => to.Destination,
                    OutputKind.Errors => to.Errors,
                    _ => to.Backup,
                };
                foreach (var record in buffer.Records)
                {
                    // Backup switched off: nothing is owed for this copy any more.
                    if (target is null) _progress.Delivered(record.Shard, record.Counter);
                    else target.Add(DeliveryPlan.PartitionKey(buffer.PartitionKeys) + buffer.ErrorOutputType, record, buffer.PartitionKeys, buffer.ErrorOutputType);
                }
            }
        }
    }

    private async Task WriteAllAsync(DeliveryPlan plan)
    {
        await WriteDueAsync(plan, force: true).ConfigureAwait(false);

        // Records that failed conversion were just added to the error output: write them too.
        await WriteDueAsync(plan, force: true).ConfigureAwait(false);
        await CommitAsync().ConfigureAwait(false);
    }

    /// <summary>One attempt at one buffer; false (keep the buffer, retry at its RetryAtMs) if it must be tried again.</summary>
    private async Task<bool> TryDeliverAsync(DeliveryPlan plan, DeliveryOutput output, DeliveryBuffer buffer, long now)
    {
        var result = output switch
        {
            S3Output s3 => await _objects.WriteAsync(plan, s3, buffer, now).ConfigureAwait(false),
            HttpOutput http => await _endpoint.SendAsync(plan, http, buffer, _stop.Token).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"No delivery for {output.GetType().Name}."),
        };
        if (result.RetryAtMs is { } retryAt)
        {
            buffer.RetryAtMs = retryAt;
            return false;
        }

        // Records that failed for good go on to the error output; they stay waiting until written there.
        foreach (var record in result.Failed) plan.Errors.Add(record.Failure!.OutputType, record, errorType: record.Failure.OutputType);
        foreach (var record in result.Delivered) _progress.Delivered(record.Shard, record.Counter);
        return true;
    }

    private async Task CommitAsync()
    {
        var marks = _progress.Pending();
        if (marks.Count == 0) return;
        await _source.CommitAsync(marks).ConfigureAwait(false);
        _progress.Committed(marks);
    }

    private async Task WaitAsync()
    {
        var now = _firehose.Now().ToUnixTimeMilliseconds();
        var next = _plan?.Outputs.SelectMany(o => o.Buffers.Values.Select(b => b.OldestArrivalMs + o.IntervalMs).Concat(o.Full.Select(b => b.RetryAtMs)))
            .DefaultIfEmpty(long.MaxValue).Min() ?? long.MaxValue;
        var poll = (long)_firehose.Options.PollInterval.TotalMilliseconds;
        var wait = Math.Clamp(next - now, 0, poll);
        if (wait > 0) await _signal.WaitAsync(TimeSpan.FromMilliseconds(wait), _stop.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting: what is buffered stays in the source and is delivered after a restart.
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose {Arn}: a delivery pass failed; retrying.")]
    private static partial void LogPassFailed(ILogger logger, Exception error, string arn);

}

/// <summary>What delivery workers use from other services.</summary>
public sealed record DeliveryDependencies(ILakeObjects Lake, Kinesis.KinesisReader Kinesis, ParquetConverter Parquet, HttpClient Http, ILogger Logger);
