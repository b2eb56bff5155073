using Amazon.S3;
using Amazon.S3.Model;

namespace Basin.Tests.S3;

/// <summary>
/// Archive storage classes are really offline: a GLACIER object cannot be read until RestoreObject
/// has run for its tier's time on the clock, and the restored copy goes away when its days are up.
/// </summary>
public sealed class ArchiveRestoreTests : S3ClockTests
{
    [Fact]
    public async Task A_glacier_object_is_readable_only_while_restored()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "cold", ContentBody = "frozen", StorageClass = S3StorageClass.Glacier });
        Assert.Equal("InvalidObjectState", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync("lake", "cold"))).ErrorCode);
        Assert.Equal(S3StorageClass.Glacier, (await S3.GetObjectMetadataAsync("lake", "cold")).StorageClass);

        var started = await S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "cold", Days = 1, Tier = GlacierJobTier.Expedited });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.HttpStatusCode);
        Assert.True((await S3.GetObjectMetadataAsync("lake", "cold")).RestoreInProgress);
        Assert.Equal("RestoreAlreadyInProgress", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "cold", Days = 1 }))).ErrorCode);
        Assert.Equal("InvalidObjectState", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync("lake", "cold"))).ErrorCode);

        Time.Advance(TimeSpan.FromMinutes(2));
        using (var read = await S3.GetObjectAsync("lake", "cold"))
        {
            Assert.Equal("frozen", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        }

        var head = await S3.GetObjectMetadataAsync("lake", "cold");
        Assert.False(head.RestoreInProgress);
        Assert.NotNull(head.RestoreExpiration);
        var extended = await S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "cold", Days = 2 });
        Assert.Equal(System.Net.HttpStatusCode.OK, extended.HttpStatusCode);

        Time.Advance(TimeSpan.FromDays(4));
        Assert.Equal("InvalidObjectState", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync("lake", "cold"))).ErrorCode);
    }

    [Fact]
    public async Task Only_archived_objects_can_be_restored_and_copies_need_a_restore()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "warm", ContentBody = "x" });
        Assert.Equal("InvalidObjectState", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "warm", Days = 1 }))).ErrorCode);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "deep", ContentBody = "x", StorageClass = S3StorageClass.DeepArchive });
        Assert.Equal("InvalidObjectState", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.CopyObjectAsync("lake", "deep", "lake", "copy"))).ErrorCode);
        var expedited = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "deep", Days = 1, Tier = GlacierJobTier.Expedited }));
        Assert.Equal("InvalidArgument", expedited.ErrorCode);
    }
}
