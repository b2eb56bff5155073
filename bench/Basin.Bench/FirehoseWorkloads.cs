using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Basin.Bench;

/// <summary>
/// The Firehose figures issue 7 asks for: DirectPut ingest, how fast the ingested bytes are in S3
/// (GZIP objects, Parquet conversion), and PutRecordBatch → object visible latency. "Delivered"
/// is checked by reading the objects back and counting records, so a server that acknowledges
/// but does not deliver cannot score.
/// </summary>
public sealed class FirehoseWorkloads(SignedS3Client s3, SignedJsonClient firehose, TimeSpan duration)
{
    private const string Role = "arn:aws:iam::000000000000:role/bench";
    private readonly Dictionary<string, long> _counted = new(StringComparer.Ordinal);

    public async Task CreateBucketAsync(string bucket)
    {
        using var response = await s3.SendAsync(HttpMethod.Put, "/" + bucket);
    }

    public Task CreateStreamAsync(string name, string bucket, string prefix, string compression, int sizeMb, int intervalSeconds, object? conversion = null) =>
        firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = name,
            ExtendedS3DestinationConfiguration = new
            {
                RoleARN = Role,
                BucketARN = "arn:aws:s3:::" + bucket,
                Prefix = prefix,
                ErrorOutputPrefix = "errors/" + prefix,
                CompressionFormat = compression,
                BufferingHints = new { SizeInMBs = sizeMb, IntervalInSeconds = intervalSeconds },
                DataFormatConversionConfiguration = conversion,
            },
        });

    /// <summary>Records acknowledged by PutRecordBatch (500 JSON records of about <paramref name="recordBytes"/> each) from <paramref name="producers"/> producers.</summary>
    public async Task<(long Records, long Bytes, double Seconds)> IngestAsync(string stream, int recordBytes, int producers)
    {
        var bodies = Enumerable.Range(0, producers).Select(p => JsonSerializer.SerializeToUtf8Bytes(new
        {
            DeliveryStreamName = stream,
            Records = Enumerable.Range(0, 500).Select(i => new { Data = Convert.ToBase64String(Record(p * 500 + i, recordBytes)) }),
        })).ToArray();
        long records = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var result = await firehose.CallAsync("PutRecordBatch", bodies[p]);
                Interlocked.Add(ref records, 500 - result["FailedPutCount"]!.GetValue<int>());
            }
        })));
        return (records, records * (long)Record(0, recordBytes).Length, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Waits until the objects under <paramref name="prefix"/> hold <paramref name="records"/> newline-terminated records.</summary>
    public async Task<bool> WaitDeliveredAsync(string bucket, string prefix, long records, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await CountRecordsAsync(bucket, prefix) >= records) return true;
            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>p50 of PutRecordBatch of one record → a new object listed under the prefix.</summary>
    public async Task<double> VisibleLatencyAsync(string stream, string bucket, string prefix, int runs)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var before = (await ListAsync(bucket, prefix)).Count;
            var clock = Stopwatch.StartNew();
            await firehose.CallAsync("PutRecordBatch", new { DeliveryStreamName = stream, Records = new[] { new { Data = Convert.ToBase64String(Record(run, 100)) } } });
            while ((await ListAsync(bucket, prefix)).Count <= before)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("no object appeared within 30 s");
                await Task.Delay(5);
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[runs / 2];
    }

    private async Task<long> CountRecordsAsync(string bucket, string prefix)
    {
        long total = 0;
        foreach (var key in await ListAsync(bucket, prefix))
        {
            if (!_counted.TryGetValue(key, out var lines))
            {
                using var response = await s3.SendAsync(HttpMethod.Get, $"/{bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}");
                var body = await response.Content.ReadAsByteArrayAsync();
                if (body.Length > 1 && body[0] == 0x1F && body[1] == 0x8B)
                {
                    using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
                    using var plain = new MemoryStream();
                    await gzip.CopyToAsync(plain);
                    body = plain.ToArray();
                }

                lines = body.Count(b => b == (byte)'\n');
                _counted[key] = lines;
            }

            total += lines;
        }

        return total;
    }

    private async Task<List<string>> ListAsync(string bucket, string prefix)
    {
        var keys = new List<string>();
        string? token = null;
        while (true)
        {
            var query = $"/{bucket}?list-type=2&prefix={Uri.EscapeDataString(prefix)}" + (token is null ? "" : "&continuation-token=" + Uri.EscapeDataString(token));
            using var response = await s3.SendAsync(HttpMethod.Get, query);
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
            XNamespace ns = xml.Root!.Name.Namespace;
            keys.AddRange(xml.Root.Elements(ns + "Contents").Select(c => c.Element(ns + "Key")!.Value));
            token = xml.Root.Element(ns + "NextContinuationToken")?.Value;
            if (token is null) return keys;
        }
    }

    /// <summary>A JSON line of about <paramref name="bytes"/> bytes, as clickstream-like records are.</summary>
    private static byte[] Record(int id, int bytes)
    {
        var head = $"{{\"id\":{id},\"user\":\"user-{id % 977}\",\"page\":\"/products/{id % 311}\",\"amount\":{id % 1000 * 0.25},\"pad\":\"";
        var pad = Math.Max(0, bytes - head.Length - 3);
        return Encoding.ASCII.GetBytes(head + new string((char)('a' + (id % 26)), pad) + "\"}\n");
    }
}
