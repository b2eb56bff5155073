using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

public sealed class S3BucketAndListTests : IAsyncLifetime
{
    private BasinServer _basin = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _basin = await BasinServer.StartAsync();
        _s3 = _basin.S3();
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _basin.DisposeAsync();
    }

    [Fact]
    public async Task Bucket_lifecycle()
    {
        await _s3.PutBucketAsync("life");
        Assert.Contains((await _s3.ListBucketsAsync()).Buckets, b => b.BucketName == "life");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "life", Key = "k", ContentBody = "x" });
        var notEmpty = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync("life"));
        Assert.Equal(("BucketNotEmpty", HttpStatusCode.Conflict), (notEmpty.ErrorCode, notEmpty.StatusCode));
        await _s3.DeleteObjectAsync("life", "k");
        await _s3.DeleteBucketAsync("life");
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.DeleteBucketAsync("life"));
        Assert.Equal("NoSuchBucket", gone.ErrorCode);
    }

    [Fact]
    public async Task Invalid_bucket_names_are_refused()
    {
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketAsync("Not_Valid"));
        Assert.Equal("InvalidBucketName", e.ErrorCode);
    }

    [Fact]
    public async Task Another_account_cannot_take_an_existing_name()
    {
        await _s3.PutBucketAsync("taken");
        using var other = _basin.S3("111122223333", "any");
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => other.PutBucketAsync("taken"));
        Assert.Equal(("BucketAlreadyExists", HttpStatusCode.Conflict), (e.ErrorCode, e.StatusCode));
        Assert.DoesNotContain((await other.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == "taken");
    }

    [Fact]
    public async Task Location_of_us_east_1_bucket_is_empty()
    {
        await _s3.PutBucketAsync("where");
        var location = await _s3.GetBucketLocationAsync("where");
        Assert.True(string.IsNullOrEmpty(location.Location?.Value) || location.Location.Value == "us-east-1");
    }

    [Fact]
    public async Task Listing_pages_with_delimiters_and_tokens()
    {
        await _s3.PutBucketAsync("listing");
        var keys = new List<string>();
        for (var i = 0; i < 25; i++) keys.Add($"flat/{i:D2}");
        keys.AddRange(["dir/a/1", "dir/a/2", "dir/b/1", "dir/c", "top"]);
        await Task.WhenAll(keys.Select(k => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "listing", Key = k, ContentBody = k })));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "listing", Prefix = "flat/", MaxKeys = 10, ContinuationToken = token });
            seen.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(keys.Where(k => k.StartsWith("flat/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), seen);

        var grouped = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "listing", Prefix = "dir/", Delimiter = "/" });
        Assert.Equal(["dir/a/", "dir/b/"], grouped.CommonPrefixes);
        Assert.Equal(["dir/c"], grouped.S3Objects.Select(o => o.Key));
        Assert.Equal(3, grouped.KeyCount);

        // Paging through common prefixes one at a time skips each prefix whole.
        var prefixes = new List<string>();
        string? marker = null;
        do
        {
            var page = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = "listing", Delimiter = "/", MaxKeys = 1, Marker = marker });
            prefixes.AddRange(page.CommonPrefixes ?? []);
            prefixes.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            marker = page.IsTruncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        Assert.Equal(["dir/", "flat/", "top"], prefixes);
    }
}
