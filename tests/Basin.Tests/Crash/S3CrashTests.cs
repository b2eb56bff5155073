using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Tests.Support;

namespace Basin.Tests.Crash;

/// <summary>
/// A 200 from S3 means the object survives a crash. Writers PUT, overwrite and multipart-upload
/// concurrently while the process is SIGKILLed at a random moment; after a restart every
/// acknowledged object must be there byte for byte, and anything that was in flight must be
/// either absent or complete (one whole version), never partial. Half the writes are encrypted
/// (SSE-S3, SSE-KMS), whose data files must be just as durable.
/// </summary>
public sealed class S3CrashTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Acknowledged_objects_survive_sigkill_and_nothing_partial_is_visible()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "basin-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            for (var round = 0; round < 3; round++)
            {
                await CrashRoundAsync(dataDir, round);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task CrashRoundAsync(string dataDir, int round)
    {
        var acknowledged = new ConcurrentDictionary<string, string>();   // key -> sha256 of the acked version
        var attempted = new ConcurrentDictionary<string, ConcurrentBag<string>>(); // key -> sha256 of every version tried
        var bucket = $"crash-{round}";
        using (var basin = await BasinProcess.StartAsync(dataDir))
        {
            using var s3 = Client(basin.Endpoint);
            await s3.PutBucketAsync(bucket);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => WriteLoopAsync(s3, bucket, w, acknowledged, attempted, stop.Token))
                .Append(MultipartLoopAsync(s3, bucket, acknowledged, attempted, stop.Token))
                .ToList();

            // Kill at a random moment once writes are flowing (a cold JIT can take a while to get there).
            for (var waited = 0; acknowledged.Count < 30 && waited < 30_000; waited += 20) await Task.Delay(20);
            await Task.Delay(Random.Shared.Next(500));
            basin.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} writes were acknowledged before the kill");
        using var restarted = await BasinProcess.StartAsync(dataDir);
        using var client = Client(restarted.Endpoint);
        foreach (var (key, sha) in acknowledged)
        {
            var actual = await ReadShaAsync(client, bucket, key);
            Assert.True(actual is not null, $"acknowledged {key} is missing after the crash");

            // A later overwrite of the same key may have landed too; it must be one whole version.
            Assert.Contains(actual, attempted[key]);
            if (attempted[key].Count == 1) Assert.Equal(sha, actual);
        }

        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token });
            listed.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        foreach (var key in listed)
        {
            Assert.True(attempted.ContainsKey(key), $"{key} was never written");
            Assert.Contains(await ReadShaAsync(client, bucket, key), attempted[key]);
        }
    }

    private static async Task WriteLoopAsync(AmazonS3Client s3, string bucket, int writer, ConcurrentDictionary<string, string> acked, ConcurrentDictionary<string, ConcurrentBag<string>> attempted, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            // Every fourth write overwrites an earlier key of this writer.
            var key = i % 4 == 3 ? $"w{writer}/obj-{i - 3:D5}" : $"w{writer}/obj-{i:D5}";
            var data = RandomNumberGenerator.GetBytes(1024 + Random.Shared.Next(300 * 1024));
            var sha = Convert.ToHexStringLower(SHA256.HashData(data));
            attempted.GetOrAdd(key, _ => []).Add(sha);
            try
            {
                // Half the writers encrypt (SSE-S3, and one SSE-KMS): encrypted data files must be as durable.
                var put = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(data) };
                if (writer % 2 == 1) put.ServerSideEncryptionMethod = writer == 7 ? ServerSideEncryptionMethod.AWSKMS : ServerSideEncryptionMethod.AES256;
                await s3.PutObjectAsync(put, stop);
                acked[key] = sha;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
            {
                return; // the server is gone
            }
        }
    }

    private static async Task MultipartLoopAsync(AmazonS3Client s3, string bucket, ConcurrentDictionary<string, string> acked, ConcurrentDictionary<string, ConcurrentBag<string>> attempted, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"mpu/obj-{i:D4}";
            var parts = new[] { RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(Random.Shared.Next(1, MiB)) };
            var sha = Convert.ToHexStringLower(SHA256.HashData(parts[0].Concat(parts[1]).ToArray()));
            attempted.GetOrAdd(key, _ => []).Add(sha);
            try
            {
                var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ServerSideEncryptionMethod = i % 2 == 0 ? ServerSideEncryptionMethod.AES256 : ServerSideEncryptionMethod.AWSKMS }, stop);
                var etags = new List<PartETag>();
                for (var p = 0; p < parts.Length; p++)
                {
                    var r = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartNumber = p + 1, InputStream = new MemoryStream(parts[p]) }, stop);
                    etags.Add(new PartETag(p + 1, r.ETag));
                }

                await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = etags }, stop);
                acked[key] = sha;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    private static async Task<string?> ReadShaAsync(AmazonS3Client s3, string bucket, string key)
    {
        try
        {
            using var get = await s3.GetObjectAsync(bucket, key);
            using var sha = SHA256.Create();
            return Convert.ToHexStringLower(await sha.ComputeHashAsync(get.ResponseStream));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static AmazonS3Client Client(string endpoint) =>
        S3Clients.For(endpoint, timeout: TimeSpan.FromSeconds(20));
}
