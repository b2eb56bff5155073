using System.Globalization;
using System.Text;
using Basin.Bench;

// Basin vs moto_server, side by side in one run, with the same load client:
//   dotnet Basin.Bench.dll [--only s3|kinesis|glue|athena|lake|firehose] [--seconds 5] [--out FILE] [--basin-dll PATH] [--basin-only]
// --basin-only skips moto_server (for quick iterations; the published tables keep both).
var seconds = Arg("--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 5;
var basinDll = Arg("--basin-dll") ?? Path.Combine(FindRepoRoot(), "src/Basin.Cli/bin/Release/net10.0/basin.dll");
var output = Arg("--out");
var only = Arg("--only");
var targets = args.Contains("--basin-only") ? new[] { "Basin" } : ["Basin", "moto"];
var report = new StringBuilder();
if (only is null or "s3") report.Append("### S3\n\n").Append(Table(await RunAsync(S3Async))).Append('\n');
if (only is null or "kinesis") report.Append("### Kinesis Data Streams\n\n").Append(Table(await RunAsync(KinesisAsync))).Append('\n');
if (only is null or "glue") report.Append("### Glue crawlers (Basin only: moto's crawlers read no data)\n\n").Append(BasinTable(await RunBasinAsync(GlueAsync))).Append('\n');
if (only is null or "firehose") report.Append("### Firehose\n\n").Append(Table(await RunAsync(FirehoseAsync))).Append('\n');
if (only is null or "athena") report.Append("### Athena (Basin only: moto's Athena reads no data)\n\n").Append(BasinTable(await RunBasinAsync(AthenaAsync))).Append('\n');
if (only is null or "lake") report.Append("### Athena on Basin vs DuckDB over the same files, 10M rows\n\n").Append(await LakeAsync()).Append('\n');
Console.WriteLine();
Console.WriteLine(report);
if (output is not null) await File.WriteAllTextAsync(output, report.ToString());
return 0;

// Runs one suite against Basin, then moto_server, each freshly started with nothing in it.
async Task<List<Dictionary<string, string>>> RunAsync(Func<ServerUnderTest, Dictionary<string, string>, Task> suite)
{
    var results = new List<Dictionary<string, string>>();
    foreach (var target in targets)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-bench-" + Guid.NewGuid().ToString("N"));
        using (var server = target == "Basin"
            ? await ServerUnderTest.StartAsync("Basin", "dotnet", [basinDll, "up", "--data-dir", dataDir], p => ["--port", p.ToString(CultureInfo.InvariantCulture)], "/_basin/health")
            : await ServerUnderTest.StartAsync("moto", "moto_server", ["-H", "127.0.0.1"], p => ["-p", p.ToString(CultureInfo.InvariantCulture)], "/"))
        {
            Console.WriteLine($"== {target}: ready in {server.Startup.TotalMilliseconds:F0} ms");
            var figures = new Dictionary<string, string>();
            await suite(server, figures);
            results.Add(figures);
        }

        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    return results;
}

async Task S3Async(ServerUnderTest server, Dictionary<string, string> figures)
{
    figures["startup to ready (ms)"] = server.Startup.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
    figures["idle RSS (MiB)"] = server.RssMiB().ToString("F0", CultureInfo.InvariantCulture);
    using var client = new SignedS3Client(server.Endpoint, 64);
    var s3 = new S3Workloads(client, TimeSpan.FromSeconds(seconds));
    await s3.CreateBucketAsync("bench");
    foreach (var concurrency in new[] { 1, 16 })
    {
        var clients = $"{concurrency} client{(concurrency > 1 ? "s" : string.Empty)}";
        var put = await s3.SmallPutAsync(concurrency);
        Console.WriteLine($"PUT 4 KiB x{concurrency,-2} {put}");
        Record(figures, $"PUT 4 KiB, {clients}", put);
        var get = await s3.SmallGetAsync(concurrency);
        Console.WriteLine($"GET 4 KiB x{concurrency,-2} {get}");
        Record(figures, $"GET 4 KiB, {clients}", get);
    }

    // 64 MiB objects in a plain bucket and in one whose default encryption is SSE-S3, taking turns.
    await s3.CreateBucketAsync("bench-sse");
    await s3.EnableDefaultEncryptionAsync("bench-sse");
    var big = await s3.BigObjectAsync("bench", "bench-sse");
    foreach (var (bucket, label) in new[] { ("bench", ""), ("bench-sse", "SSE-S3 ") })
    {
        var (putMBps, getMBps) = big[bucket];
        Console.WriteLine($"{label}64 MiB PUT {putMBps:F0} MB/s, GET {getMBps:F0} MB/s");
        figures[$"{label}PUT 64 MiB (MB/s)"] = putMBps.ToString("F0", CultureInfo.InvariantCulture);
        figures[$"{label}GET 64 MiB (MB/s)"] = getMBps.ToString("F0", CultureInfo.InvariantCulture);
    }

    var keysPerSecond = await s3.ListAsync();
    Console.WriteLine($"ListObjectsV2 over 10,000 keys: {keysPerSecond:F0} keys/s");
    figures["ListObjectsV2, 10,000 keys (keys/s)"] = keysPerSecond.ToString("F0", CultureInfo.InvariantCulture);

    // The same small PUT/GET in a versioned bucket (every PUT keeps the previous version), and a 10,000-version listing.
    await s3.CreateBucketAsync("bench-versioned");
    await s3.EnableVersioningAsync("bench-versioned");
    var versionedPut = await s3.SmallPutAsync(16, "bench-versioned");
    Console.WriteLine($"versioned PUT 4 KiB x16 {versionedPut}");
    Record(figures, "versioned PUT 4 KiB, 16 clients", versionedPut);
    var versionedGet = await s3.SmallGetAsync(16, "bench-versioned");
    Console.WriteLine($"versioned GET 4 KiB x16 {versionedGet}");
    Record(figures, "versioned GET 4 KiB, 16 clients", versionedGet);
    var versionsPerSecond = await s3.ListVersionsAsync("bench-versioned");
    Console.WriteLine($"ListObjectVersions over 10,000 versions: {versionsPerSecond:F0} versions/s");
    figures["ListObjectVersions, 10,000 versions (versions/s)"] = versionsPerSecond.ToString("F0", CultureInfo.InvariantCulture);

    // Small objects, plain and SSE-S3 taking turns three times (medians): issue 3 allows encryption
    // at most 15%, and runs minutes apart on this VM drift by more than that.
    var turns = new Dictionary<string, List<LoadResult>>();
    for (var round = 0; round < 3; round++)
    {
        foreach (var (bucket, label) in new[] { ("bench", "plain"), ("bench-sse", "SSE-S3") })
        {
            turns.TryAdd($"{label} PUT 4 KiB, 16 clients", []);
            turns.TryAdd($"{label} GET 4 KiB, 16 clients", []);
            turns[$"{label} PUT 4 KiB, 16 clients"].Add(await s3.SmallPutAsync(16, bucket));
            turns[$"{label} GET 4 KiB, 16 clients"].Add(await s3.SmallGetAsync(16, bucket));
        }
    }

    foreach (var (name, results) in turns)
    {
        var median = results.OrderBy(r => r.OpsPerSecond).ElementAt(results.Count / 2);
        Console.WriteLine($"{name} (median of {results.Count}) {median}");
        Record(figures, name + ", alternating", median);
    }
}

async Task KinesisAsync(ServerUnderTest server, Dictionary<string, string> figures)
{
    using var client = new SignedJsonClient(server.Endpoint, "kinesis", "Kinesis_20131202", 16);
    var kinesis = new KinesisWorkloads(client, TimeSpan.FromSeconds(seconds));
    foreach (var (size, label) in new[] { (100, "100 B"), (1024, "1 KiB") })
    {
        foreach (var producers in new[] { 1, 8 })
        {
            var stream = $"put-{size}-{producers}";
            await client.CallAsync("CreateStream", new { StreamName = stream, ShardCount = 4 });
            await Task.Delay(200);
            var (rps, mbps) = await kinesis.PutRecordsAsync(stream, size, producers);
            Console.WriteLine($"PutRecords 500 x {label}, {producers} producer(s): {rps:F0} records/s, {mbps:F1} MB/s");
            var name = $"PutRecords 500 × {label}, {producers} producer{(producers > 1 ? "s" : string.Empty)}";
            figures[name + " (records/s)"] = rps.ToString("F0", CultureInfo.InvariantCulture);
            figures[name + " (MB/s)"] = mbps.ToString("F1", CultureInfo.InvariantCulture);
        }
    }

    var (drain, drained) = await kinesis.DrainAsync("put-100-8", "shardId-000000000000", warmUpShardId: "shardId-000000000001");
    Console.WriteLine($"GetRecords drain: {drain:F0} records/s over {drained} records");
    figures["GetRecords drain, 100 B records (records/s)"] = drain.ToString("F0", CultureInfo.InvariantCulture);
    await client.CallAsync("CreateStream", new { StreamName = "latency", ShardCount = 1 });
    await Task.Delay(200);
    var latency = await kinesis.LatencyAsync("latency", 300);
    Console.WriteLine($"put→get latency {latency}");
    figures["put → get latency p50 / p99 (ms)"] = string.Create(CultureInfo.InvariantCulture, $"{latency.P50Ms:F2} / {latency.P99Ms:F2}");
}

// Crawls a 10,000-object lake: first crawl, incremental crawls with nothing new and one new partition.
async Task GlueAsync(ServerUnderTest server, Dictionary<string, string> figures)
{
    using var s3Client = new SignedS3Client(server.Endpoint, 64);
    using var glueClient = new SignedJsonClient(server.Endpoint, "glue", "AWSGlue", 4);
    var glue = new GlueWorkloads(s3Client, glueClient);
    var parquet = await File.ReadAllBytesAsync(Path.Combine(FindRepoRoot(), "tests/Basin.Tests/Fixtures/parquet/rows-zstd.parquet"));
    const int objects = GlueWorkloads.Partitions * GlueWorkloads.FilesPerPartition;
    foreach (var (format, body) in new (string, Func<int, byte[]>)[] { ("CSV", GlueWorkloads.Csv), ("Parquet", _ => parquet) })
    {
        var bucket = "lake-" + format.ToLowerInvariant();
        await glue.UploadAsync(bucket, "sales", body);
        await glue.CreateCrawlerAsync("full-" + bucket, $"s3://{bucket}/sales/", incremental: false);
        var first = await glue.CrawlAsync("full-" + bucket);
        var partitions = await glue.PartitionCountAsync("sales");
        if (partitions != GlueWorkloads.Partitions) throw new InvalidOperationException($"expected {GlueWorkloads.Partitions} partitions, found {partitions}");
        Console.WriteLine($"{format}: first crawl of {objects} objects in {first.TotalSeconds:F2} s ({objects / first.TotalSeconds:F0} objects/s)");
        figures[$"{format}: first crawl, 10,000 objects (s)"] = first.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
        figures[$"{format}: first crawl (objects/s)"] = (objects / first.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture);
        await glueClient.CallAsync("DeleteTable", new { DatabaseName = "bench", Name = "sales" });

        await glue.CreateCrawlerAsync("incr-" + bucket, $"s3://{bucket}/sales/", incremental: true);
        await glue.CrawlAsync("incr-" + bucket);
        var nothingNew = await glue.CrawlAsync("incr-" + bucket);
        Console.WriteLine($"{format}: incremental crawl, nothing new: {nothingNew.TotalMilliseconds:F0} ms");
        figures[$"{format}: incremental crawl, nothing new (ms)"] = nothingNew.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        await glue.PutAsync(bucket, "sales/dt=2025-000/part-0000", body(0));
        var onePartition = await glue.CrawlAsync("incr-" + bucket);
        Console.WriteLine($"{format}: incremental crawl, one new partition: {onePartition.TotalMilliseconds:F0} ms");
        figures[$"{format}: incremental crawl, one new partition (ms)"] = onePartition.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        if (await glue.PartitionCountAsync("sales") != GlueWorkloads.Partitions + 1) throw new InvalidOperationException("the incremental crawl did not add the new partition");
        await glueClient.CallAsync("DeleteTable", new { DatabaseName = "bench", Name = "sales" });
    }
}

// Latency of a tiny query, and wall times over a generated 1M-row table (CSV, then Parquet partitioned by CTAS).
async Task AthenaAsync(ServerUnderTest server, Dictionary<string, string> figures)
{
    using var s3Client = new SignedS3Client(server.Endpoint, 8);
    using var athenaClient = new SignedJsonClient(server.Endpoint, "athena", "AmazonAthena", 4);
    var athena = new AthenaWorkloads(s3Client, athenaClient);
    await athena.SetUpAsync();
    var (p50, p99) = await athena.TinyQueryLatencyAsync(200);
    Console.WriteLine($"tiny query, StartQueryExecution → SUCCEEDED: p50 {p50:F1} ms, p99 {p99:F1} ms");
    figures["tiny query, StartQueryExecution → SUCCEEDED p50 / p99 (ms)"] = string.Create(CultureInfo.InvariantCulture, $"{p50:F1} / {p99:F1}");
    var queries = new (string Name, string Sql)[]
    {
        ("CSV 1M rows: count(*)", "SELECT count(*) FROM sales"),
        ("CSV 1M rows: group by region", "SELECT region, sum(amount), count(DISTINCT name) FROM sales GROUP BY region"),
        ("CTAS 1M rows → Parquet partitioned by region", "CREATE TABLE sales_pq WITH (format = 'PARQUET', partitioned_by = ARRAY['region']) AS SELECT id, amount, name, region FROM sales"),
        ("Parquet 1M rows: group by region", "SELECT region, sum(amount), count(DISTINCT name) FROM sales_pq GROUP BY region"),
        ("Parquet, one partition of 10 (pruned)", "SELECT sum(amount) FROM sales_pq WHERE region = 3"),
        ("Parquet self-join on id, 1M × 1M", "SELECT count(*) FROM sales_pq a JOIN sales_pq b ON a.id = b.id WHERE a.amount > b.amount - 1"),
        ("GrokSerDe %{COMMONAPACHELOG}, 1M lines: group by response", "SELECT response, count(*), sum(bytes) FROM access_grok GROUP BY response"),
        ("RegexSerDe, 1M lines: group by response", "SELECT response, count(*), sum(bytes) FROM access_regex GROUP BY response"),
    };
    foreach (var (name, sql) in queries)
    {
        var elapsed = await athena.RunAsync(sql);
        Console.WriteLine($"{name}: {elapsed.TotalMilliseconds:F0} ms");
        figures[name + " (ms)"] = elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
    }
}

// Athena against DuckDB reading the same files directly: a table of milliseconds and the ratio.
async Task<string> LakeAsync()
{
    var table = new StringBuilder("| query | Basin (ms) | DuckDB (ms) | Basin / DuckDB |\n|---|---:|---:|---:|\n");
    await RunBasinAsync(async (server, _) =>
    {
        using var s3Client = new SignedS3Client(server.Endpoint, 4);
        using var athenaClient = new SignedJsonClient(server.Endpoint, "athena", "AmazonAthena", 2);
        using var lake = new LakeComparison(s3Client, new AthenaWorkloads(s3Client, athenaClient), Path.Combine(Path.GetTempPath(), "basin-lake-" + Guid.NewGuid().ToString("N")));
        await lake.SetUpAsync();
        foreach (var (name, sql) in LakeComparison.Queries)
        {
            var (basinMs, duckDbMs) = await lake.CompareAsync(sql);
            Console.WriteLine($"{name}: Basin {basinMs:F0} ms, DuckDB {duckDbMs:F0} ms, {basinMs / duckDbMs:F2}×");
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {basinMs:F0} | {duckDbMs:F0} | {basinMs / duckDbMs:F2}× |\n");
        }
    });
    return table.ToString();
}

// DirectPut ingest and delivery to GZIP objects and to Parquet, and the time for one record to be visible in S3.
async Task FirehoseAsync(ServerUnderTest server, Dictionary<string, string> figures)
{
    using var s3Client = new SignedS3Client(server.Endpoint, 16);
    using var firehoseClient = new SignedJsonClient(server.Endpoint, "firehose", "Firehose_20150804", 8);
    var firehose = new FirehoseWorkloads(s3Client, firehoseClient, TimeSpan.FromSeconds(seconds));
    await firehose.CreateBucketAsync("bench-fh");
    await firehose.CreateBucketAsync("bench-athena");
    await firehose.CreateStreamAsync("gzip", "bench-fh", "gzip/", "GZIP", sizeMb: 16, intervalSeconds: 1);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var (records, bytes, ingestSeconds) = await firehose.IngestAsync("gzip", 1024, producers: 4);
    var delivered = await firehose.WaitDeliveredAsync("bench-fh", "gzip/", records, TimeSpan.FromSeconds(120));
    var deliverySeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{server.Name}: ingest {records / ingestSeconds:F0} records/s, {bytes / 1e6 / ingestSeconds:F1} MB/s; GZIP delivered: {delivered} in {deliverySeconds:F1} s");
    figures["PutRecordBatch 500 × 1 KiB, 4 producers (records/s)"] = (records / ingestSeconds).ToString("F0", CultureInfo.InvariantCulture);
    figures["PutRecordBatch 500 × 1 KiB, 4 producers (MB/s)"] = (bytes / 1e6 / ingestSeconds).ToString("F1", CultureInfo.InvariantCulture);
    figures["GZIP objects, first put → every record in S3 (MB/s)"] = delivered ? (bytes / 1e6 / deliverySeconds).ToString("F1", CultureInfo.InvariantCulture) : "not delivered";

    await firehose.CreateStreamAsync("latency", "bench-fh", "latency/", "UNCOMPRESSED", sizeMb: 1, intervalSeconds: 1);
    var latency = await firehose.VisibleLatencyAsync("latency", "bench-fh", "latency/", 7);
    Console.WriteLine($"{server.Name}: PutRecordBatch → object visible, 1 MiB / 1 s buffer: p50 {latency:F0} ms");
    figures["PutRecordBatch → object visible, 1 MiB / 1 s buffer, p50 (ms)"] = latency.ToString("F0", CultureInfo.InvariantCulture);

    if (server.Name != "Basin") return; // moto writes no Parquet: there is nothing to count.
    using var glue = new SignedJsonClient(server.Endpoint, "glue", "AWSGlue", 2);
    await glue.CallAsync("CreateDatabase", new { DatabaseInput = new { Name = "benchfh" } });
    await glue.CallAsync("CreateTable", new
    {
        DatabaseName = "benchfh",
        TableInput = new
        {
            Name = "clicks",
            StorageDescriptor = new
            {
                Columns = new[] { new { Name = "id", Type = "bigint" }, new { Name = "user", Type = "string" }, new { Name = "page", Type = "string" }, new { Name = "amount", Type = "double" }, new { Name = "pad", Type = "string" } },
                Location = "s3://bench-fh/parquet/",
                InputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                OutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                SerdeInfo = new { SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
            },
        },
    });
    await firehose.CreateStreamAsync("parquet", "bench-fh", "parquet/", "UNCOMPRESSED", sizeMb: 64, intervalSeconds: 1, conversion: new
    {
        SchemaConfiguration = new { RoleARN = "arn:aws:iam::000000000000:role/bench", DatabaseName = "benchfh", TableName = "clicks" },
        InputFormatConfiguration = new { Deserializer = new { OpenXJsonSerDe = new { } } },
        OutputFormatConfiguration = new { Serializer = new { ParquetSerDe = new { Compression = "SNAPPY" } } },
    });
    clock.Restart();
    (records, bytes, ingestSeconds) = await firehose.IngestAsync("parquet", 1024, producers: 4);
    using var athenaClient = new SignedJsonClient(server.Endpoint, "athena", "AmazonAthena", 2);
    var athena = new AthenaWorkloads(s3Client, athenaClient);
    long converted = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(120) && (converted = await athena.CountAsync("SELECT count(*) FROM clicks", "benchfh")) < records) await Task.Delay(50);
    var conversionSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{server.Name}: Parquet: {converted} of {records} rows in {conversionSeconds:F1} s");
    figures["Parquet conversion, first put → every row queryable (MB/s)"] = converted >= records ? (bytes / 1e6 / conversionSeconds).ToString("F1", CultureInfo.InvariantCulture) : "not delivered";
}

async Task<Dictionary<string, string>> RunBasinAsync(Func<ServerUnderTest, Dictionary<string, string>, Task> suite)
{
    var dataDir = Path.Combine(Path.GetTempPath(), "basin-bench-" + Guid.NewGuid().ToString("N"));
    var figures = new Dictionary<string, string>();
    using (var server = await ServerUnderTest.StartAsync("Basin", "dotnet", [basinDll, "up", "--data-dir", dataDir], p => ["--port", p.ToString(CultureInfo.InvariantCulture)], "/_basin/health"))
    {
        await suite(server, figures);
    }

    if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    return figures;
}

static string BasinTable(Dictionary<string, string> figures) =>
    figures.Aggregate(new StringBuilder("| figure | Basin |\n|---|---:|\n"), (t, f) => t.Append(CultureInfo.InvariantCulture, $"| {f.Key} | {f.Value} |\n")).ToString();

static string Table(List<Dictionary<string, string>> results)
{
    var table = new StringBuilder("| figure | Basin | moto_server | Basin / moto |\n|---|---:|---:|---:|\n");
    foreach (var (key, basin) in results[0])
    {
        var moto = results.Count > 1 ? results[1].GetValueOrDefault(key, "n/a") : "n/a";

        // Ratios only for throughput figures, where higher is better.
        var ratio = key.EndsWith("/s)", StringComparison.Ordinal)
            && double.TryParse(basin, CultureInfo.InvariantCulture, out var b) && double.TryParse(moto, CultureInfo.InvariantCulture, out var m) && m > 0
            ? (b / m).ToString("F1", CultureInfo.InvariantCulture) + "×"
            : string.Empty;
        table.Append(CultureInfo.InvariantCulture, $"| {key} | {basin} | {moto} | {ratio} |\n");
    }

    return table.ToString();
}

static void Record(Dictionary<string, string> figures, string name, LoadResult r)
{
    figures[name + " (ops/s)"] = r.OpsPerSecond.ToString("F0", CultureInfo.InvariantCulture);
    figures[name + " p50 / p99 (ms)"] = string.Create(CultureInfo.InvariantCulture, $"{r.P50Ms:F2} / {r.P99Ms:F2}");
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static string FindRepoRoot()
{
    for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
    {
        if (File.Exists(Path.Combine(dir, "Basin.slnx"))) return dir;
    }

    return Environment.CurrentDirectory;
}
