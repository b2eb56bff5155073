using System.Text.Json;

namespace Basin.Aws.Protocol.Model;

/// <summary>Where a member travels on the wire (botocore's "location").</summary>
public enum MemberLocation
{
    Body,
    Uri,
    QueryString,
    Header,
    Headers,
    StatusCode,
}

/// <summary>A reference from a structure (or list/map) to a shape, with its wire binding.</summary>
public sealed class Member
{
    public required string Name { get; init; }
    public required Shape Shape { get; init; }
    public MemberLocation Location { get; init; }

    /// <summary>Wire name: header name, query key, URI label, XML element or JSON key.</summary>
    public required string WireName { get; init; }
    public bool Flattened { get; init; }
    public bool XmlAttribute { get; init; }
    public string? XmlNamespace { get; init; }
    public bool Streaming { get; init; }
    public bool JsonValue { get; init; }
    public bool IdempotencyToken { get; init; }

    /// <summary>The member of an event shape carried as the event message's payload.</summary>
    public bool EventPayload { get; init; }
    public string? TimestampFormat { get; init; }
    public bool HasLocationName { get; init; }

    internal static Member Parse(string name, JsonElement json, IReadOnlyDictionary<string, Shape> shapes)
    {
        var location = json.TryGetProperty("location", out var l)
            ? l.GetString() switch
            {
                "uri" => MemberLocation.Uri,
                "querystring" => MemberLocation.QueryString,
                "header" => MemberLocation.Header,
                "headers" => MemberLocation.Headers,
                "statusCode" => MemberLocation.StatusCode,
                var other => throw new InvalidDataException($"Unknown member location '{other}'."),
            }
            : MemberLocation.Body;
        var hasLocationName = json.TryGetProperty("locationName", out var ln);
        return new Member
        {
            Name = name,
            Shape = shapes[json.GetProperty("shape").GetString()!],
            Location = location,
            WireName = hasLocationName ? ln.GetString()! : name,
            HasLocationName = hasLocationName,
            Flattened = json.TryGetProperty("flattened", out var f) && f.GetBoolean(),
            XmlAttribute = json.TryGetProperty("xmlAttribute", out var xa) && xa.GetBoolean(),
            XmlNamespace = json.TryGetProperty("xmlNamespace", out var xn) && xn.TryGetProperty("uri", out var uri) ? uri.GetString() : null,
            Streaming = json.TryGetProperty("streaming", out var s) && s.GetBoolean(),
            JsonValue = json.TryGetProperty("jsonvalue", out var jv) && jv.GetBoolean(),
            IdempotencyToken = json.TryGetProperty("idempotencyToken", out var it) && it.GetBoolean(),
            EventPayload = json.TryGetProperty("eventpayload", out var ep) && ep.GetBoolean(),
            TimestampFormat = json.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : null,
        };
    }

    /// <summary>True for a blob member whose bytes stream (S3 object bodies) instead of being buffered.</summary>
    public bool IsStreamingBlob => Shape.Type == "blob" && (Streaming || Shape.Streaming);
}
