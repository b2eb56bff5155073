using Basin.Aws.Model.Firehose;
using Basin.Services.Firehose;
using Basin.Tests.Support;

namespace Basin.Tests.Firehose;

/// <summary>
/// Firehose's DirectPut quotas, when switched on: requests over the rate fail whole with
/// ServiceUnavailableException, records over the record or byte rate fail one by one in
/// PutRecordBatch, and capacity comes back as time passes.
/// </summary>
public sealed class ThroughputLimitTests : FirehoseHostTests
{
    [Fact]
    public void The_request_rate_is_per_second_and_refills_over_time()
    {
        var time = new SteppedTimeProvider();
        var throttle = new StreamThrottle(time, enabledByDefault: true);
        var stream = Stream("ap-south-1");
        for (var i = 0; i < 1_000; i++) Assert.NotNull(throttle.Admit(stream, [[1]]));
        Assert.Null(throttle.Admit(stream, [[1]]));

        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.NotNull(throttle.Admit(stream, [[1]]));
        Assert.NotNull(throttle.Admit(stream, [[1]]));
        Assert.Null(throttle.Admit(stream, [[1]]));
    }

    [Fact]
    public void Records_over_the_byte_rate_fail_one_by_one_and_large_regions_allow_more()
    {
        var time = new SteppedTimeProvider();
        var throttle = new StreamThrottle(time, enabledByDefault: true);
        var record = new byte[400 * 1024];
        Assert.Equal([true, true, false], throttle.Admit(Stream("eu-central-1"), [record, record, record])!);
        Assert.All(throttle.Admit(Stream("us-east-1"), [.. Enumerable.Repeat(record, 12)])!, Assert.True);
    }

    [Fact]
    public void A_tag_switches_limits_on_for_one_stream()
    {
        var throttle = new StreamThrottle(new SteppedTimeProvider(), enabledByDefault: false);
        Assert.False(throttle.AppliesTo(Stream("us-east-1")));
        Assert.True(throttle.AppliesTo(Stream("us-east-1", "on")));
        Assert.False(new StreamThrottle(new SteppedTimeProvider(), enabledByDefault: true).AppliesTo(Stream("us-east-1", "off")));
    }

    [Fact]
    public async Task Put_record_batch_reports_throttled_records_and_delivers_only_the_accepted_ones()
    {
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("out");
        await firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = "limited",
            ExtendedS3DestinationConfiguration = new { RoleARN = Role, BucketARN = "arn:aws:s3:::out", BufferingHints = new { SizeInMBs = 128, IntervalInSeconds = 60 } },
            Tags = new[] { new { Key = StreamThrottle.Tag, Value = "on" } },
        });
        var record = new string('x', 999_999) + "\n";
        var batch = new { DeliveryStreamName = "limited", Records = Enumerable.Range(0, 4).Select(_ => new { Data = JsonServiceClient.Base64(record) }) };
        var first = await firehose.CallAsync("PutRecordBatch", batch);
        var second = await firehose.CallAsync("PutRecordBatch", batch);

        // 5 MiB per second: the first 4 MB fit, the second batch mostly does not.
        Assert.Equal(0, first["FailedPutCount"]!.GetValue<int>());
        var failed = second["FailedPutCount"]!.GetValue<int>();
        Assert.InRange(failed, 2, 4);
        var throttled = second["RequestResponses"]!.AsArray().Where(r => r!["ErrorCode"] is not null).ToList();
        Assert.Equal(failed, throttled.Count);
        Assert.All(throttled, r => Assert.Equal("ServiceUnavailableException", r!["ErrorCode"]!.GetValue<string>()));

        Time.Advance(TimeSpan.FromSeconds(61));
        var key = Assert.Single(await WaitForKeysAsync(s3, "out", 1));
        Assert.Equal((8 - failed) * 1_000_000, (await ReadAsync(s3, "out", key)).Length);
    }

    private static DeliveryStream Stream(string region, string? tag = null) => new()
    {
        Name = "s",
        Arn = $"arn:aws:firehose:{region}:000000000000:deliverystream/s-{tag}",
        Account = "000000000000",
        Region = region,
        Type = DeliveryStream.DirectPut,
        CreatedMs = 0,
        Destination = new ExtendedS3DestinationConfiguration(),
        Tags = tag is null ? [] : [new Tag { Key = StreamThrottle.Tag, Value = tag }],
    };

    /// <summary>A clock whose monotonic timestamp only moves when told, so rates are exact.</summary>
    private sealed class SteppedTimeProvider : TimeProvider
    {
        private long _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
