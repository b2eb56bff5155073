using Amazon.S3;
using Amazon.S3.Model;
using Basin.Hosting;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>Versions, delete markers and the versioning state through the AWS SDK for .NET, kept across a restart.</summary>
public sealed class S3VersioningTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "basin-versions-" + Guid.NewGuid().ToString("N"));
    private BasinHost _host = null!;

    public async Task InitializeAsync() => _host = await BasinHost.StartAsync(new BasinOptions { Port = 0, DataDir = _dataDir });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Versions_and_delete_markers_survive_a_restart()
    {
        string first, second, marker;
        using (var s3 = S3())
        {
            await s3.PutBucketAsync("kept");
            await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = "kept", VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
            first = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "k", ContentBody = "first" })).VersionId;
            second = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "k", ContentBody = "second" })).VersionId;
            marker = (await s3.DeleteObjectAsync("kept", "k")).VersionId;
        }

        await _host.DisposeAsync();
        _host = await BasinHost.StartAsync(new BasinOptions { Port = 0, DataDir = _dataDir });
        using var after = S3();
        Assert.Equal(VersionStatus.Enabled, (await after.GetBucketVersioningAsync("kept")).VersioningConfig.Status);
        var listing = await after.ListVersionsAsync("kept");
        var versions = listing.Versions.Select(v => (v.VersionId, v.IsDeleteMarker == true, v.IsLatest == true)).OrderBy(v => v.VersionId, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { (first, false, false), (second, false, false), (marker, true, true) }.OrderBy(v => v.Item1, StringComparer.Ordinal), versions);
        using var read = await after.GetObjectAsync(new GetObjectRequest { BucketName = "kept", Key = "k", VersionId = first });
        Assert.Equal("first", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        var hidden = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => after.GetObjectAsync("kept", "k"));
        Assert.Equal("NoSuchKey", hidden.ErrorCode);
    }

    private AmazonS3Client S3() => S3Clients.For(_host.Endpoint.ToString().TrimEnd('/'));
}
