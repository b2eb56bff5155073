namespace Basin.Services.Firehose.Delivery;

/// <summary>The delivery workers of every stream: started with the service and on CreateDeliveryStream, stopped on delete.</summary>
public sealed class DeliveryEngine(FirehoseContext firehose, DeliveryDependencies dependencies) : IAsyncDisposable
{
    private readonly Dictionary<string, DeliveryWorker> _workers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Starts a worker for every stored stream; what was buffered before a restart is delivered.</summary>
    public void StartAll()
    {
        foreach (var stream in firehose.All) Start(stream);
    }

    public void Start(DeliveryStream stream)
    {
        lock (_gate)
        {
            if (!_workers.ContainsKey(stream.Arn)) _workers[stream.Arn] = new DeliveryWorker(firehose, dependencies, stream);
        }
    }

    public void Notify(string arn)
    {
        DeliveryWorker? worker;
        lock (_gate) _workers.TryGetValue(arn, out worker);
        worker?.Notify();
    }

    public async Task StopAsync(string arn)
    {
        DeliveryWorker? worker;
        lock (_gate)
        {
            if (_workers.Remove(arn, out worker) is false) return;
        }

        await worker!.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        List<DeliveryWorker> workers;
        lock (_gate)
        {
            workers = [.. _workers.Values];
            _workers.Clear();
        }

        foreach (var worker in workers) await worker.DisposeAsync().ConfigureAwait(false);
    }
}
