using Amazon.S3;
using Basin.Hosting;
using Basin.Tests.Support;

namespace Basin.Tests.S3;

/// <summary>
/// An in-process Basin on a movable clock, with the lifecycle runner and access-log delivery every 100 ms, an S3
/// client and the bucket "lake": for S3 behaviour that depends on days passing.
/// </summary>
public abstract class S3ClockTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "basin-s3clock-" + Guid.NewGuid().ToString("N"));
    private BasinHost _host = null!;

    protected ManualTimeProvider Time { get; } = new();

    protected BasinHost Host => _host;

    protected AmazonS3Client S3 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await BasinHost.StartAsync(new BasinOptions { Port = 0, DataDir = _dataDir, Time = Time, LifecycleInterval = TimeSpan.FromMilliseconds(100), AccessLogInterval = TimeSpan.FromMilliseconds(100) });
        S3 = S3Clients.For(_host.Endpoint.ToString().TrimEnd('/'));
        await S3.PutBucketAsync("lake");
    }

    public async Task DisposeAsync()
    {
        S3.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }

        return false;
    }
}
