using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Lifecycle;

/// <summary>
/// Checks a lifecycle configuration as S3 does on PutBucketLifecycleConfiguration: 1–1,000 rules
/// with unique IDs of at most 255 characters, Status Enabled or Disabled, exactly one of Filter or
/// the legacy Prefix, at least one action, Dates at midnight UTC, transitions to archive or
/// infrequent-access classes only (30 days at least for the IA classes), expirations after
/// transitions, and the tag restrictions of ExpiredObjectDeleteMarker and AbortIncompleteMultipartUpload.
/// </summary>
public static class LifecycleRules
{
    public const int MaxRules = 1000;

    /// <summary>Transition targets, coldest last: a transition only ever moves an object down this list.</summary>
    public static readonly string[] TransitionClasses = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];

    private static readonly string[] InfrequentAccess = ["STANDARD_IA", "ONEZONE_IA"];

    public static void Validate(BucketLifecycleConfiguration? configuration)
    {
        var rules = configuration?.Rules;
        if (rules is null || rules.Count is 0 or > MaxRules) throw S3Errors.MalformedXml();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Status is not ("Enabled" or "Disabled")) throw S3Errors.MalformedXml();
            if (!string.IsNullOrEmpty(rule.ID))
            {
                if (rule.ID.Length > 255) throw Argument("ID length should not exceed allowed limit of 255");
                if (!ids.Add(rule.ID)) throw Argument("Rule ID must be unique. Found same ID for more than one rule");
            }

            if ((rule.Prefix is null) == (rule.Filter is null)) throw S3Errors.MalformedXml();
            ValidateFilter(rule.Filter);
            if (rule.Expiration is null && rule.NoncurrentVersionExpiration is null && rule.AbortIncompleteMultipartUpload is null
                && rule.Transitions is not { Count: > 0 } && rule.NoncurrentVersionTransitions is not { Count: > 0 })
            {
                throw S3Errors.InvalidRequest("At least one action needs to be specified in a rule");
            }

            var hasTags = rule.Filter?.Tag is not null || rule.Filter?.And?.Tags is { Count: > 0 };
            ValidateExpiration(rule.Expiration, hasTags);
            ValidateNoncurrent(rule);
            if (rule.AbortIncompleteMultipartUpload is { } abort)
            {
                if (abort.DaysAfterInitiation is not > 0) throw Argument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
                if (hasTags) throw S3Errors.InvalidRequest("AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }

            ValidateTransitions(rule);
        }
    }

    private static void ValidateFilter(LifecycleRuleFilter? filter)
    {
        if (filter is null) return;
        var set = new object?[] { filter.Prefix, filter.Tag, filter.ObjectSizeGreaterThan, filter.ObjectSizeLessThan, filter.And }.Count(v => v is not null);
        if (set > 1) throw S3Errors.MalformedXml();
        if (filter.Tag is { } tag) TagSets.Validate([tag], bucket: false);
        ValidateSizes(filter.ObjectSizeGreaterThan, filter.ObjectSizeLessThan);
        if (filter.And is { } and)
        {
            if (and.Prefix is null && and.Tags is not { Count: > 0 } && and.ObjectSizeGreaterThan is null && and.ObjectSizeLessThan is null) throw S3Errors.MalformedXml();
            if (and.Tags is { Count: > 0 } tags)
            {
                if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count) throw S3Errors.InvalidRequest("Duplicate Tag Keys are not allowed.");
                TagSets.Validate(tags, bucket: true);
            }

            ValidateSizes(and.ObjectSizeGreaterThan, and.ObjectSizeLessThan);
        }
    }

    private static void ValidateSizes(long? greaterThan, long? lessThan)
    {
        if (greaterThan < 0) throw Argument("'ObjectSizeGreaterThan' must be a non-negative integer");
        if (lessThan <= 0) throw Argument("'ObjectSizeLessThan' must be a positive integer");
        if (greaterThan >= lessThan) throw Argument("'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'");
    }

    private static void ValidateExpiration(LifecycleExpiration? expiration, bool hasTags)
    {
        if (expiration is null) return;
        if (new object?[] { expiration.Days, expiration.Date, expiration.ExpiredObjectDeleteMarker }.Count(v => v is not null) != 1) throw S3Errors.MalformedXml();
        if (expiration.Days is <= 0) throw Argument("'Days' for Expiration action must be a positive integer");
        if (expiration.Date is { } date) RequireMidnight(date);
        if (expiration.ExpiredObjectDeleteMarker == true && hasTags) throw S3Errors.InvalidRequest("ExpiredObjectDeleteMarker cannot be specified with tags");
    }

    private static void ValidateNoncurrent(LifecycleRule rule)
    {
        if (rule.NoncurrentVersionExpiration is { } expiration)
        {
            if (expiration.NoncurrentDays is not > 0) throw Argument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
            if (expiration.NewerNoncurrentVersions is < 1 or > 100) throw Argument("'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be between 1 and 100");
        }

        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transition in rule.NoncurrentVersionTransitions ?? [])
        {
            if (transition.StorageClass is not { } storageClass || !TransitionClasses.Contains(storageClass)) throw S3Errors.MalformedXml();
            if (!classes.Add(storageClass)) throw S3Errors.InvalidRequest("'StorageClass' must be different for 'NoncurrentVersionTransition' actions in same 'Rule'");
            if (transition.NoncurrentDays is not >= 0) throw Argument("'NoncurrentDays' for NoncurrentVersionTransition action must be a non-negative integer");
            if (InfrequentAccess.Contains(storageClass) && transition.NoncurrentDays < 30)
            {
                throw Argument($"'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 for storageClass '{storageClass}'");
            }

            if (rule.NoncurrentVersionExpiration?.NoncurrentDays <= transition.NoncurrentDays)
            {
                throw Argument("'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action");
            }
        }
    }

    private static void ValidateTransitions(LifecycleRule rule)
    {
        var transitions = rule.Transitions ?? [];
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transition in transitions)
        {
            if (transition.StorageClass is not { } storageClass || !TransitionClasses.Contains(storageClass)) throw S3Errors.MalformedXml();
            if (!classes.Add(storageClass)) throw S3Errors.InvalidRequest("'StorageClass' must be different for 'Transition' actions in same 'Rule'");
            if ((transition.Days is null) == (transition.Date is null) || transition.Days < 0) throw S3Errors.MalformedXml();
            if (transition.Date is { } date) RequireMidnight(date);
            if (InfrequentAccess.Contains(storageClass) && transition.Days < 30)
            {
                throw Argument($"'Days' in Transition action must be greater than or equal to 30 for storageClass '{storageClass}'");
            }
        }

        var byDays = transitions.Any(t => t.Days is not null);
        var byDate = transitions.Any(t => t.Date is not null);
        if (byDays && byDate) throw S3Errors.InvalidRequest("Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule");
        if (rule.Expiration is not { } expiration || transitions.Count == 0) return;
        if ((expiration.Days is not null && byDate) || (expiration.Date is not null && byDays))
        {
            throw S3Errors.InvalidRequest("Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule");
        }

        if (expiration.Days is { } days && days <= transitions.Max(t => t.Days ?? 0))
        {
            throw Argument("'Days' in the Expiration action for filter must be greater than 'Days' in the Transition action");
        }

        if (expiration.Date is { } expires && expires <= transitions.Max(t => t.Date ?? DateTimeOffset.MinValue))
        {
            throw Argument("'Date' in the Expiration action for filter must be later than 'Date' in the Transition action");
        }
    }

    private static void RequireMidnight(DateTimeOffset date)
    {
        if (date.UtcDateTime.TimeOfDay != TimeSpan.Zero) throw Argument("'Date' must be at midnight GMT");
    }

    private static AwsServiceException Argument(string message) => new("InvalidArgument", message);
}
