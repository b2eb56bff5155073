namespace Basin.Services.Access;

/// <summary>The request a policy is evaluated against: who, what, on which ARN, and the condition keys' values.</summary>
/// <param name="Principal">The caller's ARN; null for an anonymous request.</param>
public sealed record PolicyRequest(string? Principal, string? Account, string Action, string Resource, IReadOnlyDictionary<string, IReadOnlyList<string>> Keys);

/// <summary>What a policy says about a request: an explicit Deny wins over any Allow; no match is neither.</summary>
public enum PolicyDecision
{
    NotApplicable,
    Allow,
    Deny,
}

/// <summary>
/// Evaluates resource policies as IAM does: a statement applies when its principal, action and
/// resource match (Not* forms inverted) and every condition holds; any applicable Deny denies,
/// otherwise any applicable Allow allows. Action, resource and StringLike patterns use * and ?.
/// </summary>
public static class PolicyMatching
{
    public static PolicyDecision Evaluate(PolicyDocument? policy, PolicyRequest request)
    {
        if (policy is null) return PolicyDecision.NotApplicable;
        var allowed = false;
        foreach (var statement in policy.Statements)
        {
            if (!Applies(statement, request)) continue;
            if (!statement.Allow) return PolicyDecision.Deny;
            allowed = true;
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.NotApplicable;
    }

    /// <summary>
    /// A policy is public when an Allow statement grants everyone ("*") without a condition that
    /// pins the caller to fixed accounts, networks or sources (S3's rule for Block Public Access).
    /// </summary>
    public static bool IsPublic(PolicyDocument? policy) =>
        policy?.Statements.Any(s => s.Allow && (s.Principals?.Contains("*") == true || s.NotPrincipals is not null)
            && !s.Conditions.Any(c => PolicyConditions.Restricts(c))) == true;

    private static bool Applies(PolicyStatement s, PolicyRequest request)
    {
        var principal = s.Principals is not null ? s.Principals.Any(p => PrincipalMatches(p, request)) : !s.NotPrincipals!.Any(p => PrincipalMatches(p, request));
        if (!principal) return false;
        var action = s.Actions is not null ? s.Actions.Any(a => Like(a, request.Action, ignoreCase: true)) : !s.NotActions!.Any(a => Like(a, request.Action, ignoreCase: true));
        if (!action) return false;
        var resource = s.Resources is not null ? s.Resources.Any(r => Like(r, request.Resource)) : !s.NotResources!.Any(r => Like(r, request.Resource));
        return resource && s.Conditions.All(c => PolicyConditions.Holds(c, request.Keys));
    }

    private static bool PrincipalMatches(string principal, PolicyRequest request)
    {
        if (principal == "*") return true;
        if (request.Principal is null) return false;
        if (!principal.StartsWith("AWS:", StringComparison.Ordinal)) return false;
        var value = principal[4..];
        return value == request.Account || value == $"arn:aws:iam::{request.Account}:root" || value == request.Principal || Like(value, request.Principal);
    }

    /// <summary>IAM wildcard matching: * is any run of characters, ? any one character.</summary>
    public static bool Like(string pattern, string value, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, value, v, 1, comparison) == 0))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
