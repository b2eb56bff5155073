using System.Text.Json;
using Basin.Aws.Protocol;

namespace Basin.Services.Access;

/// <summary>One statement of a resource policy, its lists normalized (a single string is a one-item list).</summary>
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
/// What a service accepts in a resource policy: its action prefix (<c>s3</c>, <c>kinesis</c>),
/// which Resource entries name the resource the policy is attached to, and the error it answers a
/// malformed policy with (S3's MalformedPolicy, Kinesis's InvalidArgumentException).
/// </summary>
public sealed record PolicyGrammar(string ActionPrefix, Func<string, bool> ResourceAllowed, Func<string, AwsServiceException> Malformed);

/// <summary>
/// A resource policy in IAM's JSON policy language, parsed and checked as the owning service checks
/// it when attached: Version, Statement (one or a list) with Effect, Principal or NotPrincipal
/// ("*", or AWS/Service/CanonicalUser principals), Action or NotAction (the service's own actions),
/// Resource or NotResource (the resource's ARNs), and Condition blocks.
/// </summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    public const int MaxBytes = 20 * 1024;

    /// <summary>Whether a condition tests a key starting with <paramref name="prefix"/> (S3's s3:ExistingObjectTag/ costs a read).</summary>
    public bool TestsKey(string prefix) => Statements.Any(s => s.Conditions.Any(c => c.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    public static PolicyDocument Parse(string text, PolicyGrammar grammar)
    {
        var malformed = grammar.Malformed;
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBytes) throw malformed("Policies must be less than 20 KB in size");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw malformed("Policies must be valid JSON and the first byte must be '{'");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw malformed("Policies must be valid JSON and the first byte must be '{'");
            if (root.TryGetProperty("Version", out var version) && Text(version) is not ("2012-10-17" or "2008-10-17")) throw malformed("The policy must contain a valid version string");
            if (!root.TryGetProperty("Statement", out var statements)) throw malformed("Missing required field Statement");
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            if (list.Count == 0) throw malformed("Could not parse the policy: Statement is empty!");
            return new PolicyDocument([.. list.Select(s => Statement(s, grammar))]);
        }
    }

    private static PolicyStatement Statement(JsonElement s, PolicyGrammar grammar)
    {
        var malformed = grammar.Malformed;
        if (s.ValueKind != JsonValueKind.Object) throw malformed("Invalid policy syntax.");
        var effect = s.TryGetProperty("Effect", out var e) ? Text(e) : throw malformed("Missing required field Effect");
        if (effect is not ("Allow" or "Deny")) throw malformed("Invalid effect: " + effect);
        var principals = Principals(s, "Principal", malformed);
        var notPrincipals = Principals(s, "NotPrincipal", malformed);
        if (principals is null && notPrincipals is null) throw malformed("Missing required field Principal");
        var actions = Strings(s, "Action", malformed);
        var notActions = Strings(s, "NotAction", malformed);
        if (actions is null && notActions is null) throw malformed("Missing required field Action");
        foreach (var action in (actions ?? []).Concat(notActions ?? []))
        {
            if (action != "*" && !action.StartsWith(grammar.ActionPrefix + ":", StringComparison.OrdinalIgnoreCase)) throw malformed("Policy has invalid action");
        }

        var resources = Strings(s, "Resource", malformed);
        var notResources = Strings(s, "NotResource", malformed);
        if (resources is null && notResources is null) throw malformed("Missing required field Resource");
        foreach (var resource in (resources ?? []).Concat(notResources ?? []))
        {
            if (resource != "*" && !grammar.ResourceAllowed(resource)) throw malformed("Policy has invalid resource");
        }

        return new PolicyStatement(effect == "Allow", principals, notPrincipals, actions, notActions, resources, notResources, Conditions(s, malformed));
    }

    /// <summary>Principals as strings: "*" for everyone, otherwise "AWS:arn-or-account", "Service:name" or "CanonicalUser:id".</summary>
    private static List<string>? Principals(JsonElement s, string name, Func<string, AwsServiceException> malformed)
    {
        if (!s.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.String) return p.GetString() == "*" ? ["*"] : throw malformed("Invalid principal in policy");
        if (p.ValueKind != JsonValueKind.Object) throw malformed("Invalid principal in policy");
        var list = new List<string>();
        foreach (var kind in p.EnumerateObject())
        {
            if (kind.Name is not ("AWS" or "Service" or "CanonicalUser" or "Federated")) throw malformed("Invalid principal in policy");
            foreach (var value in Values(kind.Value) ?? throw malformed("Invalid principal in policy"))
            {
                if (kind.Name == "AWS" && value != "*" && !(value.Length == 12 && value.All(char.IsAsciiDigit)) && !value.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && !value.StartsWith("arn:aws:sts::", StringComparison.Ordinal))
                {
                    throw malformed("Invalid principal in policy");
                }

                list.Add(value == "*" && kind.Name == "AWS" ? "*" : kind.Name + ":" + value);
            }
        }

        return list;
    }

    private static List<PolicyCondition> Conditions(JsonElement s, Func<string, AwsServiceException> malformed)
    {
        if (!s.TryGetProperty("Condition", out var block)) return [];
        if (block.ValueKind != JsonValueKind.Object) throw malformed("Invalid Condition block");
        var list = new List<PolicyCondition>();
        foreach (var op in block.EnumerateObject())
        {
            if (!PolicyConditions.IsKnown(op.Name)) throw malformed("Invalid Condition type : " + op.Name);
            if (op.Value.ValueKind != JsonValueKind.Object) throw malformed("Invalid Condition block");
            foreach (var key in op.Value.EnumerateObject()) list.Add(new PolicyCondition(op.Name, key.Name, Values(key.Value) ?? throw malformed("Invalid Condition block")));
        }

        return list;
    }

    private static List<string>? Strings(JsonElement s, string name, Func<string, AwsServiceException> malformed) =>
        s.TryGetProperty(name, out var v) ? Values(v) ?? throw malformed($"Invalid {name} in policy") : null;

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
}
