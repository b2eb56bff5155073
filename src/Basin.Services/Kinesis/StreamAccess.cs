using System.Collections.Concurrent;
using Basin.Aws.Protocol;
using Basin.Services.Access;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis;

/// <summary>
/// Decides whether a caller may act on a stream or consumer, as Kinesis does when signatures are
/// enforced (<c>--auth sigv4</c>):
/// <list type="bullet">
/// <item>An explicit Deny in the resource's policy refuses anyone, its own account included.</item>
/// <item>Identities of the owner's account are allowed otherwise: Basin has no IAM, so their
/// identity policies are taken to allow everything.</item>
/// <item>Other accounts need an Allow for <c>kinesis:&lt;Operation&gt;</c> in the resource policy
/// (they reach the stream by its ARN; a name resolves in the caller's own account).</item>
/// </list>
/// </summary>
public sealed class StreamAccess(KinesisStore store, TimeProvider time, bool enforce)
{
    // Parsed once per stored document; a changed document replaces its entry.
    private readonly ConcurrentDictionary<string, (string Text, PolicyDocument Policy)> _parsed = new(StringComparer.Ordinal);

    /// <summary>What PutResourcePolicy accepts for <paramref name="arn"/>: kinesis: actions on that resource (or, for a stream, its consumers).</summary>
    public static PolicyGrammar Grammar(string arn) => new(
        "kinesis",
        resource => PolicyMatching.Like(resource, arn) || PolicyMatching.Like(arn + "/*", resource),
        message => KinesisErrors.InvalidArgument("Invalid resource policy: " + message));

    public void Authorize(AwsRequest request, string ownerAccount, string resourceArn)
    {
        if (!enforce) return;
        var caller = request.Caller;
        var action = "kinesis:" + request.Operation.Name;
        var policy = Policy(resourceArn);
        var decision = policy is null
            ? PolicyDecision.NotApplicable
            : PolicyMatching.Evaluate(policy, new PolicyRequest(
                caller.IsAnonymous ? null : caller.Arn, caller.IsAnonymous ? null : caller.AccountId, action, resourceArn, GlobalConditionKeys.For(request, time.GetUtcNow())));
        if (decision == PolicyDecision.Deny) throw Denied(caller, action, resourceArn, "with an explicit deny in a resource-based policy");
        if (decision == PolicyDecision.Allow || (!caller.IsAnonymous && caller.AccountId == ownerAccount)) return;
        throw Denied(caller, action, resourceArn, $"because no resource-based policy allows the {action} action");
    }

    /// <summary>Managing a resource's policy is for identities of the owner's account only.</summary>
    public void RequireOwner(AwsRequest request, string ownerAccount, string resourceArn)
    {
        if (enforce && (request.Caller.IsAnonymous || request.Caller.AccountId != ownerAccount))
        {
            throw Denied(request.Caller, "kinesis:" + request.Operation.Name, resourceArn, "because the resource belongs to another account");
        }
    }

    private PolicyDocument? Policy(string arn)
    {
        if (store.ResourcePolicy(arn) is not { } text) return null;
        if (_parsed.TryGetValue(arn, out var cached) && cached.Text == text) return cached.Policy;
        var policy = PolicyDocument.Parse(text, Grammar(arn));
        _parsed[arn] = (text, policy);
        return policy;
    }

    private static AwsServiceException Denied(CallerIdentity caller, string action, string arn, string reason) =>
        new("AccessDeniedException", $"User: {caller.Arn} is not authorized to perform: {action} on resource: {arn} {reason}");
}
