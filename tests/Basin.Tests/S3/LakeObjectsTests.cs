using System.Text;
using Basin.Services.S3;
using Basin.Storage.S3;
using Basin.Tests.Support;

namespace Basin.Tests.S3;

/// <summary>The lake view of S3 that Athena, crawlers and Firehose use: archived objects stay out of it, and its writes use the injected clock.</summary>
public sealed class LakeObjectsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "basin-lake-" + Guid.NewGuid().ToString("N"));
    private readonly S3Store _store;
    private readonly ManualTimeProvider _time = new();

    public LakeObjectsTests() => _store = new S3Store(_root);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Offline_archived_objects_are_not_listed_or_opened()
    {
        await _store.CreateBucketAsync(new BucketRecord("lake", "000000000000", "us-east-1", DateTimeOffset.UtcNow));
        await PutAsync("t/warm.csv", "STANDARD");
        await PutAsync("t/cold.csv", "GLACIER");
        var lake = new S3LakeObjects(_store, _time);
        Assert.Equal(["t/warm.csv"], lake.List("lake", "t/").Select(o => o.Key));
        Assert.Null(lake.Open("lake", "t/cold.csv"));
    }

    [Fact]
    public async Task Lake_writes_are_stamped_with_the_injected_clock()
    {
        await _store.CreateBucketAsync(new BucketRecord("lake", "000000000000", "us-east-1", DateTimeOffset.UtcNow));
        _time.Advance(TimeSpan.FromDays(400));
        var lake = new S3LakeObjects(_store, _time);
        await lake.PutAsync("lake", "out/part-0", new MemoryStream("x"u8.ToArray()), "text/plain", "000000000000");
        Assert.InRange((_store.GetObject("lake", "out/part-0")!.LastModified - DateTimeOffset.UtcNow).TotalDays, 399, 401);
    }

    private async Task PutAsync(string key, string storageClass)
    {
        var staged = await _store.WriteObjectDataAsync("lake", key, new MemoryStream(Encoding.UTF8.GetBytes("a,b")), [], CancellationToken.None);
        await _store.PutObjectAsync(ObjectRecord.Blank("lake", key, DateTimeOffset.UtcNow, "000000000000") with { ETag = "e", StorageClass = storageClass }, staged);
    }
}
