using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Codecs.Cbor;
using Basin.Tests.Support;

namespace Basin.Tests.Server;

/// <summary>
/// Kinesis over CBOR, as the AWS SDK for Java and the KCL send it (application/x-amz-cbor-1.1,
/// indefinite-length maps from Jackson). No Java client is installable here, so requests are
/// encoded by hand and responses checked byte-level for CBOR byte strings and tag-1 timestamps.
/// </summary>
public sealed class CborProtocolTests : IAsyncLifetime
{
    private BasinServer _basin = null!;
    private readonly HttpClient _http = new();
    private readonly SigV4Signer _signer = new("test", "test", "us-east-1", "kinesis");

    public async Task InitializeAsync() => _basin = await BasinServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _basin.DisposeAsync();
    }

    [Fact]
    public async Task Records_round_trip_in_cbor()
    {
        using var json = new JsonServiceClient(_basin.Endpoint, "kinesis", "Kinesis_20131202");
        await json.CallAsync("CreateStream", new { StreamName = "cbor", ShardCount = 1 });

        // {_ "StreamName": "cbor", "PartitionKey": "k", "Data": h'68656c6c6f'} as an indefinite-length map.
        var put = await CallAsync("PutRecord", "bf" + Text("StreamName") + Text("cbor") + Text("PartitionKey") + Text("k") + Text("Data") + "4568656c6c6f" + "ff");
        Assert.Equal("shardId-000000000000", put.Node["ShardId"]!.GetValue<string>());

        var iterator = await CallAsync("GetShardIterator", "a3" + Text("StreamName") + Text("cbor") + Text("ShardId") + Text("shardId-000000000000") + Text("ShardIteratorType") + Text("TRIM_HORIZON"));
        var records = await CallAsync("GetRecords", "a1" + Text("ShardIterator") + Text(iterator.Node["ShardIterator"]!.GetValue<string>()));
        var record = records.Node["Records"]![0]!;
        Assert.Equal("aGVsbG8=", record["Data"]!.GetValue<string>());
        Assert.Equal(put.Node["SequenceNumber"]!.GetValue<string>(), record["SequenceNumber"]!.GetValue<string>());

        // Blobs are CBOR byte strings (0x45 'hello'), timestamps are tag 1 (0xc1).
        var hex = Convert.ToHexString(records.Raw);
        Assert.Contains(Text("Data").ToUpperInvariant() + "4568656C6C6F", hex, StringComparison.Ordinal);
        Assert.Contains(Text("ApproximateArrivalTimestamp").ToUpperInvariant() + "C1", hex, StringComparison.Ordinal);

        var missing = await SendAsync("DescribeStream", "a1" + Text("StreamName") + Text("absent"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("ResourceNotFoundException", CborDecoder.Decode(missing.Raw)!["__type"]!.GetValue<string>());
    }

    private async Task<(JsonNode Node, byte[] Raw)> CallAsync(string operation, string hexBody)
    {
        var (status, raw) = await SendAsync(operation, hexBody);
        Assert.True(status == System.Net.HttpStatusCode.OK, $"{operation}: {status}");
        return (CborDecoder.Decode(raw)!, raw);
    }

    private async Task<(System.Net.HttpStatusCode Status, byte[] Raw)> SendAsync(string operation, string hexBody)
    {
        var body = Convert.FromHexString(hexBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, _basin.Endpoint + "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-cbor-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202." + operation);
        _signer.Sign(request, SigV4.HexSha256(body));
        using var response = await _http.SendAsync(request);
        Assert.Equal("application/x-amz-cbor-1.1", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A CBOR text string (major type 3) as hex.</summary>
    private static string Text(string s)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        var head = bytes.Length < 24 ? $"{0x60 + bytes.Length:x2}" : bytes.Length < 256 ? $"78{bytes.Length:x2}" : $"79{bytes.Length:x4}";
        return head + Convert.ToHexStringLower(bytes);
    }
}
