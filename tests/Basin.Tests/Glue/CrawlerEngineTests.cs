using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Services.Glue.Crawlers;
using Basin.Storage.Catalog;
using Basin.Tests.Support;

namespace Basin.Tests.Glue;

/// <summary>Table grouping, cron schedules and scheduled runs of the crawler engine, without a server.</summary>
public sealed class CrawlerEngineTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "basin-crawler-" + Guid.NewGuid().ToString("N"));
    private CatalogStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new CatalogStore(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private static List<PlannedTable> Plan(MemoryLake lake, string path, CrawlerSettings? settings = null)
    {
        var root = LakeScan.Scan(lake, new S3Target { Path = $"s3://{lake.Bucket}/{path}" }, out _)!;
        var classifier = new Basin.Services.Glue.Crawlers.Classification.FileClassifier(lake, []);
        foreach (var file in root.Descendants().Select(d => d.File)) file.Schema = classifier.Classify(file.Object);
        return new TablePlanner(settings ?? new CrawlerSettings()).Plan(root, 1 + root.Prefix.Count(c => c == '/'));
    }

    [Fact]
    public void A_column_added_in_a_later_partition_is_merged_into_one_table()
    {
        var lake = new MemoryLake()
            .Put("t/dt=1/a.csv", "a,b,c,d\n1,2,3,4\n")
            .Put("t/dt=2/a.csv", "a,b,c,d,e\n1,2,3,4,5\n");
        var table = Assert.Single(Plan(lake, "t/"));
        Assert.Equal(["a", "b", "c", "d", "e"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.Partitions.Count);
    }

    [Fact]
    public void Dissimilar_folders_become_separate_tables_and_loose_files_tables_of_their_own()
    {
        var lake = new MemoryLake()
            .Put("t/one/a.csv", "a,b\n1,2\n")
            .Put("t/two/a.csv", "x,y,z\n1,2,3\n")
            .Put("t/readme.json", "{\"k\":1}");
        Assert.Equal(["one", "two", "readme.json"], Plan(lake, "t/").Select(t => t.Name));
    }

    [Fact]
    public void Files_at_different_depths_are_not_one_table()
    {
        var lake = new MemoryLake().Put("t/a.csv", "a,b\n1,2\n").Put("t/sub/a.csv", "a,b\n1,2\n");
        Assert.Equal(["sub", "a.csv"], Plan(lake, "t/").Select(t => t.Name));
    }

    [Fact]
    public void Table_level_configuration_puts_tables_at_that_depth()
    {
        var lake = new MemoryLake().Put("t/a/x.csv", "a,b\n1,2\n").Put("t/b/x.csv", "q,r,s\n1,2,3\n");

        // Level 2 (bucket = 1) is "t": one table, though the folders' schemas differ.
        var table = Assert.Single(Plan(lake, "t/", new CrawlerSettings { TableLevel = 2 }));
        Assert.Equal(("t", 2), (table.Name, table.Partitions.Count));
    }

    [Theory]
    [InlineData("cron(15 12 * * ? *)", "2026-11-21T10:00:00Z", "2026-11-21T12:15:00Z")]
    [InlineData("cron(0/20 * * * ? *)", "2026-11-21T10:05:00Z", "2026-11-21T10:20:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2026-11-21T10:00:00Z", "2026-11-23T18:00:00Z")] // a Saturday: next Monday
    [InlineData("cron(0 10 L * ? *)", "2026-11-21T10:00:00Z", "2026-11-30T10:00:00Z")]
    [InlineData("cron(0 8 ? * 2#1 *)", "2026-11-21T10:00:00Z", "2026-12-07T08:00:00Z")] // first Monday of December
    [InlineData("cron(0 8 ? * 6L *)", "2026-11-21T10:00:00Z", "2026-11-27T08:00:00Z")] // last Friday of November
    [InlineData("cron(0 9 15W * ? *)", "2026-11-01T00:00:00Z", "2026-11-16T09:00:00Z")] // the 15th is a Sunday
    [InlineData("cron(0 0 1 JAN ? 2027)", "2026-11-21T10:00:00Z", "2027-01-01T00:00:00Z")]
    public void Cron_expressions_fire_when_glue_would(string expression, string after, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), GlueCron.Parse(expression).Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("cron(0 12 * * * *)")] // both day fields set
    [InlineData("cron(0 12 * * ?)")]
    [InlineData("cron(61 12 * * ? *)")]
    [InlineData("rate(5 minutes)")]
    public void Invalid_cron_expressions_are_invalid_input(string expression) =>
        Assert.Equal("InvalidInputException", Assert.Throws<Basin.Aws.Protocol.AwsServiceException>(() => GlueCron.Parse(expression)).Code);

    [Fact]
    public async Task A_schedule_starts_the_crawler_when_its_time_comes()
    {
        var lake = new MemoryLake().Put("sales/a.csv", "id,amount\n1,2.5\n");
        var time = new ManualTimeProvider();
        await using var glue = new GlueService(_store, lake, time);
        await glue.Crawlers.CreateAsync("000000000000", new Crawler
        {
            Name = "nightly",
            Role = "r",
            DatabaseName = "db",
            State = "READY",
            Targets = new CrawlerTargets { S3Targets = [new S3Target { Path = "s3://lake/sales/" }] },
            Schedule = new Schedule { ScheduleExpression = "cron(0 2 * * ? *)", State = "SCHEDULED" },
        });
        var now = time.GetUtcNow();
        var nextTwoAm = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(2), TimeSpan.Zero);
        await glue.Scheduler.TickAsync(nextTwoAm.AddMinutes(-1));
        Assert.Null(_store.GetTable("000000000000", "db", "sales"));
        await glue.Scheduler.TickAsync(nextTwoAm.AddSeconds(10));
        for (var i = 0; i < 200 && glue.Crawlers.Get("000000000000", "nightly")!.LastCrawl is null; i++) await Task.Delay(10);
        Assert.Equal("SUCCEEDED", glue.Crawlers.Get("000000000000", "nightly")!.LastCrawl!.Status);
        Assert.NotNull(_store.GetTable("000000000000", "db", "sales"));
    }
}
