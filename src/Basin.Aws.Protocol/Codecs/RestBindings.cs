using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Basin.Aws.Protocol.Model;
using Microsoft.AspNetCore.Http;

namespace Basin.Aws.Protocol.Codecs;

/// <summary>
/// The REST protocols' non-body bindings (URI labels, query strings, headers, status code),
/// shared by rest-xml and rest-json.
/// </summary>
public static class RestBindings
{
    public static JsonObject ReadInput(AwsRequest request, Shape input)
    {
        var doc = new JsonObject();
        var http = request.Http.Request;
        foreach (var member in input.Members)
        {
            switch (member.Location)
            {
                case MemberLocation.Uri when request.UriLabels.TryGetValue(member.WireName, out var label):
                    doc[member.Name] = WireValues.FromText(label, member.Shape, member.WireName);
                    break;
                case MemberLocation.QueryString when member.Shape.Type == "map":
                    var map = new JsonObject();
                    foreach (var (key, values) in http.Query)
                    {
                        if (!input.Members.Any(m => m.Location == MemberLocation.QueryString && m.WireName == key)) map[key] = values.ToString();
                    }

                    if (map.Count > 0) doc[member.Name] = map;
                    break;
                case MemberLocation.QueryString when http.Query.TryGetValue(member.WireName, out var q):
                    doc[member.Name] = member.Shape.Type == "list"
                        ? new JsonArray(q.Select(v => WireValues.FromText(v ?? string.Empty, member.Shape.ListMember!.Shape, member.WireName)).ToArray())
                        : WireValues.FromText(q.ToString(), member.Shape, member.WireName);
                    break;
                case MemberLocation.Header when http.Headers.TryGetValue(member.WireName, out var h):
                    doc[member.Name] = ReadHeader(h.ToString(), member);
                    break;
                case MemberLocation.Headers:
                    var prefixed = new JsonObject();
                    foreach (var (name, value) in http.Headers)
                    {
                        if (name.StartsWith(member.WireName, StringComparison.OrdinalIgnoreCase))
                        {
                            prefixed[name[member.WireName.Length..].ToLowerInvariant()] = value.ToString();
                        }
                    }

                    if (prefixed.Count > 0) doc[member.Name] = prefixed;
                    break;
            }
        }

        return doc;
    }

    private static JsonNode? ReadHeader(string value, Member member)
    {
        if (member.JsonValue)
        {
            // jsonvalue headers carry base64-encoded JSON text.
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
        }

        return member.Shape.Type == "list"
            ? new JsonArray(value.Split(',').Select(v => WireValues.FromText(v.Trim(), member.Shape.ListMember!.Shape, member.WireName)).ToArray())
            : WireValues.FromText(value, member.Shape, member.WireName);
    }

    /// <summary>Writes header and status-code members of an output document; returns the status code.</summary>
    public static int WriteOutput(HttpResponse response, JsonObject doc, Shape? output, int defaultStatus)
    {
        var status = defaultStatus;
        if (output is null) return status;
        foreach (var member in output.Members)
        {
            if (doc[member.Name] is not { } value) continue;
            switch (member.Location)
            {
                case MemberLocation.Header:
                    response.Headers[member.WireName] = member.Shape.Type == "list"
                        ? string.Join(',', value.AsArray().Select(v => WireValues.ToText(v!, member.Shape.ListMember!.Shape, null, inHeader: true)))
                        : member.JsonValue
                            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(value.GetValue<string>()))
                            : WireValues.ToText(value, member.Shape, member.TimestampFormat, inHeader: true);
                    break;
                case MemberLocation.Headers:
                    foreach (var (key, v) in value.AsObject())
                    {
                        if (v is not null) response.Headers[member.WireName + key] = v.GetValue<string>();
                    }

                    break;
                case MemberLocation.StatusCode:
                    status = (int)value.GetValue<long>();
                    break;
            }
        }

        return status;
    }

    /// <summary>Body members of a shape: those without a URI/query/header/status location.</summary>
    public static bool HasBodyMembers(Shape shape) => shape.Members.Any(m => m.Location == MemberLocation.Body);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
