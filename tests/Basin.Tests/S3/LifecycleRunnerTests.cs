using Amazon.S3;
using Amazon.S3.Model;

namespace Basin.Tests.S3;

/// <summary>
/// Lifecycle rules really run: with a movable clock and a 100 ms pass interval, objects expire,
/// change storage class, lose their noncurrent versions and stale uploads when their day comes,
/// and not before.
/// </summary>
public sealed class LifecycleRunnerTests : S3ClockTests
{
    [Fact]
    public async Task Objects_expire_on_the_day_their_rule_says_and_report_it_before()
    {
        await PutRulesAsync(new LifecycleRule { Id = "logs", Status = LifecycleRuleStatus.Enabled, Filter = Prefix("logs/"), Expiration = new LifecycleRuleExpiration { Days = 2 } });
        await PutAsync("logs/a");
        await PutAsync("keep/b");
        var head = await S3.GetObjectMetadataAsync("lake", "logs/a");
        Assert.Equal("logs", head.Expiration.RuleId);
        var expires = head.Expiration.ExpiryDate.ToUniversalTime();
        Assert.Equal(TimeSpan.Zero, expires.TimeOfDay);
        Assert.InRange((expires - DateTime.UtcNow).TotalDays, 2, 3);
        Assert.Null((await S3.GetObjectMetadataAsync("lake", "keep/b")).Expiration);

        Time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(500);
        Assert.Equal(["keep/b", "logs/a"], await KeysAsync());

        Time.Advance(TimeSpan.FromDays(2));
        Assert.True(await EventuallyAsync(async () => (await KeysAsync()).SequenceEqual(["keep/b"])));
    }

    [Fact]
    public async Task Transitions_move_objects_to_colder_classes_in_order()
    {
        await PutRulesAsync(new LifecycleRule
        {
            Id = "archive",
            Status = LifecycleRuleStatus.Enabled,
            Filter = Prefix("raw/"),
            Transitions = [new LifecycleTransition { Days = 30, StorageClass = S3StorageClass.StandardInfrequentAccess }, new LifecycleTransition { Days = 90, StorageClass = S3StorageClass.Glacier }],
        });
        await PutAsync("raw/x");
        Time.Advance(TimeSpan.FromDays(31));
        Assert.True(await EventuallyAsync(async () => (await S3.GetObjectMetadataAsync("lake", "raw/x")).StorageClass == S3StorageClass.StandardInfrequentAccess));
        Time.Advance(TimeSpan.FromDays(60));
        Assert.True(await EventuallyAsync(async () => (await S3.GetObjectMetadataAsync("lake", "raw/x")).StorageClass == S3StorageClass.Glacier));
    }

    [Fact]
    public async Task Noncurrent_versions_expire_and_then_the_lone_delete_marker_goes()
    {
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = "lake", VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await PutRulesAsync(new LifecycleRule
        {
            Id = "versions",
            Status = LifecycleRuleStatus.Enabled,
            Filter = Prefix(""),
            NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 1 },
        }, new LifecycleRule
        {
            Id = "markers",
            Status = LifecycleRuleStatus.Enabled,
            Filter = Prefix(""),
            Expiration = new LifecycleRuleExpiration { ExpiredObjectDeleteMarker = true },
        });
        await PutAsync("k");
        await PutAsync("k");
        await S3.DeleteObjectAsync("lake", "k");
        Assert.Equal(3, (await S3.ListVersionsAsync("lake")).Versions.Count);

        Time.Advance(TimeSpan.FromDays(2));
        Assert.True(await EventuallyAsync(async () => (await S3.ListVersionsAsync("lake")).Versions is null or { Count: 0 }));
    }

    [Fact]
    public async Task Object_lock_outranks_noncurrent_expiration()
    {
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = "vault", ObjectLockEnabledForBucket = true });
        await S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = "vault",
            Configuration = new LifecycleConfiguration { Rules = [new LifecycleRule { Id = "v", Status = LifecycleRuleStatus.Enabled, Filter = Prefix(""), NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 1 } }] },
        });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "vault", Key = "k", ContentBody = "held", ObjectLockLegalHoldStatus = ObjectLockLegalHoldStatus.On });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "vault", Key = "k", ContentBody = "free" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "vault", Key = "k", ContentBody = "newest" });
        Time.Advance(TimeSpan.FromDays(3));

        // The unprotected noncurrent version goes; the one under legal hold stays.
        Assert.True(await EventuallyAsync(async () => (await S3.ListVersionsAsync("vault")).Versions.Count == 2));
        await Task.Delay(300);
        Assert.Equal(2, (await S3.ListVersionsAsync("vault")).Versions.Count);
    }

    [Fact]
    public async Task Stale_multipart_uploads_are_aborted()
    {
        await PutRulesAsync(new LifecycleRule { Id = "uploads", Status = LifecycleRuleStatus.Enabled, Filter = Prefix(""), AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 1 } });
        await S3.InitiateMultipartUploadAsync("lake", "big");
        await Task.Delay(300);
        Assert.Single((await S3.ListMultipartUploadsAsync("lake")).MultipartUploads);
        Time.Advance(TimeSpan.FromDays(2));
        Assert.True(await EventuallyAsync(async () => (await S3.ListMultipartUploadsAsync("lake")).MultipartUploads is null or { Count: 0 }));
    }

    private static LifecycleFilter Prefix(string prefix) => new() { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = prefix } };

    private Task PutRulesAsync(params LifecycleRule[] rules) =>
        S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = "lake", Configuration = new LifecycleConfiguration { Rules = [.. rules] } });

    private Task PutAsync(string key) => S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = key, ContentBody = "data" });

    private async Task<List<string>> KeysAsync() => [.. ((await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "lake" })).S3Objects ?? []).Select(o => o.Key)];
}
