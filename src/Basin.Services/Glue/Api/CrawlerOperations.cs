using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue.Crawlers;

namespace Basin.Services.Glue.Api;

/// <summary>Crawler definitions: create, read (one, a page, names, a batch), update, delete.</summary>
public sealed class CrawlerOperations(GlueContext glue, CrawlerRunner crawlers)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreateCrawlerRequest, CreateCrawlerResponse>("CreateCrawler", CreateAsync);
        operations.On<GetCrawlerRequest, GetCrawlerResponse>("GetCrawler", (input, request) =>
            Task.FromResult(new GetCrawlerResponse { Crawler = crawlers.WithElapsed(GlueContext.Catalog(request, null), crawlers.Require(GlueContext.Catalog(request, null), input.Name)) }));
        operations.On<GetCrawlersRequest, GetCrawlersResponse>("GetCrawlers", (input, request) =>
        {
            var (page, next) = Page(request, input.MaxResults, input.NextToken);
            return Task.FromResult(new GetCrawlersResponse { Crawlers = [.. page.Select(c => crawlers.WithElapsed(GlueContext.Catalog(request, null), c))], NextToken = next });
        });
        operations.On<ListCrawlersRequest, ListCrawlersResponse>("ListCrawlers", (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, null);
            var (page, next) = Page(request, input.MaxResults, input.NextToken, c => Tagged(catalog, request, c, input.Tags));
            return Task.FromResult(new ListCrawlersResponse { CrawlerNames = [.. page.Select(c => c.Name!)], NextToken = next });
        });
        operations.On<BatchGetCrawlersRequest, BatchGetCrawlersResponse>("BatchGetCrawlers", (input, request) =>
        {
            var names = input.CrawlerNames ?? throw GlueErrors.InvalidInput("CrawlerNames is required.");
            if (names.Count > 100) throw GlueErrors.InvalidInput("CrawlerNames can hold at most 100 names.");
            var catalog = GlueContext.Catalog(request, null);
            var found = names.Select(n => (Name: n, Crawler: crawlers.Get(catalog, n))).ToList();
            return Task.FromResult(new BatchGetCrawlersResponse
            {
                Crawlers = [.. found.Where(f => f.Crawler is not null).Select(f => crawlers.WithElapsed(catalog, f.Crawler!))],
                CrawlersNotFound = [.. found.Where(f => f.Crawler is null).Select(f => f.Name)],
            });
        });
        operations.On<UpdateCrawlerRequest, UpdateCrawlerResponse>("UpdateCrawler", UpdateAsync);
        operations.On<DeleteCrawlerRequest, DeleteCrawlerResponse>("DeleteCrawler", async (input, request) =>
        {
            var catalog = GlueContext.Catalog(request, null);
            await crawlers.DeleteAsync(catalog, input.Name).ConfigureAwait(false);
            await glue.SetTagsAsync(catalog, GlueContext.Arn(request, "crawler/" + input.Name), new Dictionary<string, string>()).ConfigureAwait(false);
            return new DeleteCrawlerResponse();
        });
    }

    private async Task<CreateCrawlerResponse> CreateAsync(CreateCrawlerRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, null);
        var now = glue.Now();
        var crawler = new Crawler
        {
            Name = CrawlerValidation.Name(input.Name),
            Role = input.Role is { Length: > 0 } role ? role : throw GlueErrors.InvalidInput("Role is required."),
            Targets = input.Targets,
            DatabaseName = input.DatabaseName,
            Description = input.Description,
            Classifiers = input.Classifiers ?? [],
            RecrawlPolicy = input.RecrawlPolicy ?? new RecrawlPolicy { RecrawlBehavior = "CRAWL_EVERYTHING" },
            SchemaChangePolicy = input.SchemaChangePolicy ?? new SchemaChangePolicy { UpdateBehavior = "UPDATE_IN_DATABASE", DeleteBehavior = "DEPRECATE_IN_DATABASE" },
            LineageConfiguration = input.LineageConfiguration ?? new LineageConfiguration { CrawlerLineageSettings = "DISABLE" },
            LakeFormationConfiguration = input.LakeFormationConfiguration ?? new LakeFormationConfiguration { UseLakeFormationCredentials = false, AccountId = string.Empty },
            State = "READY",
            TablePrefix = input.TablePrefix,
            Schedule = input.Schedule is { Length: > 0 } expression ? new Schedule { ScheduleExpression = GlueCron.Parse(expression).Expression, State = "SCHEDULED" } : null,
            CrawlElapsedTime = 0,
            CreationTime = now,
            LastUpdated = now,
            Version = 1,
            Configuration = input.Configuration,
            CrawlerSecurityConfiguration = input.CrawlerSecurityConfiguration,
        };
        CrawlerValidation.Definition(crawler, name => glue.Store.GetDocument(catalog, "classifier", string.Empty, name) is not null);
        if (!await crawlers.CreateAsync(catalog, crawler).ConfigureAwait(false)) throw GlueErrors.AlreadyExists($"Crawler {crawler.Name}");
        if (input.Tags is { Count: > 0 } tags) await glue.SetTagsAsync(catalog, GlueContext.Arn(request, "crawler/" + crawler.Name), tags).ConfigureAwait(false);
        return new CreateCrawlerResponse();
    }

    private async Task<UpdateCrawlerResponse> UpdateAsync(UpdateCrawlerRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, null);
        await crawlers.ChangeAsync(catalog, input.Name, current =>
        {
            if (current.State != "READY") throw CrawlerRunner.Running(current.Name!);
            var updated = CrawlerRunner.Copy(current, c =>
            {
                c.Role = input.Role ?? c.Role;
                c.DatabaseName = input.DatabaseName ?? c.DatabaseName;
                c.Description = input.Description ?? c.Description;
                c.Targets = input.Targets ?? c.Targets;
                c.Classifiers = input.Classifiers ?? c.Classifiers;
                c.TablePrefix = input.TablePrefix ?? c.TablePrefix;
                c.SchemaChangePolicy = input.SchemaChangePolicy ?? c.SchemaChangePolicy;
                c.RecrawlPolicy = input.RecrawlPolicy ?? c.RecrawlPolicy;
                c.LineageConfiguration = input.LineageConfiguration ?? c.LineageConfiguration;
                c.LakeFormationConfiguration = input.LakeFormationConfiguration ?? c.LakeFormationConfiguration;
                c.Configuration = input.Configuration ?? c.Configuration;
                c.CrawlerSecurityConfiguration = input.CrawlerSecurityConfiguration ?? c.CrawlerSecurityConfiguration;
                if (input.Schedule is not null)
                {
                    c.Schedule = input.Schedule.Length == 0 ? null : new Schedule { ScheduleExpression = GlueCron.Parse(input.Schedule).Expression, State = c.Schedule?.State ?? "SCHEDULED" };
                }

                c.LastUpdated = glue.Now();
                c.Version = (c.Version ?? 1) + 1;
            });
            CrawlerValidation.Definition(updated, name => glue.Store.GetDocument(catalog, "classifier", string.Empty, name) is not null);
            return updated;
        }).ConfigureAwait(false);
        return new UpdateCrawlerResponse();
    }

    private (List<Crawler> Page, string? Next) Page(AwsRequest request, int? maxResults, string? token, Func<Crawler, bool>? filter = null)
    {
        var size = GlueContext.PageSize(maxResults, 1000);
        var catalog = GlueContext.Catalog(request, null);
        var (page, next) = GlueContext.FilteredPage(
            (after, limit) => glue.Store.ListDocuments(catalog, CrawlerRunner.Kind, string.Empty, after, limit),
            token,
            size,
            r => filter is null || filter(CatalogDocuments.Deserialize<Crawler>(r.Doc)));
        return ([.. page.Select(r => CatalogDocuments.Deserialize<Crawler>(r.Doc))], next);
    }

    private bool Tagged(string catalog, AwsRequest request, Crawler crawler, Dictionary<string, string>? wanted)
    {
        if (wanted is not { Count: > 0 }) return true;
        var tags = glue.Tags(catalog, GlueContext.Arn(request, "crawler/" + crawler.Name));
        return wanted.All(w => tags.TryGetValue(w.Key, out var v) && (w.Value.Length == 0 || v == w.Value));
    }

}
