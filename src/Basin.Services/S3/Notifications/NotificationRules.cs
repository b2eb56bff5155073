using Basin.Aws.Model.S3;

namespace Basin.Services.S3.Notifications;

/// <summary>
/// Checks a bucket notification configuration as S3 does: destination ARNs of the right service,
/// event names S3 knows (the model's Event enum), key filters of at most one prefix and one suffix
/// rule, and no two configurations that could fire on the same event for the same key. Missing
/// Ids are assigned, as S3 assigns them.
/// </summary>
public static class NotificationRules
{
    public static NotificationConfiguration Validate(NotificationConfiguration configuration, IReadOnlyCollection<string> knownEvents)
    {
        var all = new List<(string? Id, string? Arn, string Service, List<string>? Events, NotificationConfigurationFilter? Filter, Action<string> SetId)>();
        foreach (var t in configuration.TopicConfigurations ?? []) all.Add((t.Id, t.TopicArn, "sns", t.Events, t.Filter, id => t.Id = id));
        foreach (var q in configuration.QueueConfigurations ?? []) all.Add((q.Id, q.QueueArn, "sqs", q.Events, q.Filter, id => q.Id = id));
        foreach (var l in configuration.LambdaFunctionConfigurations ?? []) all.Add((l.Id, l.LambdaFunctionArn, "lambda", l.Events, l.Filter, id => l.Id = id));

        var checkedRules = new List<(List<string> Events, string Prefix, string Suffix)>();
        foreach (var (id, arn, service, events, filter, setId) in all)
        {
            if (string.IsNullOrEmpty(arn) || events is not { Count: > 0 }) throw S3Errors.MalformedXml();
            if (!arn.StartsWith($"arn:aws:{service}:", StringComparison.Ordinal) || arn.Split(':').Length < 6)
            {
                throw S3Errors.InvalidArgument("The ARN is not well formed", service == "lambda" ? "CloudFunction" : service == "sqs" ? "Queue" : "Topic", arn);
            }

            foreach (var name in events.Where(e => !knownEvents.Contains(e))) throw S3Errors.InvalidArgument("The event is not supported for notifications", "Event", name);
            var (prefix, suffix) = KeyFilter(filter);
            foreach (var other in checkedRules)
            {
                if (other.Events.Any(e => events.Any(n => Overlaps(e, n))) && (prefix.StartsWith(other.Prefix, StringComparison.Ordinal) || other.Prefix.StartsWith(prefix, StringComparison.Ordinal))
                    && (suffix.EndsWith(other.Suffix, StringComparison.Ordinal) || other.Suffix.EndsWith(suffix, StringComparison.Ordinal)))
                {
                    throw S3Errors.InvalidArgument("Configurations overlap. Configurations on the same bucket cannot share a common event type.", "Event", events[0]);
                }
            }

            checkedRules.Add((events, prefix, suffix));
            if (string.IsNullOrEmpty(id)) setId(Guid.NewGuid().ToString());
        }

        return configuration;
    }

    private static (string Prefix, string Suffix) KeyFilter(NotificationConfigurationFilter? filter)
    {
        string? prefix = null, suffix = null;
        foreach (var rule in filter?.Key?.FilterRules ?? [])
        {
            switch (rule.Name?.ToLowerInvariant())
            {
                case "prefix" when prefix is null:
                    prefix = rule.Value ?? string.Empty;
                    break;
                case "suffix" when suffix is null:
                    suffix = rule.Value ?? string.Empty;
                    break;
                case "prefix" or "suffix":
                    throw S3Errors.InvalidArgument($"Cannot specify more than one {rule.Name!.ToLowerInvariant()} rule in a filter.", "FilterRule", rule.Name);
                default:
                    throw S3Errors.InvalidArgument("filter rule name must be either prefix or suffix", "FilterRule", rule.Name);
            }
        }

        return (prefix ?? string.Empty, suffix ?? string.Empty);
    }

    /// <summary>Whether a configured event name (s3:ObjectCreated:Put, or the wildcard s3:ObjectCreated:*) covers an event.</summary>
    public static bool Matches(string configured, string eventName) =>
        configured == eventName || (configured.EndsWith(":*", StringComparison.Ordinal) && eventName.StartsWith(configured[..^1], StringComparison.Ordinal));

    /// <summary>Whether a key passes a configuration's prefix and suffix rules.</summary>
    public static bool KeyMatches(NotificationConfigurationFilter? filter, string key)
    {
        var (prefix, suffix) = KeyFilter(filter);
        return key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>Two event names overlap when equal or when one is the other's wildcard (s3:ObjectCreated:* and s3:ObjectCreated:Put).</summary>
    private static bool Overlaps(string a, string b) => Matches(a, b) || Matches(b, a);
}
