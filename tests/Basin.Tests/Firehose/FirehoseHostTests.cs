using System.Text;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Hosting;
using Basin.Tests.Support;

namespace Basin.Tests.Firehose;

/// <summary>
/// A Basin host for Firehose delivery tests, on its own data directory and a movable clock, with
/// the clients and waits those tests share.
/// </summary>
public abstract class FirehoseHostTests : IAsyncLifetime
{
    protected const string Role = "arn:aws:iam::000000000000:role/firehose";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "basin-fh-" + Guid.NewGuid().ToString("N"));
    private BasinHost _host = null!;

    protected ManualTimeProvider Time { get; } = new();

    protected string Endpoint => _host.Endpoint.ToString().TrimEnd('/');

    public virtual async Task InitializeAsync() => _host = await StartAsync();

    public virtual async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>Stops Basin and starts it again on the same data directory.</summary>
    protected async Task RestartAsync()
    {
        await _host.DisposeAsync();
        _host = await StartAsync();
    }

    protected JsonServiceClient Firehose() => new(Endpoint, "firehose", "Firehose_20150804");

    protected AmazonS3Client S3() => S3Clients.For(Endpoint);

    protected static Task<JsonNode> PutAsync(JsonServiceClient firehose, string stream, string data) =>
        firehose.CallAsync("PutRecord", new { DeliveryStreamName = stream, Record = new { Data = JsonServiceClient.Base64(data) } });

    protected static async Task<List<string>> KeysAsync(AmazonS3Client s3, string bucket) =>
        [.. ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key)];

    protected static async Task<List<string>> WaitForKeysAsync(AmazonS3Client s3, string bucket, int count)
    {
        for (var waited = 0; waited < 10_000; waited += 100)
        {
            var keys = await KeysAsync(s3, bucket);
            if (keys.Count >= count) return keys;
            await Task.Delay(100);
        }

        return await KeysAsync(s3, bucket);
    }

    protected static async Task<string> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private Task<BasinHost> StartAsync() =>
        BasinHost.StartAsync(new BasinOptions { Port = 0, DataDir = _dataDir, Time = Time });
}
