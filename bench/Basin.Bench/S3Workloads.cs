using System.Diagnostics;

namespace Basin.Bench;

/// <summary>The S3 figures issues 2 and 3 ask for, measured the same way against any S3 endpoint.</summary>
public sealed class S3Workloads(SignedS3Client s3, TimeSpan duration)
{
    private const int SmallSize = 4 * 1024;
    private const int BigSize = 64 * 1024 * 1024;
    private readonly byte[] _small = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), SmallSize);

    public async Task CreateBucketAsync(string bucket) => (await s3.SendAsync(HttpMethod.Put, "/" + bucket)).Dispose();

    public async Task EnableVersioningAsync(string bucket)
    {
        const string body = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>";
        using var r = await s3.SendAsync(HttpMethod.Put, $"/{bucket}?versioning", Document(body));
        r.EnsureSuccessStatusCode();
    }

    /// <summary>Default encryption SSE-S3: every object written to the bucket is encrypted at rest.</summary>
    public async Task EnableDefaultEncryptionAsync(string bucket)
    {
        const string body = "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";
        using var r = await s3.SendAsync(HttpMethod.Put, $"/{bucket}?encryption", Document(body));
        r.EnsureSuccessStatusCode();
    }

    /// <summary>A configuration document with the Content-MD5 that S3 requires on these PUTs.</summary>
    private static StringContent Document(string body)
    {
        var content = new StringContent(body);
        content.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(body));
        return content;
    }

    public Task<LoadResult> SmallPutAsync(int concurrency, string bucket = "bench") =>
        ClosedLoopAsync(concurrency, async (worker, i) =>
        {
            using var r = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/small/{worker}-{i % 64}", new ByteArrayContent(_small));
            return r.IsSuccessStatusCode;
        });

    public async Task<LoadResult> SmallGetAsync(int concurrency, string bucket = "bench")
    {
        await ClosedLoopAsync(16, async (worker, i) =>
        {
            using var r = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/get/{(worker * 64) + i}", new ByteArrayContent(_small));
            return r.IsSuccessStatusCode;
        }, maxPerWorker: 64);
        return await ClosedLoopAsync(concurrency, async (_, _) =>
        {
            using var r = await s3.SendAsync(HttpMethod.Get, $"/{bucket}/get/{Random.Shared.Next(1024)}");
            var body = await r.Content.ReadAsByteArrayAsync();
            return r.IsSuccessStatusCode && body.Length == SmallSize;
        });
    }

    /// <summary>
    /// Median MB/s of five 64 MiB PUTs and five GETs per bucket, the buckets taking turns each round
    /// so that disk write-back state affects them alike (plain and encrypted figures are compared).
    /// </summary>
    public async Task<Dictionary<string, (double PutMBps, double GetMBps)>> BigObjectAsync(params string[] buckets)
    {
        const int Rounds = 5;
        var data = new byte[BigSize];
        Random.Shared.NextBytes(data);
        var puts = buckets.ToDictionary(b => b, _ => new List<double>());
        var gets = buckets.ToDictionary(b => b, _ => new List<double>());
        var buffer = new byte[1024 * 1024];
        for (var i = 0; i < Rounds; i++)
        {
            foreach (var bucket in buckets)
            {
                var clock = Stopwatch.StartNew();
                using (var put = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/big/{i}", new ByteArrayContent(data)))
                {
                    put.EnsureSuccessStatusCode();
                }

                puts[bucket].Add(BigSize / 1e6 / clock.Elapsed.TotalSeconds);
                clock.Restart();
                using var get = await s3.SendAsync(HttpMethod.Get, $"/{bucket}/big/{i}", completion: HttpCompletionOption.ResponseHeadersRead);
                await using var stream = await get.Content.ReadAsStreamAsync();
                long total = 0;
                int n;
                while ((n = await stream.ReadAsync(buffer)) > 0) total += n;
                if (total != BigSize) throw new InvalidOperationException($"GET returned {total} bytes");
                gets[bucket].Add(BigSize / 1e6 / clock.Elapsed.TotalSeconds);
            }
        }

        return buckets.ToDictionary(b => b, b => (puts[b].Order().ElementAt(Rounds / 2), gets[b].Order().ElementAt(Rounds / 2)));
    }

    /// <summary>Keys per second listing 10,000 keys with ListObjectsV2 (1,000 per page), best of three.</summary>
    public async Task<double> ListAsync()
    {
        await ClosedLoopAsync(16, async (worker, i) =>
        {
            using var r = await s3.SendAsync(HttpMethod.Put, $"/bench/list/{worker:D2}-{i:D4}", new ByteArrayContent([]));
            return r.IsSuccessStatusCode;
        }, maxPerWorker: 625);
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var keys = 0;
            string? token = null;
            do
            {
                var path = "/bench?list-type=2&prefix=list%2F" + (token is null ? string.Empty : "&continuation-token=" + Uri.EscapeDataString(token));
                using var r = await s3.SendAsync(HttpMethod.Get, path);
                var xml = System.Xml.Linq.XDocument.Parse(await r.Content.ReadAsStringAsync());
                var ns = xml.Root!.Name.Namespace;
                keys += xml.Root.Elements(ns + "Contents").Count();
                token = xml.Root.Element(ns + "NextContinuationToken")?.Value;
            }
            while (token is not null);
            if (keys != 10_000) throw new InvalidOperationException($"listed {keys} keys, expected 10000");
            best = Math.Max(best, keys / clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Versions per second listing 10,000 versions (100 keys × 100 versions) with ListObjectVersions, best of three.</summary>
    public async Task<double> ListVersionsAsync(string bucket)
    {
        await ClosedLoopAsync(16, async (worker, i) =>
        {
            using var r = await s3.SendAsync(HttpMethod.Put, $"/{bucket}/versions/key-{((worker * 625) + i) % 100:D3}", new ByteArrayContent([]));
            return r.IsSuccessStatusCode;
        }, maxPerWorker: 625);
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var versions = 0;
            (string Key, string Version)? marker = null;
            do
            {
                var path = $"/{bucket}?versions&prefix=versions%2F" + (marker is { } m ? $"&key-marker={Uri.EscapeDataString(m.Key)}&version-id-marker={Uri.EscapeDataString(m.Version)}" : string.Empty);
                using var r = await s3.SendAsync(HttpMethod.Get, path);
                var xml = System.Xml.Linq.XDocument.Parse(await r.Content.ReadAsStringAsync());
                var ns = xml.Root!.Name.Namespace;
                versions += xml.Root.Elements(ns + "Version").Count();
                marker = xml.Root.Element(ns + "IsTruncated")?.Value == "true"
                    ? (xml.Root.Element(ns + "NextKeyMarker")!.Value, xml.Root.Element(ns + "NextVersionIdMarker")!.Value)
                    : null;
            }
            while (marker is not null);
            if (versions != 10_000) throw new InvalidOperationException($"listed {versions} versions, expected 10000");
            best = Math.Max(best, versions / clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Each worker runs operations back to back; a warm-up second is not measured.</summary>
    private async Task<LoadResult> ClosedLoopAsync(int concurrency, Func<int, int, Task<bool>> operation, int maxPerWorker = int.MaxValue)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var warmupEnds = maxPerWorker == int.MaxValue ? Stopwatch.GetTimestamp() + Stopwatch.Frequency : 0;
        var ends = warmupEnds + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            for (var i = 0; i < maxPerWorker; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (maxPerWorker == int.MaxValue && t0 > ends) break;
                var ok = await operation(w, i);
                var t1 = Stopwatch.GetTimestamp();
                if (!ok) Interlocked.Increment(ref errors);
                else if (t0 >= warmupEnds) mine.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
            }
        })));
        var elapsed = maxPerWorker == int.MaxValue ? duration : Stopwatch.GetElapsedTime(started);
        return LoadResult.From([.. latencies.SelectMany(l => l)], elapsed, errors);
    }
}
