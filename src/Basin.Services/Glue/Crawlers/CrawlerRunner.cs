using System.Collections.Concurrent;
using System.Diagnostics;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Services.Lake;
using Basin.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// Crawler definitions and their runs. A crawler document changes only under one lock (the API,
/// runs finishing and the scheduler all change State), and moves READY → RUNNING → (STOPPING) →
/// READY. Each run is recorded as a crawl (ListCrawls) and in the crawler's metrics.
/// </summary>
public sealed class CrawlerRunner : IAsyncDisposable
{
    public const string Kind = "crawler";
    public const string CrawlKind = "crawl";
    public const string MetricsKind = "crawler-metrics";

    private readonly CatalogStore _store;
    private readonly ILakeObjects _lake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Cancel, Task Run, DateTimeOffset Started)> _running = new(StringComparer.Ordinal);

    public CrawlerRunner(CatalogStore store, ILakeObjects lake, TimeProvider time, ILogger logger)
    {
        _store = store;
        _lake = lake;
        _time = time;
        _logger = logger;
    }

    public Crawler? Get(string catalog, string name) =>
        _store.GetDocument(catalog, Kind, string.Empty, name) is { } doc ? CatalogDocuments.Deserialize<Crawler>(doc) : null;

    public Crawler Require(string catalog, string? name) =>
        Get(catalog, name ?? string.Empty) ?? throw new AwsServiceException("EntityNotFoundException", $"Crawler entry with name {name} does not exist");

    /// <summary>Changes a crawler under the lock; <paramref name="change"/> may throw to refuse.</summary>
    public async Task<Crawler> ChangeAsync(string catalog, string? name, Func<Crawler, Crawler> change)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var changed = change(Require(catalog, name));
            await _store.PutDocumentAsync(catalog, Kind, string.Empty, changed.Name!, CatalogDocuments.Serialize(changed), create: false).ConfigureAwait(false);
            return changed;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<bool> CreateAsync(string catalog, Crawler crawler)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            return await _store.PutDocumentAsync(catalog, Kind, string.Empty, crawler.Name!, CatalogDocuments.Serialize(crawler), create: true).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task DeleteAsync(string catalog, string? name)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var crawler = Require(catalog, name);
            if (crawler.State != "READY") throw Running(crawler.Name!);
            await _store.DeleteDocumentAsync(catalog, Kind, string.Empty, crawler.Name!).ConfigureAwait(false);
            await _store.DeleteDocumentAsync(catalog, MetricsKind, string.Empty, crawler.Name!).ConfigureAwait(false);
            await _store.DeleteDocumentAsync(catalog, CrawlRun.SeenFoldersKind, string.Empty, crawler.Name!).ConfigureAwait(false);
            foreach (var (crawl, _) in Crawls(catalog, crawler.Name!)) await _store.DeleteDocumentAsync(catalog, CrawlKind, crawler.Name!, crawl).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>StartCrawler: READY → RUNNING, then the crawl runs in the background.</summary>
    public async Task StartAsync(string catalog, string? name)
    {
        var started = _time.GetUtcNow();
        var crawler = await ChangeAsync(catalog, name, c => c.State == "READY"
            ? Copy(c, x =>
            {
                x.State = "RUNNING";
                x.CrawlElapsedTime = 0;
            })
            : throw Running(c.Name!)).ConfigureAwait(false);
        var crawlId = Guid.NewGuid().ToString();
        await SaveCrawlAsync(catalog, crawler.Name!, new CrawlerHistory { CrawlId = crawlId, State = "RUNNING", StartTime = started }).ConfigureAwait(false);
        var cancel = new CancellationTokenSource();
        var key = Key(catalog, crawler.Name!);
        // Registered before it runs, so a crawl that ends at once still finds its entry to remove.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(
            async () =>
            {
                await registered.Task.ConfigureAwait(false);
                await RunAsync(catalog, crawler, crawlId, started, cancel.Token).ConfigureAwait(false);
            },
            CancellationToken.None);
        _running[key] = (cancel, run, started);
        registered.SetResult();
    }

    /// <summary>StopCrawler: RUNNING → STOPPING; the run notices, records a cancelled crawl and ends READY.</summary>
    public async Task StopAsync(string catalog, string? name)
    {
        var crawler = await ChangeAsync(catalog, name, c => c.State switch
        {
            "RUNNING" => Copy(c, x => x.State = "STOPPING"),
            "STOPPING" => throw new AwsServiceException("CrawlerStoppingException", $"Crawler with name {c.Name} is stopping"),
            _ => throw new AwsServiceException("CrawlerNotRunningException", $"Crawler with name {c.Name} isn't running"),
        }).ConfigureAwait(false);
        if (_running.TryGetValue(Key(catalog, crawler.Name!), out var run)) await run.Cancel.CancelAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(string catalog, Crawler crawler, string crawlId, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string status, state;
        string? error = null;
        CrawlOutcome? outcome = null;
        try
        {
            var classifiers = (crawler.Classifiers ?? []).Select(n => _store.GetDocument(catalog, "classifier", string.Empty, n)).OfType<string>().Select(CatalogDocuments.Deserialize<Classifier>).ToList();
            var createdBy = $"arn:aws:sts::{catalog}:assumed-role/{RoleName(crawler.Role)}/AWS-Crawler";
            outcome = await new CrawlRun(_lake, _store, catalog, crawler, classifiers, started, createdBy).RunAsync(cancellationToken).ConfigureAwait(false);
            (status, state) = ("SUCCEEDED", "COMPLETED");
        }
        catch (OperationCanceledException)
        {
            (status, state) = ("CANCELLED", "STOPPED");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever ends a crawl, the crawler must come back READY with the reason, never stay RUNNING.
            (status, state, error) = ("FAILED", "FAILED", e.Message);
            _logger.LogWarning(e, "Crawler {Crawler} failed", crawler.Name);
        }

        var ended = _time.GetUtcNow();
        try
        {
            await SaveCrawlAsync(catalog, crawler.Name!, new CrawlerHistory
            {
                CrawlId = crawlId,
                State = state,
                StartTime = started,
                EndTime = ended,
                Summary = outcome?.Summary,
                ErrorMessage = error,
                LogGroup = "/aws-glue/crawlers",
                LogStream = crawler.Name,
                MessagePrefix = crawlId,
                DPUHour = 0,
            }).ConfigureAwait(false);
            await SaveMetricsAsync(catalog, crawler.Name!, clock.Elapsed.TotalSeconds, outcome).ConfigureAwait(false);
            await ChangeAsync(catalog, crawler.Name, c => Copy(c, x =>
            {
                x.State = "READY";
                x.CrawlElapsedTime = 0;
                x.LastCrawl = new LastCrawlInfo { Status = status, ErrorMessage = error, StartTime = started, LogGroup = "/aws-glue/crawlers", LogStream = crawler.Name, MessagePrefix = crawlId };
            })).ConfigureAwait(false);
        }
        catch (AwsServiceException)
        {
            // Deleted while running is refused, so this is only a shutdown race: nothing to record.
        }
        finally
        {
            if (_running.TryRemove(Key(catalog, crawler.Name!), out var entry)) entry.Cancel.Dispose();
        }
    }

    /// <summary>
    /// After a restart no crawl is running: crawlers left RUNNING or STOPPING by a stopped process
    /// return to READY with their last crawl FAILED, as a crawl whose worker died would.
    /// </summary>
    public async Task RecoverAsync()
    {
        foreach (var catalog in _store.Catalogs(Kind))
        {
            foreach (var (name, doc) in _store.ListDocuments(catalog, Kind, string.Empty, null, int.MaxValue))
            {
                var crawler = CatalogDocuments.Deserialize<Crawler>(doc);
                if (crawler.State == "READY") continue;
                await ChangeAsync(catalog, name, c => Copy(c, x =>
                {
                    x.State = "READY";
                    x.LastCrawl = new LastCrawlInfo { Status = "FAILED", ErrorMessage = "Basin stopped while the crawler was running.", StartTime = c.LastCrawl?.StartTime };
                })).ConfigureAwait(false);
                foreach (var (id, crawlDoc) in Crawls(catalog, name))
                {
                    var crawl = CatalogDocuments.Deserialize<CrawlerHistory>(crawlDoc);
                    if (crawl.State != "RUNNING") continue;
                    crawl.State = "FAILED";
                    crawl.ErrorMessage = "Basin stopped while the crawler was running.";
                    await SaveCrawlAsync(catalog, name, crawl).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>CrawlElapsedTime: milliseconds since the running crawl started (0 when READY).</summary>
    public Crawler WithElapsed(string catalog, Crawler crawler)
    {
        if (!_running.TryGetValue(Key(catalog, crawler.Name!), out var run)) return crawler;
        crawler.CrawlElapsedTime = (long)(_time.GetUtcNow() - run.Started).TotalMilliseconds;
        return crawler;
    }

    public List<(string Id, string Doc)> Crawls(string catalog, string crawler) =>
        _store.ListDocuments(catalog, CrawlKind, crawler, null, int.MaxValue);

    public CrawlerMetrics Metrics(string catalog, Crawler crawler)
    {
        var metrics = _store.GetDocument(catalog, MetricsKind, string.Empty, crawler.Name!) is { } doc
            ? CatalogDocuments.Deserialize<CrawlerMetrics>(doc)
            : new CrawlerMetrics { CrawlerName = crawler.Name, LastRuntimeSeconds = 0, MedianRuntimeSeconds = 0, TablesCreated = 0, TablesUpdated = 0, TablesDeleted = 0 };
        metrics.StillEstimating = crawler.State == "RUNNING";
        metrics.TimeLeftSeconds = 0;
        return metrics;
    }

    private async Task SaveMetricsAsync(string catalog, string name, double seconds, CrawlOutcome? outcome)
    {
        var runtimes = Crawls(catalog, name).Select(c => CatalogDocuments.Deserialize<CrawlerHistory>(c.Doc))
            .Where(c => c.EndTime is not null && c.StartTime is not null)
            .Select(c => (c.EndTime!.Value - c.StartTime!.Value).TotalSeconds).Order().ToList();
        var median = runtimes.Count == 0 ? seconds : runtimes[runtimes.Count / 2];
        var metrics = new CrawlerMetrics
        {
            CrawlerName = name,
            LastRuntimeSeconds = seconds,
            MedianRuntimeSeconds = median,
            TablesCreated = outcome?.TablesCreated ?? 0,
            TablesUpdated = outcome?.TablesUpdated ?? 0,
            TablesDeleted = outcome?.TablesDeleted ?? 0,
        };
        var exists = _store.GetDocument(catalog, MetricsKind, string.Empty, name) is not null;
        await _store.PutDocumentAsync(catalog, MetricsKind, string.Empty, name, CatalogDocuments.Serialize(metrics), create: !exists).ConfigureAwait(false);
    }

    /// <summary>Crawls are kept by start time then id, so ListCrawls pages newest-last in a stable order.</summary>
    private async Task SaveCrawlAsync(string catalog, string crawler, CrawlerHistory crawl)
    {
        var id = $"{crawl.StartTime!.Value.ToUnixTimeMilliseconds():D15}-{crawl.CrawlId}";
        var exists = _store.GetDocument(catalog, CrawlKind, crawler, id) is not null;
        await _store.PutDocumentAsync(catalog, CrawlKind, crawler, id, CatalogDocuments.Serialize(crawl), create: !exists).ConfigureAwait(false);
    }

    public static Crawler Copy(Crawler crawler, Action<Crawler> change)
    {
        var copy = CatalogDocuments.Deserialize<Crawler>(CatalogDocuments.Serialize(crawler));
        change(copy);
        return copy;
    }

    public static AwsServiceException Running(string name) => new("CrawlerRunningException", $"Crawler with name {name} has already started");

    private static string RoleName(string? role) => role?[(role.LastIndexOf('/') + 1)..] is { Length: > 0 } r ? r : "AWSGlueServiceRole";

    private static string Key(string catalog, string name) => catalog + "/" + name;

    public async ValueTask DisposeAsync()
    {
        foreach (var (cancel, _, _) in _running.Values) await cancel.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(r => r.Run)).ConfigureAwait(false);
        _lock.Dispose();
    }
}
