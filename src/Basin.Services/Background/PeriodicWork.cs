using Microsoft.Extensions.Logging;

namespace Basin.Services.Background;

/// <summary>
/// Runs a piece of background work every interval until disposed (S3 lifecycle passes, access-log
/// delivery). A failed run is logged and the work runs again at the next tick: a timer that
/// threw would stop for good. A zero interval never runs it.
/// </summary>
public sealed partial class PeriodicWork : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PeriodicWork(string name, TimeSpan interval, Func<Task> work, ILogger logger) =>
        _loop = interval > TimeSpan.Zero ? Task.Run(() => LoopAsync(name, interval, work, logger)) : Task.CompletedTask;

    private async Task LoopAsync(string name, TimeSpan interval, Func<Task> work, ILogger logger)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await work().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRunFailed(logger, e, name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} failed; it runs again at the next interval.")]
    private static partial void LogRunFailed(ILogger logger, Exception error, string name);
}
