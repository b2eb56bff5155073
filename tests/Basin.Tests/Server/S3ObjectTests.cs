using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>S3 object operations through the AWS SDK for .NET against an in-process Basin.</summary>
public sealed class S3ObjectTests : IAsyncLifetime
{
    private BasinServer _basin = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _basin = await BasinServer.StartAsync();
        _s3 = _basin.S3();
        await _s3.PutBucketAsync("objects");
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _basin.DisposeAsync();
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("ünïcødé/文字/😀.txt")]
    [InlineData("a b/c+d=e&f?g#h")]
    [InlineData("../../etc/passwd")]
    [InlineData("a//b/./c/../d")]
    [InlineData("~tilde/~x")]
    [InlineData("trailing/")]
    public async Task Any_valid_key_round_trips(string key)
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = key, ContentBody = "body of " + key });
        using var get = await _s3.GetObjectAsync("objects", key);
        Assert.Equal("body of " + key, await new StreamReader(get.ResponseStream).ReadToEndAsync());
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "objects", Prefix = key });
        Assert.Contains(listed.S3Objects, o => o.Key == key);
    }

    [Fact]
    public async Task A_1024_byte_key_works_and_1025_is_too_long()
    {
        var key = new string('k', 1024);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = key, ContentBody = "x" });
        Assert.Equal(1, (await _s3.GetObjectMetadataAsync("objects", key)).ContentLength);
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = key + "k", ContentBody = "x" }));
        Assert.Equal("KeyTooLongError", e.ErrorCode);
    }

    [Fact]
    public async Task Metadata_and_content_headers_round_trip()
    {
        var put = new PutObjectRequest { BucketName = "objects", Key = "meta", ContentBody = "{}", ContentType = "application/json" };
        put.Metadata["Owner"] = "data-team";
        put.Headers.CacheControl = "max-age=60";
        put.Headers.ContentDisposition = "attachment; filename=\"m.json\"";
        await _s3.PutObjectAsync(put);
        var head = await _s3.GetObjectMetadataAsync("objects", "meta");
        Assert.Equal("application/json", head.Headers.ContentType);
        Assert.Equal("data-team", head.Metadata["owner"]);
        Assert.Equal("max-age=60", head.Headers.CacheControl);
        Assert.Equal("attachment; filename=\"m.json\"", head.Headers.ContentDisposition);
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("{}"u8)) + "\"", head.ETag);
    }

    [Fact]
    public async Task Range_reads_return_206_and_the_slice()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "digits", ContentBody = "0123456789" });
        using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = "objects", Key = "digits", ByteRange = new ByteRange(2, 5) });
        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
        Assert.Equal("2345", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        Assert.Equal("bytes 2-5/10", get.ContentRange);
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = "objects", Key = "digits", ByteRange = new ByteRange(20, 30) }));
        Assert.Equal("InvalidRange", e.ErrorCode);
    }

    [Fact]
    public async Task Conditional_reads_follow_s3()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "cond", ContentBody = "v1" });
        var notModified = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = "objects", Key = "cond", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var failed = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = "objects", Key = "cond", EtagToMatch = "\"nope\"" }));
        Assert.Equal("PreconditionFailed", failed.ErrorCode);
        using var ok = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = "objects", Key = "cond", EtagToMatch = put.ETag });
        Assert.Equal(HttpStatusCode.OK, ok.HttpStatusCode);
    }

    [Fact]
    public async Task Put_if_none_match_star_refuses_to_overwrite()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "once", ContentBody = "1", IfNoneMatch = "*" });
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "once", ContentBody = "2", IfNoneMatch = "*" }));
        Assert.Equal("PreconditionFailed", e.ErrorCode);
    }

    [Fact]
    public async Task Wrong_content_md5_is_bad_digest_and_nothing_is_stored()
    {
        var put = new PutObjectRequest { BucketName = "objects", Key = "digest", ContentBody = "actual", MD5Digest = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData("other"u8)) };
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(put));
        Assert.Equal("BadDigest", e.ErrorCode);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync("objects", "digest"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Flexible_checksums_are_stored_and_returned()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "crc", ContentBody = "hello", ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });
        var attrs = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = "objects", Key = "crc", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", attrs.ChecksumSHA256);
    }

    [Fact]
    public async Task Copy_replaces_or_keeps_metadata_and_refuses_a_pointless_self_copy()
    {
        var put = new PutObjectRequest { BucketName = "objects", Key = "src", ContentBody = "copy me", ContentType = "text/plain" };
        put.Metadata["k"] = "v";
        await _s3.PutObjectAsync(put);
        await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = "objects", SourceKey = "src", DestinationBucket = "objects", DestinationKey = "dst-copy" });
        Assert.Equal("v", (await _s3.GetObjectMetadataAsync("objects", "dst-copy")).Metadata["k"]);
        var replace = new CopyObjectRequest { SourceBucket = "objects", SourceKey = "src", DestinationBucket = "objects", DestinationKey = "dst-replace", MetadataDirective = S3MetadataDirective.REPLACE };
        replace.Metadata["k"] = "new";
        await _s3.CopyObjectAsync(replace);
        var replaced = await _s3.GetObjectMetadataAsync("objects", "dst-replace");
        Assert.Equal("new", replaced.Metadata["k"]);
        using var body = await _s3.GetObjectAsync("objects", "dst-replace");
        Assert.Equal("copy me", await new StreamReader(body.ResponseStream).ReadToEndAsync());
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = "objects", SourceKey = "src", DestinationBucket = "objects", DestinationKey = "src" }));
        Assert.Equal("InvalidRequest", e.ErrorCode);
    }

    [Fact]
    public async Task Delete_objects_reports_each_key()
    {
        foreach (var k in new[] { "d1", "d2" }) await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = k, ContentBody = k });
        var result = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = "objects", Objects = [new() { Key = "d1" }, new() { Key = "d2" }, new() { Key = "never" }] });
        Assert.Equal(["d1", "d2", "never"], result.DeletedObjects.Select(d => d.Key).Order());
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "objects", Prefix = "d" })).S3Objects ?? []);
    }

    [Fact]
    public async Task Missing_things_give_s3_errors()
    {
        var noKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync("objects", "absent"));
        Assert.Equal(("NoSuchKey", HttpStatusCode.NotFound), (noKey.ErrorCode, noKey.StatusCode));
        var noBucket = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync("absent-bucket", "k"));
        Assert.Equal("NoSuchBucket", noBucket.ErrorCode);
    }

    [Fact]
    public async Task Overwrite_replaces_content_and_leaves_one_data_file()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "over/write.txt", ContentBody = "first" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "objects", Key = "over/write.txt", ContentBody = "second" });
        using var get = await _s3.GetObjectAsync("objects", "over/write.txt");
        Assert.Equal("second", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        var files = Directory.GetFiles(Path.Combine(_basin.DataDir, "s3", "objects", "objects", "over"));
        Assert.Single(files);
        Assert.Equal("second", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(files[0])));
    }
}
