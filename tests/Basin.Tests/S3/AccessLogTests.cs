using Amazon.S3.Model;

namespace Basin.Tests.S3;

/// <summary>Requests to a bucket with logging enabled arrive as AWS-format log records in the target bucket.</summary>
public sealed class AccessLogTests : S3ClockTests
{
    [Fact]
    public async Task Requests_are_delivered_as_log_records_to_the_target_bucket()
    {
        await S3.PutBucketAsync("logs");
        await S3.PutBucketLoggingAsync(new PutBucketLoggingRequest
        {
            BucketName = "lake",
            LoggingConfig = new S3BucketLoggingConfig { TargetBucketName = "logs", TargetPrefix = "lake/" },
        });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "data/a.csv", ContentBody = "1,2" });
        using (await S3.GetObjectAsync("lake", "data/a.csv"))
        {
        }

        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => S3.GetObjectAsync("lake", "missing"));

        List<string> lines = [];
        Assert.True(await EventuallyAsync(async () =>
        {
            var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "logs", Prefix = "lake/" });
            lines = [];
            foreach (var o in listing.S3Objects ?? [])
            {
                using var read = await S3.GetObjectAsync("logs", o.Key);
                lines.AddRange((await new StreamReader(read.ResponseStream).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }

            return lines.Any(l => l.Contains(" 404 NoSuchKey ", StringComparison.Ordinal));
        }));

        Assert.Contains(lines, l => l.Contains(" REST.PUT.OBJECT data/a.csv \"PUT /lake/data/a.csv", StringComparison.Ordinal) && l.Contains(" 200 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" REST.GET.OBJECT data/a.csv ", StringComparison.Ordinal) && l.Contains(" 200 - 3 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" REST.GET.OBJECT missing ", StringComparison.Ordinal) && l.Contains(" 404 NoSuchKey ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^[0-9a-f]{64} lake \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] ", l));
        var keys = (await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "logs" })).S3Objects.Select(o => o.Key);
        Assert.All(keys, k => Assert.Matches(@"^lake/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-F]{16}$", k));
    }
}
