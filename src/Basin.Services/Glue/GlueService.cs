using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue.Api;
using Basin.Services.Glue.Crawlers;
using Basin.Services.Lake;
using Basin.Storage.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Basin.Services.Glue;

/// <summary>
/// AWS Glue: the Data Catalog over Basin's catalog store, and crawlers that read the lake's
/// objects into it, started by hand or by their cron schedules.
/// </summary>
public sealed class GlueService : IAwsService, IAsyncDisposable
{
    /// <summary>Glue schedules have minute resolution; checking twice a minute fires each firing on time.</summary>
    private static readonly TimeSpan ScheduleTick = TimeSpan.FromSeconds(30);

    private readonly CatalogStore _store;
    private readonly TimeProvider _time;
    private readonly ITimer _scheduleTimer;

    public GlueService(CatalogStore store, ILakeObjects lake, TimeProvider time, ILogger? logger = null)
    {
        _store = store;
        _time = time;
        logger ??= NullLogger.Instance;
        Crawlers = new CrawlerRunner(store, lake, time, logger);
        Scheduler = new CrawlerScheduler(store, Crawlers, logger);
        Crawlers.RecoverAsync().GetAwaiter().GetResult();
        _scheduleTimer = time.CreateTimer(_ => _ = TickAsync(), null, ScheduleTick, ScheduleTick);
    }

    public string Name => "glue";

    public CrawlerRunner Crawlers { get; }

    /// <summary>Fires due crawler schedules; the timer calls it, tests call it with an advanced clock.</summary>
    public CrawlerScheduler Scheduler { get; }

    public void Register(OperationTable operations)
    {
        var context = new GlueContext(_store, _time);
        new CrawlerOperations(context, Crawlers).Register(operations);
        new CrawlOperations(context, Crawlers).Register(operations);
        new DatabaseOperations(context).Register(operations);
        new TableOperations(context).Register(operations);
        new TableVersionOperations(context).Register(operations);
        new PartitionOperations(context).Register(operations);
        new ConnectionOperations(context).Register(operations);
        new FunctionOperations(context).Register(operations);
        new TagOperations(context).Register(operations);
        new PartitionIndexOperations(context).Register(operations);
        new ClassifierOperations(context).Register(operations);
        new SearchOperations(context).Register(operations);
    }

    private async Task TickAsync()
    {
        try
        {
            await Scheduler.TickAsync(_time.GetUtcNow()).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Basin is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduleTimer.DisposeAsync().ConfigureAwait(false);
        await Crawlers.DisposeAsync().ConfigureAwait(false);
    }
}

public sealed class GlueContext(CatalogStore store, TimeProvider time)
{
    public CatalogStore Store => store;

    public DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>The catalog id is the caller's account unless a request names one (only its own is allowed).</summary>
    public static string Catalog(AwsRequest request, string? catalogId)
    {
        if (catalogId is not null && catalogId != request.Caller.AccountId)
        {
            throw new AwsServiceException("AccessDeniedException", $"Account {request.Caller.AccountId} cannot access catalog {catalogId}.");
        }

        return request.Caller.AccountId;
    }

    /// <summary>
    /// A table with its current version, or Glue's error: EntityNotFoundException naming the database
    /// if that is what is missing, else the table.
    /// </summary>
    public (Table Table, long Version) RequireTable(AwsRequest request, string? catalogId, string? databaseName, string? tableName)
    {
        var catalog = Catalog(request, catalogId);
        var db = CatalogNames.Normalize(databaseName, "Database");
        var name = CatalogNames.Normalize(tableName, "Table");
        if (store.GetTable(catalog, db, name) is { } row) return (CatalogDocuments.Deserialize<Table>(row.Doc), row.Version);
        throw store.GetDatabase(catalog, db) is null ? GlueErrors.DatabaseNotFound(db) : GlueErrors.TableNotFound(name);
    }

    /// <summary>ARN of a catalog resource, e.g. <c>database/sales</c> or <c>table/sales/orders</c> (what TagResource takes).</summary>
    public static string Arn(AwsRequest request, string resource) => $"arn:aws:glue:{request.Region}:{request.Caller.AccountId}:{resource}";

    public async Task SetTagsAsync(string catalog, string arn, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > 50) throw GlueErrors.InvalidInput("A resource can have at most 50 tags.");
        if (tags.Count == 0) await store.DeleteDocumentAsync(catalog, "tags", string.Empty, arn).ConfigureAwait(false);
        else await store.PutDocumentAsync(catalog, "tags", string.Empty, arn, CatalogDocuments.Serialize(tags), create: store.GetDocument(catalog, "tags", string.Empty, arn) is null).ConfigureAwait(false);
    }

    public Dictionary<string, string> Tags(string catalog, string arn) =>
        store.GetDocument(catalog, "tags", string.Empty, arn) is { } doc ? CatalogDocuments.Deserialize<Dictionary<string, string>>(doc) : [];

    /// <summary>
    /// One page of a name-ordered listing that keeps only some rows (GetTables' Expression,
    /// ListCrawlers' Tags): rows are read in batches until the page is full, and the token names
    /// the last row returned.
    /// </summary>
    public static (List<(string Name, string Doc)> Page, string? NextToken) FilteredPage(
        Func<string?, int, List<(string Name, string Doc)>> list, string? token, int size, Func<(string Name, string Doc), bool> keep)
    {
        const int Batch = 500;
        var after = token is null ? null : PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken."));
        var page = new List<(string Name, string Doc)>();
        while (true)
        {
            var batch = list(after, Batch);
            foreach (var row in batch.Where(keep))
            {
                if (page.Count == size) return (page, PageTokens.Encode(page[^1].Name));
                page.Add(row);
            }

            if (batch.Count < Batch) return (page, null);
            after = batch[^1].Name;
        }
    }

    public static int PageSize(int? requested, int max) =>
        requested is null ? max : requested is >= 1 && requested <= max ? requested.Value : throw GlueErrors.InvalidInput($"MaxResults must be between 1 and {max}.");
}
