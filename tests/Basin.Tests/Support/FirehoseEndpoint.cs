using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Basin.Tests.Support;

/// <summary>One request Firehose sent: its headers and its (decompressed) JSON body.</summary>
public sealed record EndpointCall(IReadOnlyDictionary<string, string> Headers, JsonNode Body)
{
    public string RequestId => Body["requestId"]!.GetValue<string>();

    public IEnumerable<string> Records => Body["records"]!.AsArray().Select(r => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(r!["data"]!.GetValue<string>())));
}

/// <summary>
/// A loopback HTTP endpoint for Firehose delivery tests: records every request and answers as
/// <see cref="Respond"/> says (by default, the success response the protocol asks for).
/// </summary>
public sealed class FirehoseEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FirehoseEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<EndpointCall> Calls { get; } = new();

    /// <summary>The answer to the n-th call (1-based) with this request id: status, content type, body.</summary>
    public Func<int, string, (int Status, string ContentType, string Body)> Respond { get; set; } = (_, id) => Success(id);

    public string Url { get; private set; } = "";

    public static (int, string, string) Success(string requestId) => (200, "application/json", $"{{\"requestId\":\"{requestId}\",\"timestamp\":1}}");

    public static async Task<FirehoseEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FirehoseEndpoint(app);
        app.MapPost("/{**path}", endpoint.HandleAsync);
        await app.StartAsync();
        endpoint.Url = app.Urls.First() + "/ingest?source=basin";
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding == "gzip") body = new GZipStream(body, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        var json = JsonNode.Parse(buffer.ToArray())!;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var call = new EndpointCall(headers, json);
        Calls.Enqueue(call);
        var attempt = Calls.Count(c => c.RequestId == call.RequestId);
        var (status, contentType, text) = Respond(attempt, call.RequestId);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(text);
    }

    public async Task<List<EndpointCall>> WaitForCallsAsync(int count)
    {
        for (var i = 0; i < 200 && Calls.Count < count; i++) await Task.Delay(50);
        return [.. Calls];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
