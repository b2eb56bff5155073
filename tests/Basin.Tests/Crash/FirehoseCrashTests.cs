using System.Collections.Concurrent;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Tests.Support;

namespace Basin.Tests.Crash;

/// <summary>
/// A PutRecordBatch success means its records reach S3 even if the process dies: producers write
/// while objects are being delivered and the process is SIGKILLed; after a restart every
/// acknowledged record is delivered (at least once, as on AWS) and no object holds a torn record.
/// </summary>
public sealed class FirehoseCrashTests
{
    [Fact]
    public async Task Acknowledged_records_are_delivered_after_sigkill()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-fcrash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acked = await ProduceUntilKilledAsync(dataDir, "ExtendedS3DestinationConfiguration", new
            {
                RoleARN = "arn:aws:iam::000000000000:role/r",
                BucketARN = "arn:aws:s3:::crash",
                CompressionFormat = "UNCOMPRESSED",
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 1 },
            }, () => true);
            using var restarted = await BasinProcess.StartAsync(dataDir);
            using var client = S3(restarted.Endpoint);
            HashSet<string> delivered = [];
            for (var waited = 0; waited < 30_000; waited += 250)
            {
                delivered = await DeliveredLinesAsync(client);
                if (acked.All(delivered.Contains)) break;
                await Task.Delay(250);
            }

            var missing = acked.Where(k => !delivered.Contains(k)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged records were not delivered, e.g. {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Acknowledged_records_reach_an_http_endpoint_after_sigkill()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-fcrash-" + Guid.NewGuid().ToString("N"));
        await using var endpoint = await FirehoseEndpoint.StartAsync();
        try
        {
            var acked = await ProduceUntilKilledAsync(dataDir, "HttpEndpointDestinationConfiguration", new
            {
                EndpointConfiguration = new { Url = endpoint.Url },
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 1 },
                S3Configuration = new { RoleARN = "arn:aws:iam::000000000000:role/r", BucketARN = "arn:aws:s3:::crash" },
            }, () => !endpoint.Calls.IsEmpty);
            using var restarted = await BasinProcess.StartAsync(dataDir);
            var missing = acked.ToList();
            for (var waited = 0; waited < 30_000 && missing.Count > 0; waited += 250)
            {
                var received = endpoint.Calls.SelectMany(c => c.Records).SelectMany(r => r.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
                missing = [.. acked.Where(k => !received.Contains(k))];
                if (missing.Count > 0) await Task.Delay(250);
            }

            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged records never reached the endpoint, e.g. {string.Join(", ", missing.Take(5))}");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Starts Basin, creates the stream "crash" with the given destination, runs four producers
    /// until 3,000 records are acknowledged and <paramref name="delivering"/> holds, SIGKILLs Basin
    /// at a random moment, and returns the records that were acknowledged.
    /// </summary>
    private static async Task<ICollection<string>> ProduceUntilKilledAsync(string dataDir, string destinationMember, object destination, Func<bool> delivering)
    {
        var acked = new ConcurrentDictionary<string, bool>();
        using (var basin = await BasinProcess.StartAsync(dataDir))
        {
            using var s3 = S3(basin.Endpoint);
            await s3.PutBucketAsync("crash");
            using var firehose = new JsonServiceClient(basin.Endpoint, "firehose", "Firehose_20150804");
            await firehose.CallAsync("CreateDeliveryStream", new Dictionary<string, object> { ["DeliveryStreamName"] = "crash", [destinationMember] = destination });
            using var stop = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 4).Select(p => ProduceAsync(firehose, p, acked, stop.Token)).ToList();
            for (var waited = 0; (acked.Count < 3000 || !delivering()) && waited < 30_000; waited += 20) await Task.Delay(20);
            await Task.Delay(Random.Shared.Next(300));
            basin.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(producers);
        }

        Assert.True(acked.Count >= 3000, $"only {acked.Count} records were acknowledged before the kill");
        return acked.Keys;
    }

    private static async Task<HashSet<string>> DeliveredLinesAsync(AmazonS3Client s3)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "crash" });
        foreach (var o in listing.S3Objects ?? [])
        {
            using var response = await s3.GetObjectAsync("crash", o.Key);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.Matches(@"^p\d#\d+$", line);
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task ProduceAsync(JsonServiceClient firehose, int producer, ConcurrentDictionary<string, bool> acked, CancellationToken stop)
    {
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = Enumerable.Range(0, 100).Select(_ => $"p{producer}#{next++}").ToList();
            try
            {
                await firehose.CallAsync("PutRecordBatch", new
                {
                    DeliveryStreamName = "crash",
                    Records = batch.Select(d => new { Data = JsonServiceClient.Base64(d + "\n") }),
                }, stop);
                foreach (var d in batch) acked[d] = true;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static AmazonS3Client S3(string endpoint) => S3Clients.For(endpoint);
}
