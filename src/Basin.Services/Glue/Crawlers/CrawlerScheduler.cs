using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Fires crawler schedules: on each tick, every SCHEDULED crawler whose cron expression had a
/// firing since the previous tick is started (a crawler still running skips that firing, as in
/// Glue). Time comes from the injected clock, so tests tick it without waiting.
/// </summary>
public sealed class CrawlerScheduler(CatalogStore store, CrawlerRunner runner, ILogger logger)
{
    private DateTimeOffset? _lastTick;

    public async Task TickAsync(DateTimeOffset now)
    {
        var since = _lastTick ?? now;
        _lastTick = now;
        foreach (var catalog in store.Catalogs(CrawlerRunner.Kind))
        {
            foreach (var (name, doc) in store.ListDocuments(catalog, CrawlerRunner.Kind, string.Empty, null, int.MaxValue))
            {
                var crawler = CatalogDocuments.Deserialize<Crawler>(doc);
                if (crawler.Schedule is not { State: "SCHEDULED", ScheduleExpression: { } expression } || crawler.State != "READY") continue;
                if (GlueCron.Parse(expression).Next(since) is not { } due || due > now) continue;
                try
                {
                    await runner.StartAsync(catalog, name).ConfigureAwait(false);
                }
                catch (AwsServiceException e)
                {
                    logger.LogInformation("Scheduled start of crawler {Crawler} skipped: {Reason}", name, e.Message);
                }
            }
        }
    }
}
