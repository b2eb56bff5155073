using System.Globalization;
using System.Text;
using Basin.Bench;

// Basin vs moto_server, side by side in one run, with the same load client:
//   dotnet Basin.Bench.dll [--seconds 5] [--out docs/benchmarks-s3.md] [--basin-dll path]
var seconds = Arg("--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 5;
var root = FindRepoRoot();
var basinDll = Arg("--basin-dll") ?? Path.Combine(root, "src/Basin.Cli/bin/Release/net10.0/basin.dll");
var output = Arg("--out");

var results = new List<(string Name, Dictionary<string, string> Figures)>();
foreach (var target in new[] { "Basin", "moto" })
{
    var dataDir = Path.Combine(Path.GetTempPath(), "basin-bench-" + Guid.NewGuid().ToString("N"));
    using var server = target == "Basin"
        ? await ServerUnderTest.StartAsync("Basin", "dotnet", [basinDll, "up", "--data-dir", dataDir], p => ["--port", p.ToString(CultureInfo.InvariantCulture)], "/_basin/health")
        : await ServerUnderTest.StartAsync("moto", "moto_server", ["-H", "127.0.0.1"], p => ["-p", p.ToString(CultureInfo.InvariantCulture)], "/");
    var idleRss = server.RssMiB();
    Console.WriteLine($"== {target}: ready in {server.Startup.TotalMilliseconds:F0} ms, idle RSS {idleRss:F0} MiB");
    using var client = new SignedS3Client(server.Endpoint, 64);
    var s3 = new S3Workloads(client, TimeSpan.FromSeconds(seconds));
    await s3.CreateBucketAsync("bench");
    var figures = new Dictionary<string, string>
    {
        ["startup to ready (ms)"] = server.Startup.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
        ["idle RSS (MiB)"] = idleRss.ToString("F0", CultureInfo.InvariantCulture),
    };
    foreach (var concurrency in new[] { 1, 16 })
    {
        var put = await s3.SmallPutAsync(concurrency);
        Console.WriteLine($"PUT 4 KiB x{concurrency,-2} {put}");
        Record(figures, $"PUT 4 KiB, {concurrency} client{(concurrency > 1 ? "s" : string.Empty)}", put);
        var get = await s3.SmallGetAsync(concurrency);
        Console.WriteLine($"GET 4 KiB x{concurrency,-2} {get}");
        Record(figures, $"GET 4 KiB, {concurrency} client{(concurrency > 1 ? "s" : string.Empty)}", get);
    }

    var (putMBps, getMBps) = await s3.BigObjectAsync();
    Console.WriteLine($"64 MiB PUT {putMBps:F0} MB/s, GET {getMBps:F0} MB/s");
    figures["PUT 64 MiB (MB/s)"] = putMBps.ToString("F0", CultureInfo.InvariantCulture);
    figures["GET 64 MiB (MB/s)"] = getMBps.ToString("F0", CultureInfo.InvariantCulture);
    var keysPerSecond = await s3.ListAsync();
    Console.WriteLine($"ListObjectsV2 over 10,000 keys: {keysPerSecond:F0} keys/s");
    figures["ListObjectsV2, 10,000 keys (keys/s)"] = keysPerSecond.ToString("F0", CultureInfo.InvariantCulture);
    results.Add((target, figures));
    try
    {
        Directory.Delete(dataDir, recursive: true);
    }
    catch (DirectoryNotFoundException)
    {
        // moto keeps nothing on disk
    }
}

var table = new StringBuilder("| figure | Basin | moto_server | Basin / moto |\n|---|---:|---:|---:|\n");
foreach (var key in results[0].Figures.Keys)
{
    var basin = results[0].Figures[key];
    var moto = results[1].Figures[key];
    // Ratios only for throughput figures, where higher is better.
    var throughput = key.EndsWith("/s)", StringComparison.Ordinal);
    var ratio = throughput && double.TryParse(basin, CultureInfo.InvariantCulture, out var b) && double.TryParse(moto, CultureInfo.InvariantCulture, out var m) && m > 0
        ? (b / m).ToString("F1", CultureInfo.InvariantCulture) + "×"
        : string.Empty;
    table.Append(CultureInfo.InvariantCulture, $"| {key} | {basin} | {moto} | {ratio} |\n");
}

Console.WriteLine();
Console.WriteLine(table);
if (output is not null) await File.WriteAllTextAsync(output, table.ToString());
return 0;

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
