using System.Text.Json;

namespace Basin.Aws.Protocol.Model;

/// <summary>One shape of an AWS API model (structure, list, map or scalar), as botocore defines it.</summary>
public sealed class Shape
{
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    public required string Name { get; init; }
    public required string Type { get; init; }

    /// <summary>Structure members in model order (XML element order follows it).</summary>
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public IReadOnlySet<string> Required { get; private set; } = new HashSet<string>();
    public string? Payload { get; private set; }
    public string? LocationName { get; private set; }
    public string? XmlNamespace { get; private set; }
    public bool Flattened { get; private set; }
    public bool Streaming { get; private set; }
    public bool IsException { get; private set; }

    /// <summary>A union of event shapes delivered as an event stream.</summary>
    public bool IsEventStream { get; private set; }
    public int ErrorStatusCode { get; private set; } = 400;
    public string? ErrorCode { get; private set; }
    public bool SenderFault { get; private set; }
    public string? TimestampFormat { get; private set; }
    public IReadOnlyList<string>? Enum { get; private set; }
    public long? Min { get; private set; }
    public long? Max { get; private set; }

    /// <summary>List element (type list) or map key/value (type map).</summary>
    public Member? ListMember { get; private set; }
    public Member? MapKey { get; private set; }
    public Member? MapValue { get; private set; }

    public Member? Member(string name) => _members.GetValueOrDefault(name);

    internal static Shape Parse(string name, JsonElement json) => new()
    {
        Name = name,
        Type = json.GetProperty("type").GetString()!,
    };

    /// <summary>Second pass: members reference other shapes, so they resolve once all shapes exist.</summary>
    internal void Resolve(JsonElement json, IReadOnlyDictionary<string, Shape> shapes)
    {
        if (json.TryGetProperty("members", out var members))
        {
            var list = new List<Member>();
            foreach (var m in members.EnumerateObject())
            {
                var member = Protocol.Model.Member.Parse(m.Name, m.Value, shapes);
                list.Add(member);
                _members[m.Name] = member;
            }

            Members = list;
        }

        if (json.TryGetProperty("required", out var required))
        {
            Required = required.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        Payload = json.TryGetProperty("payload", out var p) ? p.GetString() : null;
        LocationName = json.TryGetProperty("locationName", out var ln) ? ln.GetString() : null;
        XmlNamespace = json.TryGetProperty("xmlNamespace", out var xn) && xn.TryGetProperty("uri", out var uri) ? uri.GetString() : null;
        Flattened = json.TryGetProperty("flattened", out var f) && f.GetBoolean();
        Streaming = json.TryGetProperty("streaming", out var s) && s.GetBoolean();
        IsException = json.TryGetProperty("exception", out var e) && e.GetBoolean();
        IsEventStream = json.TryGetProperty("eventstream", out var es) && es.GetBoolean();
        TimestampFormat = json.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : null;
        if (json.TryGetProperty("error", out var error))
        {
            if (error.TryGetProperty("httpStatusCode", out var status)) ErrorStatusCode = status.GetInt32();
            if (error.TryGetProperty("code", out var code)) ErrorCode = code.GetString();
            SenderFault = error.TryGetProperty("senderFault", out var sf) && sf.GetBoolean();
        }

        if (json.TryGetProperty("enum", out var en)) Enum = en.EnumerateArray().Select(v => v.GetString()!).ToArray();
        if (json.TryGetProperty("min", out var min) && min.TryGetInt64(out var mn)) Min = mn;
        if (json.TryGetProperty("max", out var max) && max.TryGetInt64(out var mx)) Max = mx;
        if (json.TryGetProperty("member", out var lm)) ListMember = Protocol.Model.Member.Parse("member", lm, shapes);
        if (json.TryGetProperty("key", out var mk)) MapKey = Protocol.Model.Member.Parse("key", mk, shapes);
        if (json.TryGetProperty("value", out var mv)) MapValue = Protocol.Model.Member.Parse("value", mv, shapes);
    }
}
