using System.Text.RegularExpressions;
using Basin.Aws.Model.Firehose;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Firehose.Api;

/// <summary>TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream (50 tags per stream, as on AWS).</summary>
public sealed partial class TagOperations(FirehoseContext firehose)
{
    private const int MaxTags = 50;

    public void Register(OperationTable operations)
    {
        operations.On<TagDeliveryStreamInput, TagDeliveryStreamOutput>("TagDeliveryStream", TagAsync);
        operations.On<UntagDeliveryStreamInput, UntagDeliveryStreamOutput>("UntagDeliveryStream", UntagAsync);
        operations.On<ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput>("ListTagsForDeliveryStream", (input, request) => Task.FromResult(List(input, request)));
    }

    /// <summary>Checks tags given at creation: AWS's key and value rules and the 50-tag limit.</summary>
    public static List<Tag> ValidatedNew(List<Tag> tags)
    {
        if (tags.Count > MaxTags) throw FirehoseErrors.Validation("tags", $"[{tags.Count} tags]", $"Member must have length less than or equal to {MaxTags}");
        foreach (var tag in tags) Validate(tag);
        return Merge([], tags);
    }

    private async Task<TagDeliveryStreamOutput> TagAsync(TagDeliveryStreamInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);
        var tags = input.Tags ?? [];
        if (tags.Count is < 1 or > MaxTags) throw FirehoseErrors.Validation("tags", $"[{tags.Count} tags]", $"Member must have length less than or equal to {MaxTags} and greater than or equal to 1");
        foreach (var tag in tags) Validate(tag);
        var merged = Merge(stream.Tags, tags);
        if (merged.Count > MaxTags)
        {
            throw FirehoseErrors.LimitExceeded($"Firehose {stream.Name} under account {stream.Account} would have more than {MaxTags} tags.");
        }

        await firehose.SaveAsync(stream with { Tags = merged }).ConfigureAwait(false);
        return new TagDeliveryStreamOutput();
    }

    private async Task<UntagDeliveryStreamOutput> UntagAsync(UntagDeliveryStreamInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);
        var keys = input.TagKeys ?? [];
        if (keys.Count is < 1 or > MaxTags) throw FirehoseErrors.Validation("tagKeys", $"[{keys.Count} keys]", $"Member must have length less than or equal to {MaxTags} and greater than or equal to 1");
        await firehose.SaveAsync(stream with { Tags = [.. stream.Tags.Where(t => !keys.Contains(t.Key!))] }).ConfigureAwait(false);
        return new UntagDeliveryStreamOutput();
    }

    private ListTagsForDeliveryStreamOutput List(ListTagsForDeliveryStreamInput input, AwsRequest request)
    {
        var stream = firehose.Resolve(request, input.DeliveryStreamName);
        var limit = input.Limit ?? MaxTags;
        if (limit is < 1 or > MaxTags) throw FirehoseErrors.Validation("limit", limit, $"Member must have value between 1 and {MaxTags}");
        var tags = stream.Tags
            .Where(t => input.ExclusiveStartTagKey is null || string.CompareOrdinal(t.Key, input.ExclusiveStartTagKey) > 0)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
        return new ListTagsForDeliveryStreamOutput { Tags = [.. tags.Take(limit)], HasMoreTags = tags.Count > limit };
    }

    private static List<Tag> Merge(List<Tag> existing, List<Tag> added)
    {
        var merged = existing.ToDictionary(t => t.Key!, t => t.Value, StringComparer.Ordinal);
        foreach (var tag in added) merged[tag.Key!] = tag.Value;
        return [.. merged.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag { Key = t.Key, Value = t.Value })];
    }

    private static void Validate(Tag tag)
    {
        if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > 128 || !KeyPattern().IsMatch(tag.Key))
        {
            throw FirehoseErrors.Validation("tags.member.key", tag.Key, "Member must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$ and have length between 1 and 128");
        }

        if (tag.Value is { } value && (value.Length > 256 || !ValuePattern().IsMatch(value)))
        {
            throw FirehoseErrors.Validation("tags.member.value", value, "Member must satisfy regular expression pattern: ^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$ and have length less than or equal to 256");
        }
    }

    [GeneratedRegex(@"^(?!aws:)[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$")]
    private static partial Regex ValuePattern();
}
