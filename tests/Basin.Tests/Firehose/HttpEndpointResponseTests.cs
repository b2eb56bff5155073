using System.Net.Http.Headers;
using System.Text;
using Basin.Services.Firehose.Delivery;

namespace Basin.Tests.Firehose;

/// <summary>Which endpoint answers count as a delivery: only a 200 JSON body echoing the request id with a numeric timestamp.</summary>
public sealed class HttpEndpointResponseTests
{
    private const string Id = "7d3a-request";

    [Theory]
    [InlineData("{\"requestId\":\"7d3a-request\",\"timestamp\":1700000000000}")]
    [InlineData("{\"requestId\":\"7d3a-request\",\"timestamp\":1,\"errorMessage\":\"\"}")]
    public void The_protocol_response_is_a_delivery(string body) =>
        Assert.Null(HttpEndpointResponse.Check(200, Json, [], Encoding.UTF8.GetBytes(body), Id));

    [Theory]
    [InlineData(204, "{\"requestId\":\"7d3a-request\",\"timestamp\":1}")]
    [InlineData(413, "{\"errorMessage\":\"Payload too large\"}")]
    [InlineData(500, "")]
    public void Any_status_but_200_is_a_destination_exception(int status, string body)
    {
        var (code, message) = HttpEndpointResponse.Check(status, Json, [], Encoding.UTF8.GetBytes(body), Id)!.Value;
        Assert.Equal(HttpEndpointResponse.DestinationException, code);
        Assert.Contains($"{status}: {body}", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("[1]", "is not a JSON object")]
    [InlineData("{\"timestamp\":1}", "has no requestId")]
    [InlineData("{\"requestId\":\"other\",\"timestamp\":1}", "does not match")]
    [InlineData("{\"requestId\":\"7d3a-request\"}", "has no numeric timestamp")]
    [InlineData("{\"requestId\":\"7d3a-request\",\"timestamp\":\"1\"}", "has no numeric timestamp")]
    [InlineData("{\"requestId\":\"7d3a-request\",\"timestamp\":1,\"status\":\"ok\"}", "unexpected field status")]
    public void A_200_that_breaks_the_protocol_is_an_invalid_response(string body, string problem)
    {
        var (code, message) = HttpEndpointResponse.Check(200, Json, [], Encoding.UTF8.GetBytes(body), Id)!.Value;
        Assert.Equal(HttpEndpointResponse.InvalidResponse, code);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_200_without_a_json_content_type_or_with_an_encoding_is_an_invalid_response()
    {
        var body = Encoding.UTF8.GetBytes("{\"requestId\":\"7d3a-request\",\"timestamp\":1}");
        Assert.Equal(HttpEndpointResponse.InvalidResponse, HttpEndpointResponse.Check(200, new MediaTypeHeaderValue("text/plain"), [], body, Id)!.Value.Code);
        Assert.Equal(HttpEndpointResponse.InvalidResponse, HttpEndpointResponse.Check(200, null, [], body, Id)!.Value.Code);
        Assert.Equal(HttpEndpointResponse.InvalidResponse, HttpEndpointResponse.Check(200, Json, ["gzip"], body, Id)!.Value.Code);
        Assert.Null(HttpEndpointResponse.Check(200, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, [], body, Id));
    }

    [Fact]
    public void The_request_body_carries_each_record_base64_encoded()
    {
        var records = new[] { new BufferedRecord("s", 1, 0, "hi"u8.ToArray()), new BufferedRecord("s", 2, 0, [0, 255]) };
        var body = System.Text.Json.Nodes.JsonNode.Parse(HttpEndpointRequest.Body(Id, 42, records))!;
        Assert.Equal(Id, body["requestId"]!.GetValue<string>());
        Assert.Equal(42, body["timestamp"]!.GetValue<long>());
        Assert.Equal(["aGk=", "AP8="], body["records"]!.AsArray().Select(r => r!["data"]!.GetValue<string>()));
    }

    private static MediaTypeHeaderValue Json => new("application/json");
}
