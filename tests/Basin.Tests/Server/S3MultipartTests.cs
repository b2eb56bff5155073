using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

public sealed class S3MultipartTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private BasinServer _basin = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync()
    {
        _basin = await BasinServer.StartAsync();
        _s3 = _basin.S3();
        await _s3.PutBucketAsync("mpu");
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _basin.DisposeAsync();
    }

    [Fact]
    public async Task Upload_complete_and_read_back()
    {
        var part1 = RandomNumberGenerator.GetBytes(5 * MiB);
        var part2 = RandomNumberGenerator.GetBytes(1234);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = "mpu", Key = "big/file.bin", ContentType = "application/x-test" });
        var e1 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "mpu", Key = "big/file.bin", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(part1) });
        var e2 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "mpu", Key = "big/file.bin", UploadId = create.UploadId, PartNumber = 2, InputStream = new MemoryStream(part2) });

        var parts = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = "mpu", Key = "big/file.bin", UploadId = create.UploadId });
        Assert.Equal([5 * MiB, 1234L], parts.Parts.Select(p => p.Size ?? 0));
        var uploads = await _s3.ListMultipartUploadsAsync("mpu");
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == create.UploadId);

        var done = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "mpu",
            Key = "big/file.bin",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, e1.ETag), new PartETag(2, e2.ETag)],
        });
        var expectedETag = Convert.ToHexStringLower(MD5.HashData(MD5.HashData(part1).Concat(MD5.HashData(part2)).ToArray())) + "-2";
        Assert.Equal("\"" + expectedETag + "\"", done.ETag);

        using var get = await _s3.GetObjectAsync("mpu", "big/file.bin");
        using var buffer = new MemoryStream();
        await get.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(part1.Concat(part2).ToArray(), buffer.ToArray());
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Empty((await _s3.ListMultipartUploadsAsync("mpu")).MultipartUploads ?? []);
    }

    [Fact]
    public async Task Small_parts_wrong_order_and_wrong_etags_are_refused()
    {
        var create = await _s3.InitiateMultipartUploadAsync("mpu", "small");
        var e1 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "mpu", Key = "small", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        var e2 = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = "mpu", Key = "small", UploadId = create.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[100]) });

        async Task<string> Complete(params PartETag[] parts) =>
            (await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "mpu", Key = "small", UploadId = create.UploadId, PartETags = [.. parts] }))).ErrorCode;

        Assert.Equal("EntityTooSmall", await Complete(new PartETag(1, e1.ETag), new PartETag(2, e2.ETag)));

        // (The .NET SDK sorts parts before sending; InvalidPartOrder is covered by the boto3 suite.)
        Assert.Equal("InvalidPart", await Complete(new PartETag(1, "\"0000\"")));

        await _s3.AbortMultipartUploadAsync("mpu", "small", create.UploadId);
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.ListPartsAsync(new ListPartsRequest { BucketName = "mpu", Key = "small", UploadId = create.UploadId }));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
    }

    [Fact]
    public async Task Upload_part_copy_takes_a_range_of_another_object()
    {
        var source = RandomNumberGenerator.GetBytes(6 * MiB);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = "mpu", Key = "source", InputStream = new MemoryStream(source) });
        var create = await _s3.InitiateMultipartUploadAsync("mpu", "assembled");
        var p1 = await _s3.CopyPartAsync(new CopyPartRequest { SourceBucket = "mpu", SourceKey = "source", DestinationBucket = "mpu", DestinationKey = "assembled", UploadId = create.UploadId, PartNumber = 1, FirstByte = 0, LastByte = (5 * MiB) - 1 });
        var p2 = await _s3.CopyPartAsync(new CopyPartRequest { SourceBucket = "mpu", SourceKey = "source", DestinationBucket = "mpu", DestinationKey = "assembled", UploadId = create.UploadId, PartNumber = 2, FirstByte = 5 * MiB, LastByte = (6 * MiB) - 1 });
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "mpu", Key = "assembled", UploadId = create.UploadId, PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)] });
        using var get = await _s3.GetObjectAsync("mpu", "assembled");
        using var buffer = new MemoryStream();
        await get.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(source, buffer.ToArray());
    }
}
