using System.Text.Json;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Access;

/// <summary>One statement of a bucket policy, its lists normalized (a single string is a one-item list).</summary>
public sealed record PolicyStatement(
    bool Allow,
    IReadOnlyList<string>? Principals,
    IReadOnlyList<string>? NotPrincipals,
    IReadOnlyList<string>? Actions,
    IReadOnlyList<string>? NotActions,
    IReadOnlyList<string>? Resources,
    IReadOnlyList<string>? NotResources,
    IReadOnlyList<PolicyCondition> Conditions);

/// <summary>One condition test: an operator (StringEquals, IpAddress, Bool, ...) on a key and the values it is compared with.</summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>
/// A bucket policy in IAM's JSON policy language, parsed and checked as S3 checks PutBucketPolicy
/// (<c>MalformedPolicy</c> with S3's messages): Version, Statement (one or a list) with Effect,
/// Principal or NotPrincipal ("*", or AWS/Service/CanonicalUser principals), Action or NotAction
/// (s3:*), Resource or NotResource (this bucket's ARNs), and Condition blocks.
/// </summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    public const int MaxBytes = 20 * 1024;

    /// <summary>Whether a condition tests s3:ExistingObjectTag/&lt;key&gt; (evaluating it reads the object's tags).</summary>
    public bool ReadsObjectTags { get; } = Statements.Any(s => s.Conditions.Any(c => c.Key.StartsWith("s3:ExistingObjectTag/", StringComparison.OrdinalIgnoreCase)));

    public static PolicyDocument Parse(string text, string bucket)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes) throw Malformed("Policies must be less than 20 KB in size");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw Malformed("Policies must be valid JSON and the first byte must be '{'");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Malformed("Policies must be valid JSON and the first byte must be '{'");
            if (root.TryGetProperty("Version", out var version) && Text(version) is not ("2012-10-17" or "2008-10-17")) throw Malformed("The policy must contain a valid version string");
            if (!root.TryGetProperty("Statement", out var statements)) throw Malformed("Missing required field Statement");
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            if (list.Count == 0) throw Malformed("Could not parse the policy: Statement is empty!");
            return new PolicyDocument([.. list.Select(s => Statement(s, bucket))]);
        }
    }

    private static PolicyStatement Statement(JsonElement s, string bucket)
    {
        if (s.ValueKind != JsonValueKind.Object) throw Malformed("Invalid policy syntax.");
        var effect = s.TryGetProperty("Effect", out var e) ? Text(e) : throw Malformed("Missing required field Effect");
        if (effect is not ("Allow" or "Deny")) throw Malformed("Invalid effect: " + effect);
        var principals = Principals(s, "Principal");
        var notPrincipals = Principals(s, "NotPrincipal");
        if (principals is null && notPrincipals is null) throw Malformed("Missing required field Principal");
        var actions = Strings(s, "Action");
        var notActions = Strings(s, "NotAction");
        if (actions is null && notActions is null) throw Malformed("Missing required field Action");
        foreach (var action in (actions ?? []).Concat(notActions ?? []))
        {
            if (action != "*" && !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase)) throw Malformed("Policy has invalid action");
        }

        var resources = Strings(s, "Resource");
        var notResources = Strings(s, "NotResource");
        if (resources is null && notResources is null) throw Malformed("Missing required field Resource");
        foreach (var resource in (resources ?? []).Concat(notResources ?? []))
        {
            if (resource != "*" && !PolicyMatching.Like("arn:aws:s3:::" + bucket + "*", resource) && !PolicyMatching.Like(resource, "arn:aws:s3:::" + bucket))
            {
                throw Malformed("Policy has invalid resource");
            }
        }

        return new PolicyStatement(effect == "Allow", principals, notPrincipals, actions, notActions, resources, notResources, Conditions(s));
    }

    /// <summary>Principals as strings: "*" for everyone, otherwise "AWS:arn-or-account", "Service:name" or "CanonicalUser:id".</summary>
    private static List<string>? Principals(JsonElement s, string name)
    {
        if (!s.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.String) return p.GetString() == "*" ? ["*"] : throw Malformed("Invalid principal in policy");
        if (p.ValueKind != JsonValueKind.Object) throw Malformed("Invalid principal in policy");
        var list = new List<string>();
        foreach (var kind in p.EnumerateObject())
        {
            if (kind.Name is not ("AWS" or "Service" or "CanonicalUser" or "Federated")) throw Malformed("Invalid principal in policy");
            foreach (var value in Values(kind.Value) ?? throw Malformed("Invalid principal in policy"))
            {
                if (kind.Name == "AWS" && value != "*" && !(value.Length == 12 && value.All(char.IsAsciiDigit)) && !value.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && !value.StartsWith("arn:aws:sts::", StringComparison.Ordinal))
                {
                    throw Malformed("Invalid principal in policy");
                }

                list.Add(value == "*" && kind.Name == "AWS" ? "*" : kind.Name + ":" + value);
            }
        }

        return list;
    }

    private static List<PolicyCondition> Conditions(JsonElement s)
    {
        if (!s.TryGetProperty("Condition", out var block)) return [];
        if (block.ValueKind != JsonValueKind.Object) throw Malformed("Invalid Condition block");
        var list = new List<PolicyCondition>();
        foreach (var op in block.EnumerateObject())
        {
            if (!PolicyConditions.IsKnown(op.Name)) throw Malformed("Invalid Condition type : " + op.Name);
            if (op.Value.ValueKind != JsonValueKind.Object) throw Malformed("Invalid Condition block");
            foreach (var key in op.Value.EnumerateObject()) list.Add(new PolicyCondition(op.Name, key.Name, Values(key.Value) ?? throw Malformed("Invalid Condition block")));
        }

        return list;
    }

    private static List<string>? Strings(JsonElement s, string name) =>
        s.TryGetProperty(name, out var v) ? Values(v) ?? throw Malformed($"Invalid {name} in policy") : null;

    private static List<string>? Values(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => [v.GetString()!],
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => [v.GetRawText()],
        JsonValueKind.Array when v.EnumerateArray().All(i => i.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            => [.. v.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText())],
        _ => null,
    };

    /// <summary>A string field's text; null for any other JSON kind (which the caller reports as malformed).</summary>
    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AwsServiceException Malformed(string message) => new("MalformedPolicy", message);
}
