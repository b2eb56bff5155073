using System.Threading.Channels;

namespace Basin.Storage.Streams;

/// <summary>
/// Makes appended bytes durable in groups: writers register the file they wrote and wait; one
/// thread collects everything registered meanwhile and fsyncs each distinct file once (distinct
/// files side by side). N concurrent producers on a stream pay for one device flush, not N.
/// </summary>
public sealed class GroupFlusher : IDisposable
{
    private readonly Channel<(FileStream File, TaskCompletionSource Done)> _requests =
        Channel.CreateUnbounded<(FileStream, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Thread _thread;

    public GroupFlusher()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "stream-flusher" };
        _thread.Start();
    }

    /// <summary>Completes once everything written to <paramref name="file"/> before the call is on disk.</summary>
    public Task FlushAsync(FileStream file)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite((file, done))) throw new ObjectDisposedException(nameof(GroupFlusher));
        return done.Task;
    }

    private void Run()
    {
        var batch = new List<(FileStream File, TaskCompletionSource Done)>();
        while (_requests.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (_requests.Reader.TryRead(out var request)) batch.Add(request);
            var groups = batch.GroupBy(r => r.File).ToList();

            // Distinct files (streams' journals, Firehose buffers) flush in parallel: the device
            // overlaps them, so a busy stream does not queue another's acknowledgement behind it.
            if (groups.Count == 1) Flush(groups[0]);
            else Parallel.ForEach(groups, Flush);
        }
    }

    private static void Flush(IGrouping<FileStream, (FileStream File, TaskCompletionSource Done)> group)
    {
        try
        {
            group.Key.Flush(flushToDisk: true);
            foreach (var r in group) r.Done.TrySetResult();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            foreach (var r in group) r.Done.TrySetException(e);
        }
    }

    public void Dispose()
    {
        _requests.Writer.TryComplete();
        _thread.Join();
    }
}
