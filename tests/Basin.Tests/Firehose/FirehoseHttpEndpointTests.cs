using System.Text.Json.Nodes;
using Basin.Tests.Support;

namespace Basin.Tests.Firehose;

/// <summary>
/// The HTTP endpoint destination against a loopback endpoint: one POST per buffer in Firehose's
/// request format, retries that keep the request id, and records that could not be delivered
/// backed up to S3 under http-endpoint-failed with the error that stopped them.
/// </summary>
public sealed class FirehoseHttpEndpointTests : FirehoseHostTests
{
    private FirehoseEndpoint _endpoint = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _endpoint = await FirehoseEndpoint.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_buffer_is_posted_as_one_request_in_the_firehose_format()
    {
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        var arn = (await CreateAsync(firehose, "to-http", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url, Name = "local", AccessKey = "secret-key" },
            BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = 60 },
            RequestConfiguration = new { CommonAttributes = new[] { new { AttributeName = "env", AttributeValue = "test" } } },
        }))["DeliveryStreamARN"]!.GetValue<string>();
        await firehose.CallAsync("PutRecordBatch", new { DeliveryStreamName = "to-http", Records = new[] { "a", "b", "c" }.Select(d => new { Data = JsonServiceClient.Base64(d) }) });

        await Task.Delay(500);
        Assert.Empty(_endpoint.Calls);
        Time.Advance(TimeSpan.FromSeconds(61));
        var call = Assert.Single(await _endpoint.WaitForCallsAsync(1));
        Assert.Equal(["a", "b", "c"], call.Records);
        Assert.Equal("1.0", call.Headers["X-Amz-Firehose-Protocol-Version"]);
        Assert.Equal(call.RequestId, call.Headers["X-Amz-Firehose-Request-Id"]);
        Assert.Equal(arn, call.Headers["X-Amz-Firehose-Source-Arn"]);
        Assert.Equal("secret-key", call.Headers["X-Amz-Firehose-Access-Key"]);
        Assert.Equal("test", JsonNode.Parse(call.Headers["X-Amz-Firehose-Common-Attributes"])!["commonAttributes"]!["env"]!.GetValue<string>());
        Assert.StartsWith("application/json", call.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.False(call.Headers.ContainsKey("Content-Encoding"));
        Assert.True(call.Body["timestamp"]!.GetValue<long>() > 0);

        // Delivered: nothing is backed up in FailedDataOnly mode.
        await Task.Delay(500);
        Assert.Empty(await KeysAsync(s3, "backup"));
    }

    [Fact]
    public async Task A_gzip_request_configuration_compresses_the_body()
    {
        using var firehose = Firehose();
        await CreateAsync(firehose, "gzip-http", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url },
            BufferingHints = new { IntervalInSeconds = 0 },
            RequestConfiguration = new { ContentEncoding = "GZIP" },
        });
        await PutAsync(firehose, "gzip-http", "zipped");
        var call = Assert.Single(await _endpoint.WaitForCallsAsync(1));
        Assert.Equal("gzip", call.Headers["Content-Encoding"]);
        Assert.Equal(["zipped"], call.Records);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_same_request_id()
    {
        _endpoint.Respond = (attempt, id) => attempt < 3 ? (503, "application/json", "{\"errorMessage\":\"busy\"}") : FirehoseEndpoint.Success(id);
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        await CreateAsync(firehose, "retrying", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url },
            BufferingHints = new { IntervalInSeconds = 0 },
            RetryOptions = new { DurationInSeconds = 60 },
        });
        await PutAsync(firehose, "retrying", "eventually");

        // Back-off is 1 s then 2 s after the first two failures.
        var calls = await _endpoint.WaitForCallsAsync(3);
        Assert.Equal(3, calls.Count);
        Assert.Single(calls.Select(c => c.RequestId).Distinct());
        await Task.Delay(500);
        Assert.Equal(3, _endpoint.Calls.Count);
        Assert.Empty(await KeysAsync(s3, "backup"));
    }

    [Fact]
    public async Task Records_the_endpoint_keeps_refusing_are_backed_up_with_the_error()
    {
        _endpoint.Respond = (_, _) => (500, "application/json", "{\"errorMessage\":\"broken\"}");
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        await CreateAsync(firehose, "refused", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url },
            BufferingHints = new { IntervalInSeconds = 0 },
            RetryOptions = new { DurationInSeconds = 0 },
        }, s3Prefix: "http/", s3IntervalSeconds: 0);
        await PutAsync(firehose, "refused", "lost?");

        var key = Assert.Single(await WaitForKeysAsync(s3, "backup", 1));
        Assert.Matches(@"^http/http-endpoint-failed/\d{4}/\d{2}/\d{2}/\d{2}/refused-1-", key);
        var line = JsonNode.Parse(await ReadAsync(s3, "backup", key))!;
        Assert.Equal("HttpEndpoint.DestinationException", line["errorCode"]!.GetValue<string>());
        Assert.Contains("500", line["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, line["attemptsMade"]!.GetValue<int>());
        Assert.Equal("lost?", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(line["rawData"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_response_that_breaks_the_protocol_is_a_failed_attempt()
    {
        _endpoint.Respond = (_, _) => (200, "application/json", "{\"requestId\":\"someone-else\",\"timestamp\":1}");
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        await CreateAsync(firehose, "bad-reply", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url },
            BufferingHints = new { IntervalInSeconds = 0 },
            RetryOptions = new { DurationInSeconds = 0 },
        }, s3IntervalSeconds: 0);
        await PutAsync(firehose, "bad-reply", "x");

        var key = Assert.Single(await WaitForKeysAsync(s3, "backup", 1));
        Assert.StartsWith("http-endpoint-failed/", key, StringComparison.Ordinal);
        var line = JsonNode.Parse(await ReadAsync(s3, "backup", key))!;
        Assert.Equal("HttpEndpoint.InvalidResponseFromDestination", line["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_endpoint_that_is_not_listening_is_a_connection_failure()
    {
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        var closed = new Uri(_endpoint.Url);
        await _endpoint.DisposeAsync();
        _endpoint = await FirehoseEndpoint.StartAsync();
        await CreateAsync(firehose, "nobody-home", new
        {
            EndpointConfiguration = new { Url = closed.ToString() },
            BufferingHints = new { IntervalInSeconds = 0 },
            RetryOptions = new { DurationInSeconds = 0 },
        }, s3IntervalSeconds: 0);
        await PutAsync(firehose, "nobody-home", "x");

        var key = Assert.Single(await WaitForKeysAsync(s3, "backup", 1));
        var line = JsonNode.Parse(await ReadAsync(s3, "backup", key))!;
        Assert.Equal("HttpEndpoint.ConnectionFailed", line["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task All_data_mode_backs_up_every_source_record_as_well()
    {
        using var firehose = Firehose();
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        await CreateAsync(firehose, "all-data", new
        {
            EndpointConfiguration = new { Url = _endpoint.Url },
            BufferingHints = new { IntervalInSeconds = 0 },
            S3BackupMode = "AllData",
        }, s3Prefix: "copy/", s3IntervalSeconds: 0);
        await firehose.CallAsync("PutRecordBatch", new { DeliveryStreamName = "all-data", Records = new[] { "one;", "two;" }.Select(d => new { Data = JsonServiceClient.Base64(d) }) });

        var call = Assert.Single(await _endpoint.WaitForCallsAsync(1));
        Assert.Equal(["one;", "two;"], call.Records);
        var key = Assert.Single(await WaitForKeysAsync(s3, "backup", 1));
        Assert.StartsWith("copy/", key, StringComparison.Ordinal);
        Assert.Equal("one;two;", await ReadAsync(s3, "backup", key));
    }

    [Fact]
    public async Task Records_acknowledged_while_the_endpoint_is_down_are_delivered_after_a_restart()
    {
        _endpoint.Respond = (_, _) => (503, "application/json", "{}");
        using (var firehose = Firehose())
        {
            await CreateAsync(firehose, "durable-http", new
            {
                EndpointConfiguration = new { Url = _endpoint.Url },
                BufferingHints = new { IntervalInSeconds = 0 },
                RetryOptions = new { DurationInSeconds = 3600 },
            });
            for (var i = 0; i < 5; i++) await PutAsync(firehose, "durable-http", $"r{i};");
            await _endpoint.WaitForCallsAsync(1);
        }

        await RestartAsync();
        var delivered = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _endpoint.Respond = (_, id) =>
        {
            delivered.Enqueue(id);
            return FirehoseEndpoint.Success(id);
        };
        for (var i = 0; i < 100 && delivered.IsEmpty; i++) await Task.Delay(100);
        var call = _endpoint.Calls.First(c => c.RequestId == Assert.Single(delivered));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"r{i};"), call.Records);
    }

    [Fact]
    public async Task Describe_hides_the_access_key_and_updates_change_the_endpoint_or_the_destination_type()
    {
        using var firehose = Firehose();
        await CreateAsync(firehose, "described", new { EndpointConfiguration = new { Url = "https://example.invalid/ingest", AccessKey = "hidden" } });
        var description = (await firehose.CallAsync("DescribeDeliveryStream", new { DeliveryStreamName = "described" }))["DeliveryStreamDescription"]!;
        var http = description["Destinations"]![0]!["HttpEndpointDestinationDescription"]!;
        Assert.Equal("https://example.invalid/ingest", http["EndpointConfiguration"]!["Url"]!.GetValue<string>());
        Assert.Null(http["EndpointConfiguration"]!["AccessKey"]);
        Assert.Equal(300, http["RetryOptions"]!["DurationInSeconds"]!.GetValue<int>());
        Assert.Equal("FailedDataOnly", http["S3BackupMode"]!.GetValue<string>());
        Assert.Equal(5, http["BufferingHints"]!["SizeInMBs"]!.GetValue<int>());
        Assert.Equal("arn:aws:s3:::backup", http["S3DestinationDescription"]!["BucketARN"]!.GetValue<string>());
        Assert.Null(description["Destinations"]![0]!["ExtendedS3DestinationDescription"]);

        await firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "described",
            CurrentDeliveryStreamVersionId = "1",
            DestinationId = "destinationId-000000000001",
            HttpEndpointDestinationUpdate = new { EndpointConfiguration = new { Url = _endpoint.Url }, BufferingHints = new { IntervalInSeconds = 0 } },
        });
        await PutAsync(firehose, "described", "after update");
        var call = Assert.Single(await _endpoint.WaitForCallsAsync(1));
        Assert.Equal("hidden", call.Headers["X-Amz-Firehose-Access-Key"]);
        Assert.Equal(["after update"], call.Records);

        // Switching to S3: the S3 configuration, updated, becomes the destination.
        using var s3 = S3();
        await s3.PutBucketAsync("backup");
        await firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "described",
            CurrentDeliveryStreamVersionId = "2",
            DestinationId = "destinationId-000000000001",
            ExtendedS3DestinationUpdate = new { Prefix = "switched/", BufferingHints = new { IntervalInSeconds = 0 } },
        });
        var switched = (await firehose.CallAsync("DescribeDeliveryStream", new { DeliveryStreamName = "described" }))["DeliveryStreamDescription"]!["Destinations"]![0]!;
        Assert.Null(switched["HttpEndpointDestinationDescription"]);
        Assert.Equal("switched/", switched["ExtendedS3DestinationDescription"]!["Prefix"]!.GetValue<string>());
        await PutAsync(firehose, "described", "to s3 now");
        var key = Assert.Single(await WaitForKeysAsync(s3, "backup", 1));
        Assert.StartsWith("switched/", key, StringComparison.Ordinal);
        Assert.Equal("to s3 now", await ReadAsync(s3, "backup", key));

        // And back to an endpoint.
        await firehose.CallAsync("UpdateDestination", new
        {
            DeliveryStreamName = "described",
            CurrentDeliveryStreamVersionId = "3",
            DestinationId = "destinationId-000000000001",
            HttpEndpointDestinationUpdate = new { EndpointConfiguration = new { Url = _endpoint.Url }, BufferingHints = new { IntervalInSeconds = 0 } },
        });
        await PutAsync(firehose, "described", "endpoint again");
        Assert.Equal(2, (await _endpoint.WaitForCallsAsync(2)).Count);
        Assert.Equal(["endpoint again"], _endpoint.Calls.Last().Records);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/x", "ValidationException")]
    [InlineData("not a url", "ValidationException")]
    public async Task An_endpoint_url_that_is_not_http_is_refused(string url, string error)
    {
        using var firehose = Firehose();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => CreateAsync(firehose, "bad-url", new { EndpointConfiguration = new { Url = url } }));
        Assert.Contains(error, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_endpoint_destination_needs_its_s3_configuration()
    {
        using var firehose = Firehose();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => firehose.CallAsync("CreateDeliveryStream", new
        {
            DeliveryStreamName = "no-s3",
            HttpEndpointDestinationConfiguration = new { EndpointConfiguration = new { Url = _endpoint.Url } },
        }));
        Assert.Contains("ValidationException", refused.Message, StringComparison.Ordinal);
    }

    private static Task<JsonNode> CreateAsync(JsonServiceClient firehose, string name, object http, string? s3Prefix = null, int s3IntervalSeconds = 60)
    {
        var configuration = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(http))!.AsObject();
        configuration["S3Configuration"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            RoleARN = Role,
            BucketARN = "arn:aws:s3:::backup",
            Prefix = s3Prefix,
            BufferingHints = new { SizeInMBs = 1, IntervalInSeconds = s3IntervalSeconds },
        }));
        return firehose.CallAsync("CreateDeliveryStream", new JsonObject
        {
            ["DeliveryStreamName"] = name,
            ["HttpEndpointDestinationConfiguration"] = configuration,
        });
    }
}
