using System.Net;
using System.Text;
using System.Text.Json;
using Basin.Aws.Protocol.Auth;
using Basin.Aws.Protocol.Services;
using Basin.Tests.Support;
using Lambda = Basin.Aws.Model.Lambda;

namespace Basin.Tests.Server;

/// <summary>
/// The rest-json codec (URI labels, query strings, headers, status-code members, blob payloads,
/// JSON bodies, errors), exercised through Lambda's wire shapes with a test service of its own.
/// No AWS SDK for Lambda is installable here, so requests are signed by hand.
/// </summary>
public sealed class RestJsonProtocolTests : IAsyncLifetime
{
    private BasinServer _basin = null!;
    private readonly HttpClient _http = new();
    private readonly SigV4Signer _signer = new("test", "test", "us-east-1", "lambda");

    public async Task InitializeAsync() => _basin = await BasinServer.StartAsync(AuthMode.SigV4, new EchoLambda());

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _basin.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_carries_headers_query_blob_payload_and_status_code()
    {
        var payload = "{\"order\":42}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_basin.Endpoint}/2015-03-31/functions/my-fn/invocations?Qualifier=live") { Content = new ByteArrayContent(payload) };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        _signer.Sign(request, SigV4.HexSha256(payload));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("my-fn:live", response.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.Equal("{\"order\":42}|Event", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_bodies_and_errors_round_trip()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_basin.Endpoint}/2015-03-31/functions/etl-job/configuration");
        _signer.Sign(request, SigV4.EmptySha256);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("etl-job", body.GetProperty("FunctionName").GetString());
        Assert.Equal(900, body.GetProperty("Timeout").GetInt32());
        Assert.Equal("python3.12", body.GetProperty("Runtime").GetString());

        using var missing = new HttpRequestMessage(HttpMethod.Get, $"{_basin.Endpoint}/2015-03-31/functions/absent/configuration");
        _signer.Sign(missing, SigV4.EmptySha256);
        using var error = await _http.SendAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ResourceNotFoundException", error.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    private sealed class EchoLambda : IAwsService
    {
        public string Name => "lambda";

        public void Register(OperationTable operations)
        {
            operations.On<Lambda.InvocationRequest, Lambda.InvocationResponse>("Invoke", (input, _) => Task.FromResult(new Lambda.InvocationResponse
            {
                StatusCode = input.InvocationType == "Event" ? 202 : 200,
                ExecutedVersion = $"{input.FunctionName}:{input.Qualifier}",
                Payload = [.. input.Payload!, .. Encoding.UTF8.GetBytes("|" + input.InvocationType)],
            }));
            operations.On<Lambda.GetFunctionConfigurationRequest, Lambda.FunctionConfiguration>("GetFunctionConfiguration", (input, _) =>
                input.FunctionName == "absent"
                    ? throw new Aws.Protocol.AwsServiceException("ResourceNotFoundException", "Function not found", 404)
                    : Task.FromResult(new Lambda.FunctionConfiguration { FunctionName = input.FunctionName, Timeout = 900, Runtime = "python3.12" }));
        }
    }
}
