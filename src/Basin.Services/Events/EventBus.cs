using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Basin.Services.Events;

/// <summary>
/// One event on Basin's internal bus: the document a service emitted in AWS's format, for one
/// destination (an SQS queue, SNS topic or Lambda function ARN, or an EventBridge event bus ARN).
/// </summary>
public sealed record BusEvent(string Source, string Destination, DateTimeOffset Time, JsonObject Document);

/// <summary>
/// Basin's internal event bus. Services publish events (S3 event notifications, EventBridge
/// events) and the services that deliver them subscribe, without reaching into each other.
/// Publishing hands the event to every subscriber on the publisher's thread, so a handler only
/// queues its work and never throws; the latest events are also kept in memory for inspection.
/// </summary>
public sealed class EventBus
{
    private const int Kept = 1000;
    private readonly Lock _gate = new();
    private readonly Queue<BusEvent> _recent = new();
    private ImmutableArray<Action<BusEvent>> _subscribers = [];

    public void Publish(BusEvent e)
    {
        lock (_gate)
        {
            _recent.Enqueue(e);
            if (_recent.Count > Kept) _recent.Dequeue();
        }

        foreach (var subscriber in _subscribers) subscriber(e);
    }

    /// <summary>Calls <paramref name="handler"/> for every event published from now on, until disposed.</summary>
    public IDisposable Subscribe(Action<BusEvent> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler)));
    }

    /// <summary>The most recent events (at most 1,000), oldest first.</summary>
    public IReadOnlyList<BusEvent> Recent()
    {
        lock (_gate) return [.. _recent];
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
