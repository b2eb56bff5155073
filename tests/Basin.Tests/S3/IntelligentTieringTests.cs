using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Services.Events;

namespace Basin.Tests.S3;

/// <summary>
/// Intelligent-Tiering on the injected clock: an unread object moves to the archive tier its
/// bucket's configuration names (and is announced), becomes unreadable until a restore brings it
/// back to Frequent Access, and small objects never move; restores of archived classes announce
/// their completion.
/// </summary>
public sealed class IntelligentTieringTests : S3ClockTests
{
    private readonly ConcurrentQueue<BusEvent> _events = new();

    private async Task SetUpAsync()
    {
        Host.Events.Subscribe(_events.Enqueue);
        await S3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "lake",
            LambdaFunctionConfigurations = [new LambdaFunctionConfiguration { Id = "tiers", FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:tiers", Events = [new EventType("s3:IntelligentTiering"), new EventType("s3:ObjectRestore:*")] }],
        });
        await S3.PutBucketIntelligentTieringConfigurationAsync(new PutBucketIntelligentTieringConfigurationRequest
        {
            BucketName = "lake",
            IntelligentTieringId = "archive",
            IntelligentTieringConfiguration = new IntelligentTieringConfiguration
            {
                IntelligentTieringId = "archive",
                Status = IntelligentTieringStatus.Enabled,
                IntelligentTieringFilter = new IntelligentTieringFilter { IntelligentTieringFilterPredicate = new IntelligentTieringPrefixPredicate("cold/") },
                Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.ARCHIVE_ACCESS, Days = 90 }],
            },
        });
    }

    private List<string> EventNames() => [.. _events.Select(e => e.Document["Records"]![0]!["eventName"]!.GetValue<string>())];

    [Fact]
    public async Task An_unread_object_archives_and_a_restore_brings_it_back()
    {
        await SetUpAsync();
        var body = new byte[200 * 1024];
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "cold/data.bin", InputStream = new MemoryStream(body), StorageClass = S3StorageClass.IntelligentTiering });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "cold/small.bin", InputStream = new MemoryStream(new byte[1024]), StorageClass = S3StorageClass.IntelligentTiering });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "warm/data.bin", InputStream = new MemoryStream(body), StorageClass = S3StorageClass.IntelligentTiering });

        Time.Advance(TimeSpan.FromDays(91));
        Assert.True(await EventuallyAsync(async () => (await S3.GetObjectMetadataAsync("lake", "cold/data.bin")).ArchiveStatus == ArchiveStatus.ARCHIVE_ACCESS));
        Assert.Null((await S3.GetObjectMetadataAsync("lake", "cold/small.bin")).ArchiveStatus);
        Assert.Null((await S3.GetObjectMetadataAsync("lake", "warm/data.bin")).ArchiveStatus);
        var refused = await Assert.ThrowsAsync<InvalidObjectStateException>(() => S3.GetObjectAsync("lake", "cold/data.bin"));
        Assert.Equal("InvalidObjectState", refused.ErrorCode);
        Assert.Contains("IntelligentTiering", EventNames());

        await S3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = "lake", Key = "cold/data.bin", Tier = GlacierJobTier.Expedited });
        Assert.True((await S3.GetObjectMetadataAsync("lake", "cold/data.bin")).RestoreInProgress);
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await EventuallyAsync(async () => (await S3.GetObjectMetadataAsync("lake", "cold/data.bin")).ArchiveStatus is null && EventNames().Contains("ObjectRestore:Completed")));
        using var read = await S3.GetObjectAsync("lake", "cold/data.bin");
        Assert.Equal(body.Length, read.ContentLength);
        Assert.Equal(["IntelligentTiering", "ObjectRestore:Post", "ObjectRestore:Completed"], EventNames());
    }

    [Fact]
    public async Task Configurations_are_checked_listed_and_removed()
    {
        await SetUpAsync();
        var bad = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutBucketIntelligentTieringConfigurationAsync(new PutBucketIntelligentTieringConfigurationRequest
        {
            BucketName = "lake",
            IntelligentTieringId = "deep",
            IntelligentTieringConfiguration = new IntelligentTieringConfiguration { IntelligentTieringId = "deep", Status = IntelligentTieringStatus.Enabled, Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS, Days = 90 }] },
        }));
        Assert.Equal("InvalidArgument", bad.ErrorCode);
        var listed = await S3.ListBucketIntelligentTieringConfigurationsAsync(new ListBucketIntelligentTieringConfigurationsRequest { BucketName = "lake" });
        Assert.Equal(["archive"], listed.IntelligentTieringConfigurationList.Select(c => c.IntelligentTieringId));
        await S3.DeleteBucketIntelligentTieringConfigurationAsync(new DeleteBucketIntelligentTieringConfigurationRequest { BucketName = "lake", IntelligentTieringId = "archive" });

        // The .NET SDK answers a 404 (NoSuchConfiguration) with an empty response instead of an exception.
        var missing = await S3.GetBucketIntelligentTieringConfigurationAsync(new GetBucketIntelligentTieringConfigurationRequest { BucketName = "lake", IntelligentTieringId = "archive" });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.HttpStatusCode);
    }
}
