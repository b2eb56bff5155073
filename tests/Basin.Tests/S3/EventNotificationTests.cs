using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Basin.Services.Events;

namespace Basin.Tests.S3;

/// <summary>
/// S3 event notifications on Basin's event bus: a record in S3's event format for each matching
/// queue, topic or Lambda configuration (events and key filter), EventBridge events when enabled,
/// for writes, copies, multipart completions, deletes, tagging and lifecycle actions.
/// </summary>
public sealed class EventNotificationTests : S3ClockTests
{
    private const string Queue = "arn:aws:sqs:us-east-1:000000000000:lake-events";
    private const string Function = "arn:aws:lambda:us-east-1:000000000000:function:on-delete";
    private readonly ConcurrentQueue<BusEvent> _events = new();

    private async Task ConfigureAsync(bool eventBridge = false)
    {
        Host.Events.Subscribe(_events.Enqueue);
        await S3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = "lake",
            QueueConfigurations =
            [
                new QueueConfiguration
                {
                    Id = "csv-in",
                    Queue = Queue,
                    Events = [EventType.ObjectCreatedAll],
                    Filter = new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = [new FilterRule("Prefix", "in/"), new FilterRule("Suffix", ".csv")] } },
                },
            ],
            LambdaFunctionConfigurations = [new LambdaFunctionConfiguration { Id = "removed", FunctionArn = Function, Events = [EventType.ObjectRemovedAll, new EventType("s3:LifecycleExpiration:*")] }],
            EventBridgeConfiguration = eventBridge ? new EventBridgeConfiguration() : null,
        });
    }

    private List<BusEvent> To(string destination) => [.. _events.Where(e => e.Destination == destination)];

    [Fact]
    public async Task Writes_matching_a_configuration_become_records_in_s3s_format()
    {
        await ConfigureAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "in/day 1.csv", ContentBody = "a,b\n" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "in/notes.txt", ContentBody = "x" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "out/day1.csv", ContentBody = "x" });
        await S3.CopyObjectAsync("lake", "in/day 1.csv", "lake", "in/copy.csv");

        var events = To(Queue);
        Assert.Equal(2, events.Count);
        var record = events[0].Document["Records"]![0]!;
        Assert.Equal(("2.1", "aws:s3", "ObjectCreated:Put", "us-east-1"), (record["eventVersion"]!.GetValue<string>(), record["eventSource"]!.GetValue<string>(), record["eventName"]!.GetValue<string>(), record["awsRegion"]!.GetValue<string>()));
        var s3 = record["s3"]!;
        Assert.Equal(("csv-in", "lake", "arn:aws:s3:::lake"), (s3["configurationId"]!.GetValue<string>(), s3["bucket"]!["name"]!.GetValue<string>(), s3["bucket"]!["arn"]!.GetValue<string>()));
        Assert.Equal(("in/day+1.csv", 4L), (s3["object"]!["key"]!.GetValue<string>(), s3["object"]!["size"]!.GetValue<long>()));
        Assert.Matches("^[0-9a-f]{32}$", s3["object"]!["eTag"]!.GetValue<string>());
        Assert.Matches("^[0-9A-F]{18}$", s3["object"]!["sequencer"]!.GetValue<string>());
        Assert.Equal("ObjectCreated:Copy", events[1].Document["Records"]![0]!["eventName"]!.GetValue<string>());
        Assert.Empty(To(Function));
    }

    [Fact]
    public async Task Deletes_multipart_completions_and_eventbridge_events()
    {
        await ConfigureAsync(eventBridge: true);
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = "lake", VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var upload = await S3.InitiateMultipartUploadAsync("lake", "in/big.csv");
        var part = await S3.UploadPartAsync(new UploadPartRequest { BucketName = "lake", Key = "in/big.csv", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream("1,2\n"u8.ToArray()) });
        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "lake", Key = "in/big.csv", UploadId = upload.UploadId, PartETags = [new PartETag(1, part.ETag)] });
        var marker = await S3.DeleteObjectAsync("lake", "in/big.csv");

        Assert.Equal("ObjectCreated:CompleteMultipartUpload", Assert.Single(To(Queue)).Document["Records"]![0]!["eventName"]!.GetValue<string>());
        var removed = Assert.Single(To(Function)).Document["Records"]![0]!;
        Assert.Equal("ObjectRemoved:DeleteMarkerCreated", removed["eventName"]!.GetValue<string>());
        Assert.Equal(marker.VersionId, removed["s3"]!["object"]!["versionId"]!.GetValue<string>());
        Assert.Null(removed["s3"]!["object"]!["size"]);

        var bridge = To("arn:aws:events:us-east-1:000000000000:event-bus/default").Select(e => e.Document).ToList();
        Assert.Equal(["Object Created", "Object Deleted"], bridge.Select(e => e["detail-type"]!.GetValue<string>()));
        Assert.Equal(("aws.s3", "CompleteMultipartUpload"), (bridge[0]["source"]!.GetValue<string>(), bridge[0]["detail"]!["reason"]!.GetValue<string>()));
        Assert.Equal("Delete Marker Created", bridge[1]["detail"]!["deletion-type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lifecycle_expiration_is_announced_as_a_lifecycle_event()
    {
        await ConfigureAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = "lake", Key = "tmp/old", ContentBody = "x" });
        await S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = "lake",
            Configuration = new LifecycleConfiguration { Rules = [new LifecycleRule { Id = "tmp", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "tmp/" } }, Expiration = new LifecycleRuleExpiration { Days = 1 } }] },
        });
        Time.Advance(TimeSpan.FromDays(3));
        Assert.True(await EventuallyAsync(() => Task.FromResult(To(Function).Count > 0)));
        var record = To(Function)[0].Document["Records"]![0]!;
        Assert.Equal(("LifecycleExpiration:Delete", "2.3", "s3.amazonaws.com"), (record["eventName"]!.GetValue<string>(), record["eventVersion"]!.GetValue<string>(), record["userIdentity"]!["principalId"]!.GetValue<string>()));
    }
}
