using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Basin.Bench;

/// <summary>
/// Crawler throughput: a lake of 10,000 objects in 100 Hive partitions, crawled first in full and
/// then incrementally (CRAWL_NEW_FOLDERS_ONLY) with nothing new and with one new partition.
/// moto's crawlers read no data, so there is nothing to compare against.
/// </summary>
public sealed class GlueWorkloads(SignedS3Client s3, SignedJsonClient glue)
{
    public const int Partitions = 100;
    public const int FilesPerPartition = 100;

    public async Task UploadAsync(string bucket, string prefix, Func<int, byte[]> body, int concurrency = 32)
    {
        await s3.SendAsync(HttpMethod.Put, "/" + bucket);
        var keys = Enumerable.Range(0, Partitions * FilesPerPartition)
            .Select(i => (Key: $"{prefix}/dt=2024-{i / FilesPerPartition:D3}/part-{i % FilesPerPartition:D4}", Index: i));
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (k, _) =>
        {
            using var response = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/{k.Key}", new ByteArrayContent(body(k.Index)));
            response.EnsureSuccessStatusCode();
        });
    }

    public async Task PutAsync(string bucket, string key, byte[] body)
    {
        using var response = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/{key}", new ByteArrayContent(body));
        response.EnsureSuccessStatusCode();
    }

    public Task CreateCrawlerAsync(string name, string path, bool incremental) => glue.CallAsync("CreateCrawler", new Dictionary<string, object>
    {
        ["Name"] = name,
        ["Role"] = "arn:aws:iam::000000000000:role/bench",
        ["DatabaseName"] = "bench",
        ["Targets"] = new { S3Targets = new[] { new { Path = path } } },
        ["RecrawlPolicy"] = new { RecrawlBehavior = incremental ? "CRAWL_NEW_FOLDERS_ONLY" : "CRAWL_EVERYTHING" },
        ["SchemaChangePolicy"] = incremental ? new { UpdateBehavior = "LOG", DeleteBehavior = "LOG" } : new { UpdateBehavior = "UPDATE_IN_DATABASE", DeleteBehavior = "DEPRECATE_IN_DATABASE" },
    });

    /// <summary>Starts a crawl and waits for it to end; the wall time from StartCrawler to READY.</summary>
    public async Task<TimeSpan> CrawlAsync(string name)
    {
        var before = (await glue.CallAsync("ListCrawls", new { CrawlerName = name }))["Crawls"]!.AsArray().Count;
        var clock = Stopwatch.StartNew();
        await glue.CallAsync("StartCrawler", new { Name = name });
        while (true)
        {
            var crawler = (await glue.CallAsync("GetCrawler", new { Name = name }))["Crawler"]!;
            if (crawler["State"]!.GetValue<string>() == "READY"
                && (await glue.CallAsync("ListCrawls", new { CrawlerName = name }))["Crawls"]!.AsArray().Count > before)
            {
                var status = crawler["LastCrawl"]!["Status"]!.GetValue<string>();
                if (status != "SUCCEEDED") throw new InvalidOperationException($"Crawl {name} ended {status}: {crawler["LastCrawl"]!["ErrorMessage"]}");
                return clock.Elapsed;
            }

            await Task.Delay(5);
        }
    }

    public async Task<int> PartitionCountAsync(string table)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await glue.CallAsync("GetPartitions", token is null
                ? new Dictionary<string, object> { ["DatabaseName"] = "bench", ["TableName"] = table }
                : new Dictionary<string, object> { ["DatabaseName"] = "bench", ["TableName"] = table, ["NextToken"] = token });
            count += page["Partitions"]!.AsArray().Count;
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return count;
    }

    public static byte[] Csv(int i) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id,customer,amount,at\n{i},c{i % 97},{i * 1.5:F2},2024-01-02 03:04:05\n{i + 1},c{i % 89},{i * 2.5:F2},2024-01-02 03:04:06\n"));

}
