using System.Text.Json.Nodes;
using Basin.Tests.Support;

namespace Basin.Tests.Firehose;

/// <summary>
/// Delivery through a running Basin with a movable clock: objects appear when a buffer reaches
/// its size hint or its interval passes, never per record; the key follows AWS's layout; records
/// acknowledged before a restart are delivered after it; a Kinesis source delivers from LATEST.
/// </summary>
public sealed class FirehoseDeliveryTests : FirehoseHostTests
{
    [Fact]
    public async Task An_object_is_written_when_the_interval_passes_not_per_record()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        await s3.PutBucketAsync("out");
        await CreateAsync(firehose, "by-time", sizeMb: 1, intervalSeconds: 60, prefix: "logs/");
        for (var i = 0; i < 3; i++) await PutAsync(firehose, "by-time", $"line {i}\n");

        await Task.Delay(1000);
        Assert.Empty(await KeysAsync(s3, "out"));

        Time.Advance(TimeSpan.FromSeconds(61));
        var key = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        Assert.Matches(@"^logs/\d{4}/\d{2}/\d{2}/\d{2}/by-time-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$", key);
        Assert.Equal("line 0\nline 1\nline 2\n", await ReadAsync(s3, "out", key));
    }

    [Fact]
    public async Task An_object_is_written_as_soon_as_the_buffer_reaches_its_size()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        await s3.PutBucketAsync("out");
        await CreateAsync(firehose, "by-size", sizeMb: 1, intervalSeconds: 900, prefix: "big/");
        var record = new string('x', 99_999) + "\n";
        for (var batch = 0; batch < 5; batch++)
        {
            await firehose.CallAsync("PutRecordBatch", new { DeliveryStreamName = "by-size", Records = Enumerable.Range(0, 5).Select(_ => new { Data = JsonServiceClient.Base64(record) }) });
        }

        // 25 records of 100 KB: two full 1 MiB objects now, the rest waits for the interval.
        var keys = await WaitForKeysAsync(s3, "out", 2);
        Assert.Equal(2, keys.Count);
        foreach (var key in keys) Assert.InRange((await ReadAsync(s3, "out", key)).Length, 1024 * 1024, (1024 * 1024) + 100_000);

        Time.Advance(TimeSpan.FromSeconds(901));
        keys = await WaitForKeysAsync(s3, "out", 3);
        var total = 0;
        foreach (var key in keys) total += (await ReadAsync(s3, "out", key)).Length;
        Assert.Equal(25 * 100_000, total);
    }

    [Fact]
    public async Task Records_acknowledged_before_a_restart_are_delivered_after_it()
    {
        using (var s3 = S3())
        using (var firehose = Firehose())
        {
            await s3.PutBucketAsync("out");
            await CreateAsync(firehose, "durable", sizeMb: 5, intervalSeconds: 300, prefix: "d/");
            for (var i = 0; i < 20; i++) await PutAsync(firehose, "durable", $"r{i};");
        }

        await RestartAsync();
        using var s3After = S3();
        Assert.Empty(await KeysAsync(s3After, "out"));
        Time.Advance(TimeSpan.FromSeconds(301));
        var key = Assert.Single(await WaitForKeysAsync(s3After, "out", 1));
        Assert.Equal(string.Concat(Enumerable.Range(0, 20).Select(i => $"r{i};")), await ReadAsync(s3After, "out", key));

        // Delivered records are not delivered again after another restart.
        await RestartAsync();
        Time.Advance(TimeSpan.FromSeconds(301));
        await Task.Delay(800);
        using var s3Again = S3();
        Assert.Single(await KeysAsync(s3Again, "out"));
    }

    [Fact]
    public async Task A_kinesis_source_delivers_records_put_after_the_stream_was_created()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        using var kinesis = new JsonServiceClient(Endpoint, "kinesis", "Kinesis_20131202");
        await s3.PutBucketAsync("out");
        await kinesis.CallAsync("CreateStream", new { StreamName = "src", ShardCount = 2 });
        var streamArn = (await kinesis.CallAsync("DescribeStreamSummary", new { StreamName = "src" }))["StreamDescriptionSummary"]!["StreamARN"]!.GetValue<string>();
        await kinesis.CallAsync("PutRecord", new { StreamName = "src", PartitionKey = "k", Data = JsonServiceClient.Base64("before;") });
        await firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = "from-kinesis",
            DeliveryStreamType = "KinesisStreamAsSource",
            KinesisStreamSourceConfiguration = new { KinesisStreamARN = streamArn, RoleARN = Role },
            ExtendedS3DestinationConfiguration = new { RoleARN = Role, BucketARN = "arn:aws:s3:::out", Prefix = "k/", BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 60 } },
        });
        for (var i = 0; i < 10; i++) await kinesis.CallAsync("PutRecord", new { StreamName = "src", PartitionKey = "key" + i, Data = JsonServiceClient.Base64($"after{i};") });

        var put = await Assert.ThrowsAsync<HttpRequestException>(() => PutAsync(firehose, "from-kinesis", "x"));
        Assert.Contains("InvalidArgumentException", put.Message, StringComparison.Ordinal);

        await Task.Delay(500);
        Time.Advance(TimeSpan.FromSeconds(61));
        var key = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        var body = await ReadAsync(s3, "out", key);
        Assert.DoesNotContain("before", body, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"after{i}").Order(), body.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Update_destination_checks_the_version_and_names_new_objects_with_it()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        await s3.PutBucketAsync("out");
        await CreateAsync(firehose, "versioned", sizeMb: 1, intervalSeconds: 0, prefix: "v1/");
        var stale = await Assert.ThrowsAsync<HttpRequestException>(() => firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "versioned",
            CurrentDeliveryStreamVersionId = "7",
            DestinationId = "destinationId-000000000001",
            ExtendedS3DestinationUpdate = new { Prefix = "v2/" },
        }));
        Assert.Contains("ConcurrentModificationException", stale.Message, StringComparison.Ordinal);
        await firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "versioned",
            CurrentDeliveryStreamVersionId = "1",
            DestinationId = "destinationId-000000000001",
            ExtendedS3DestinationUpdate = new { Prefix = "v2/", CompressionFormat = "GZIP" },
        });
        var description = (await firehose.CallAsync("DescribeDeliveryStream", new { DeliveryStreamName = "versioned" }))["DeliveryStreamDescription"]!;
        Assert.Equal("2", description["VersionId"]!.GetValue<string>());
        Assert.Equal(1, description["Destinations"]![0]!["ExtendedS3DestinationDescription"]!["BufferingHints"]!["SizeInMBs"]!.GetValue<int>());

        await PutAsync(firehose, "versioned", "hello");
        var key = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        Assert.Matches(@"^v2/.*/versioned-2-.*\.gz$", key);
    }

    [Fact]
    public async Task Records_held_by_a_missing_bucket_are_delivered_once_an_update_names_an_existing_one()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        await firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = "no-bucket",
            ExtendedS3DestinationConfiguration = new { RoleARN = Role, BucketARN = "arn:aws:s3:::missing", BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 0 } },
        });
        await PutAsync(firehose, "no-bucket", "kept;");
        await Task.Delay(500); // the worker tries, finds no bucket, and keeps the record

        await s3.PutBucketAsync("out");
        await firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "no-bucket",
            CurrentDeliveryStreamVersionId = "1",
            DestinationId = "destinationId-000000000001",
            ExtendedS3DestinationUpdate = new { BucketARN = "arn:aws:s3:::out", Prefix = "moved/" },
        });
        var key = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        Assert.StartsWith("moved/", key, StringComparison.Ordinal);
        Assert.Equal("kept;", await ReadAsync(s3, "out", key));
    }

    [Fact]
    public async Task A_kms_encryption_configuration_encrypts_delivered_objects_under_that_key()
    {
        using var s3 = S3();
        using var firehose = Firehose();
        await s3.PutBucketAsync("out");
        const string key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        await firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = "sealed",
            ExtendedS3DestinationConfiguration = new
            {
                RoleARN = Role,
                BucketARN = "arn:aws:s3:::out",
                BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 60 },
                EncryptionConfiguration = new { KMSEncryptionConfig = new { AWSKMSKeyARN = key } },
            },
        });
        await PutAsync(firehose, "sealed", "card 4111\n");
        Time.Advance(TimeSpan.FromSeconds(61));
        var delivered = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        var head = await s3.GetObjectMetadataAsync("out", delivered);
        Assert.Equal(("aws:kms", key), (head.ServerSideEncryptionMethod.Value, head.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal("card 4111\n", await ReadAsync(s3, "out", delivered));
    }

    private static Task<JsonNode> CreateAsync(JsonServiceClient firehose, string name, int sizeMb, int intervalSeconds, string prefix) =>
        firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = name,
            ExtendedS3DestinationConfiguration = new { RoleARN = Role, BucketARN = "arn:aws:s3:::out", Prefix = prefix, BufferingHints = new { SizeInMBs = sizeMb, IntervalInSeconds = intervalSeconds } },
        });

}
