using System.Globalization;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue.Crawlers;

namespace Basin.Services.Glue.Api;

/// <summary>Running crawlers: start, stop, metrics, crawl history, and their schedules.</summary>
public sealed class CrawlOperations(GlueContext glue, CrawlerRunner crawlers)
{
    public void Register(OperationTable operations)
    {
        operations.On<StartCrawlerRequest, StartCrawlerResponse>("StartCrawler", async (input, request) =>
        {
            await crawlers.StartAsync(GlueContext.Catalog(request, null), input.Name).ConfigureAwait(false);
            return new StartCrawlerResponse();
        });
        operations.On<StopCrawlerRequest, StopCrawlerResponse>("StopCrawler", async (input, request) =>
        {
            await crawlers.StopAsync(GlueContext.Catalog(request, null), input.Name).ConfigureAwait(false);
            return new StopCrawlerResponse();
        });
        operations.On<GetCrawlerMetricsRequest, GetCrawlerMetricsResponse>("GetCrawlerMetrics", (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, null);
            var size = GlueContext.PageSize(input.MaxResults, 1000);
            if (input.CrawlerNameList is { Count: > 100 }) throw GlueErrors.InvalidInput("CrawlerNameList can hold at most 100 names.");
            var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
            var all = input.CrawlerNameList is { Count: > 0 } names
                ? names.Order(StringComparer.Ordinal).Select(n => crawlers.Get(catalog, n)).OfType<Crawler>()
                : glue.Store.ListDocuments(catalog, CrawlerRunner.Kind, string.Empty, null, int.MaxValue).Select(r => CatalogDocuments.Deserialize<Crawler>(r.Doc));
            var matching = all.Where(c => after is null || string.CompareOrdinal(c.Name, after) > 0).Take(size + 1).ToList();
            var page = matching.Take(size).ToList();
            return Task.FromResult(new GetCrawlerMetricsResponse
            {
                CrawlerMetricsList = [.. page.Select(c => crawlers.Metrics(catalog, c))],
                NextToken = matching.Count > size ? PageTokens.Encode(page[^1].Name!) : null,
            });
        });
        operations.On<ListCrawlsRequest, ListCrawlsResponse>("ListCrawls", ListCrawls);
        operations.On<UpdateCrawlerScheduleRequest, UpdateCrawlerScheduleResponse>("UpdateCrawlerSchedule", async (input, request) =>
        {
            var expression = GlueCron.Parse(input.Schedule).Expression;
            await crawlers.ChangeAsync(GlueContext.Catalog(request, null), input.CrawlerName, c => CrawlerRunner.Copy(c, x =>
            {
                x.Schedule = new Schedule { ScheduleExpression = expression, State = c.Schedule?.State ?? "SCHEDULED" };
                x.LastUpdated = glue.Now();
            })).ConfigureAwait(false);
            return new UpdateCrawlerScheduleResponse();
        });
        operations.On<StartCrawlerScheduleRequest, StartCrawlerScheduleResponse>("StartCrawlerSchedule", async (input, request) =>
        {
            await crawlers.ChangeAsync(GlueContext.Catalog(request, null), input.CrawlerName, c => c.Schedule switch
            {
                null => throw new AwsServiceException("NoScheduleException", $"Crawler {c.Name} has no schedule"),
                { State: "SCHEDULED" } => throw new AwsServiceException("SchedulerRunningException", $"Crawler schedule for {c.Name} is already running"),
                _ => CrawlerRunner.Copy(c, x => x.Schedule!.State = "SCHEDULED"),
            }).ConfigureAwait(false);
            return new StartCrawlerScheduleResponse();
        });
        operations.On<StopCrawlerScheduleRequest, StopCrawlerScheduleResponse>("StopCrawlerSchedule", async (input, request) =>
        {
            await crawlers.ChangeAsync(GlueContext.Catalog(request, null), input.CrawlerName, c => c.Schedule switch
            {
                { State: "SCHEDULED" } => CrawlerRunner.Copy(c, x => x.Schedule!.State = "NOT_SCHEDULED"),
                _ => throw new AwsServiceException("SchedulerNotRunningException", $"Crawler schedule for {c.Name} is not running"),
            }).ConfigureAwait(false);
            return new StopCrawlerScheduleResponse();
        });
    }

    private Task<ListCrawlsResponse> ListCrawls(ListCrawlsRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, null);
        var crawler = crawlers.Require(catalog, input.CrawlerName);
        var size = GlueContext.PageSize(input.MaxResults, 1000);
        var filters = (input.Filters ?? []).Select(Filter).ToList();
        var after = input.NextToken is { } token ? PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")) : null;
        var matching = crawlers.Crawls(catalog, crawler.Name!)
            .Where(r => after is null || string.CompareOrdinal(r.Id, after) > 0)
            .Select(r => (r.Id, Crawl: CatalogDocuments.Deserialize<CrawlerHistory>(r.Doc)))
            .Where(r => filters.All(f => f(r.Crawl)))
            .Take(size + 1)
            .ToList();
        var page = matching.Take(size).ToList();
        return Task.FromResult(new ListCrawlsResponse
        {
            Crawls = [.. page.Select(p => p.Crawl)],
            NextToken = matching.Count > size ? PageTokens.Encode(page[^1].Id) : null,
        });
    }

    /// <summary>A ListCrawls filter: a field (CRAWL_ID, STATE, START_TIME, END_TIME, DPU_HOUR) compared with an operator.</summary>
    private static Func<CrawlerHistory, bool> Filter(CrawlsFilter filter)
    {
        var value = filter.FieldValue ?? string.Empty;
        Func<int, bool> test = filter.FilterOperator switch
        {
            "GT" => c => c > 0,
            "GE" => c => c >= 0,
            "LT" => c => c < 0,
            "LE" => c => c <= 0,
            "EQ" => c => c == 0,
            "NE" => c => c != 0,
            _ => throw GlueErrors.InvalidInput($"Invalid FilterOperator {filter.FilterOperator}."),
        };
        return filter.FieldName switch
        {
            "CRAWL_ID" => c => test(string.CompareOrdinal(c.CrawlId, value)),
            "STATE" => c => test(string.CompareOrdinal(c.State, value)),
            "START_TIME" => c => c.StartTime is { } t && test(t.CompareTo(Time(value))),
            "END_TIME" => c => c.EndTime is { } t && test(t.CompareTo(Time(value))),
            "DPU_HOUR" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var dpu)
                ? c => test((c.DPUHour ?? 0).CompareTo(dpu))
                : throw GlueErrors.InvalidInput($"Invalid DPU_HOUR value {value} in a ListCrawls filter."),
            _ => throw GlueErrors.InvalidInput($"Invalid FieldName {filter.FieldName}."),
        };
    }

    /// <summary>Times in filters are epoch milliseconds (as the console sends) or ISO 8601.</summary>
    private static DateTimeOffset Time(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw GlueErrors.InvalidInput($"Invalid time {value} in a ListCrawls filter.");
}
