using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Basin.Services.Firehose.Delivery;

/// <summary>
/// Judges an endpoint's answer as Firehose does: only a 200 with an application/json body
/// <c>{"requestId": the request's id, "timestamp": a number}</c> (and optionally errorMessage,
/// nothing else, not content-encoded) is a delivery. Anything else is a failed attempt, named
/// with Firehose's error codes (https://docs.aws.amazon.com/firehose/latest/dev/http_troubleshooting.html).
/// </summary>
public static class HttpEndpointResponse
{
    public const string DestinationException = "HttpEndpoint.DestinationException";
    public const string InvalidResponse = "HttpEndpoint.InvalidResponseFromDestination";
    public const string ResponseTooLarge = "HttpEndpoint.ResponseTooLarge";
    public const string RequestTimeout = "HttpEndpoint.RequestTimeout";
    public const string ConnectionFailed = "HttpEndpoint.ConnectionFailed";
    public const string ConnectionReset = "HttpEndpoint.ConnectionReset";
    public const string SslHandshakeFailure = "HttpEndpoint.SSLHandshakeFailure";

    /// <summary>The most of a response Firehose reads; a larger one is ResponseTooLarge.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>How much of a failed response's body goes into the error message.</summary>
    private const int QuotedChars = 512;

    private static readonly string[] AllowedFields = ["requestId", "timestamp", "errorMessage"];

    /// <summary>The failure (error code and message) a response means, or null for a delivery.</summary>
    public static (string Code, string Message)? Check(int status, MediaTypeHeaderValue? contentType, ICollection<string> contentEncoding, byte[] body, string requestId)
    {
        var quoted = Quote(body);
        if (status != 200)
        {
            return (DestinationException, $"The following response was received from the endpoint destination. {status}: {quoted}");
        }

        string? problem = null;
        if (!string.Equals(contentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)) problem = "does not have the Content-Type application/json";
        else if (contentEncoding.Count > 0) problem = "is content-encoded";
        else problem = BodyProblem(body, requestId);

        return problem is null
            ? null
            : (InvalidResponse, $"The response received from the endpoint is invalid: the response for request {requestId} {problem}. Raw response received: 200 {quoted}");
    }

    private static string? BodyProblem(byte[] body, string requestId)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "is not valid JSON";
        }

        if (root.ValueKind != JsonValueKind.Object) return "is not a JSON object";
        foreach (var field in root.EnumerateObject())
        {
            if (!AllowedFields.Contains(field.Name, StringComparer.Ordinal)) return $"has the unexpected field {field.Name}";
        }

        if (!root.TryGetProperty("requestId", out var id) || id.ValueKind != JsonValueKind.String) return "has no requestId";
        if (id.GetString() != requestId) return $"has the requestId {id.GetString()}, which does not match";
        if (!root.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number) return "has no numeric timestamp";
        return null;
    }

    private static string Quote(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, QuotedChars * 4));
        return text.Length > QuotedChars ? string.Create(CultureInfo.InvariantCulture, $"{text[..QuotedChars]}...") : text;
    }
}
