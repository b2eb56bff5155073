using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Basin.Edge;

/// <summary>Basin's own endpoints: health and service listing, and the host's read-only views (<see cref="EdgeOptions.Views"/>).</summary>
public static class BasinEndpoints
{
    public static async Task HandleAsync(HttpContext http, ServiceDirectory services, EdgeOptions options)
    {
        if (http.Request.Path.Equals("/_basin/health", StringComparison.Ordinal))
        {
            var body = new
            {
                status = "ready",
                region = options.Region,
                auth = options.Auth.ToString().ToLowerInvariant(),
                services = services.All.ToDictionary(
                    s => s.Name,
                    s => s.Implementation is null ? "not implemented" : "running"),
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(body)).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Value is { Length: > 8 } path && options.Views.TryGetValue(path[8..], out var view))
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(view())).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = 404;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("{\"error\":\"unknown Basin endpoint\"}").ConfigureAwait(false);
    }
}
