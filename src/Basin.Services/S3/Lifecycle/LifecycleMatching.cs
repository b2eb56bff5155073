using System.Globalization;
using Basin.Aws.Model.S3;
using Basin.Storage.S3;

namespace Basin.Services.S3.Lifecycle;

/// <summary>Which objects a rule applies to, and when its day counts fall due.</summary>
public static class LifecycleMatching
{
    public static string Prefix(LifecycleRule rule) => rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? string.Empty;

    /// <summary>The rule's prefix, tags (all of them) and size bounds (strict) against one version.</summary>
    public static bool Matches(LifecycleRule rule, ObjectRecord version)
    {
        if (!version.Key.StartsWith(Prefix(rule), StringComparison.Ordinal)) return false;
        var filter = rule.Filter;
        var tags = filter?.Tag is { } tag ? [tag] : filter?.And?.Tags ?? [];
        if (tags.Any(t => !version.Tags.TryGetValue(t.Key ?? string.Empty, out var value) || value != (t.Value ?? string.Empty))) return false;
        var greaterThan = filter?.ObjectSizeGreaterThan ?? filter?.And?.ObjectSizeGreaterThan;
        var lessThan = filter?.ObjectSizeLessThan ?? filter?.And?.ObjectSizeLessThan;
        return (greaterThan is null || version.Size > greaterThan) && (lessThan is null || version.Size < lessThan);
    }

    /// <summary>S3's day arithmetic: the start plus the days, rounded up to the next midnight UTC.</summary>
    public static DateTimeOffset DaysAfter(DateTimeOffset start, int days)
    {
        var due = start.UtcDateTime.AddDays(days);
        return new DateTimeOffset(due.TimeOfDay == TimeSpan.Zero ? due : due.Date.AddDays(1), TimeSpan.Zero);
    }

    /// <summary>When the current version expires under the configuration, and by which rule (the earliest), if ever.</summary>
    public static (DateTimeOffset When, string RuleId)? Expiry(BucketLifecycleConfiguration configuration, ObjectRecord current)
    {
        (DateTimeOffset, string)? earliest = null;
        foreach (var rule in configuration.Rules ?? [])
        {
            if (rule.Status != "Enabled" || rule.Expiration is not { } expiration || !Matches(rule, current)) continue;
            DateTimeOffset? when = expiration.Days is { } days ? DaysAfter(current.LastModified, days) : expiration.Date;
            if (when is { } w && (earliest is null || w < earliest.Value.Item1)) earliest = (w, rule.ID ?? string.Empty);
        }

        return earliest;
    }

    /// <summary>The x-amz-expiration header: <c>expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="id"</c>.</summary>
    public static string? ExpirationHeader(BucketLifecycleConfiguration? configuration, ObjectRecord current) =>
        configuration is not null && Expiry(configuration, current) is { } expiry
            ? string.Create(CultureInfo.InvariantCulture, $"expiry-date=\"{expiry.When.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)}\", rule-id=\"{expiry.RuleId}\"")
            : null;
}
