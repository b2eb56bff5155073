using Basin.Aws.Model.Kinesis;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.Kinesis;

namespace Basin.Services.Kinesis.Api;

/// <summary>Stream tags through both APIs: the stream ones (AddTagsToStream, ...) and the resource ones (TagResource, ...).</summary>
public sealed class TagOperations(KinesisContext kinesis)
{
    private const int MaxTagsPerStream = 50;
    private const int MaxTagsPerRequest = 10;

    public void Register(OperationTable operations)
    {
        operations.On<AddTagsToStreamInput>("AddTagsToStream", (input, request) =>
            AddAsync(kinesis.Resolve(request, input.StreamName, input.StreamARN), input.Tags ?? [], maxPerRequest: MaxTagsPerRequest));
        operations.On<RemoveTagsFromStreamInput>("RemoveTagsFromStream", (input, request) =>
            RemoveAsync(kinesis.Resolve(request, input.StreamName, input.StreamARN), input.TagKeys ?? []));
        operations.On<ListTagsForStreamInput, ListTagsForStreamOutput>("ListTagsForStream", ListAsync);
        operations.On<TagResourceInput>("TagResource", (input, request) =>
            AddAsync(kinesis.Resolve(request, null, input.ResourceARN), input.Tags ?? [], maxPerRequest: MaxTagsPerStream));
        operations.On<UntagResourceInput>("UntagResource", (input, request) =>
            RemoveAsync(kinesis.Resolve(request, null, input.ResourceARN), input.TagKeys ?? []));
        operations.On<ListTagsForResourceInput, ListTagsForResourceOutput>("ListTagsForResource", (input, request) =>
            Task.FromResult(new ListTagsForResourceOutput { Tags = [.. Sorted(kinesis.Resolve(request, null, input.ResourceARN))] }));
    }

    private async Task AddAsync(StreamInfo stream, Dictionary<string, string> tags, int maxPerRequest)
    {
        if (tags.Count > maxPerRequest)
        {
            throw KinesisErrors.InvalidArgument($"Failed to add tags to stream {stream.Name} under account {stream.Account} because a given request cannot have more than {maxPerRequest} tags associated with it.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128) throw KinesisErrors.Validation("tags", key, "Tag keys must have length between 1 and 128");
            if (value.Length > 256) throw KinesisErrors.Validation("tags", value, "Tag values must have length less than or equal to 256");
        }

        var merged = new Dictionary<string, string>(stream.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in tags) merged[key] = value;
        if (merged.Count > MaxTagsPerStream)
        {
            throw new AwsServiceException("LimitExceededException", $"Failed to add tags to stream {stream.Name} under account {stream.Account} because the stream would have more than {MaxTagsPerStream} tags.");
        }

        await kinesis.Store.UpdateStreamAsync(stream with { Tags = merged }).ConfigureAwait(false);
    }

    private async Task RemoveAsync(StreamInfo stream, List<string> keys)
    {
        var remaining = stream.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        await kinesis.Store.UpdateStreamAsync(stream with { Tags = remaining }).ConfigureAwait(false);
    }

    private Task<ListTagsForStreamOutput> ListAsync(ListTagsForStreamInput input, AwsRequest request)
    {
        var stream = kinesis.Resolve(request, input.StreamName, input.StreamARN);
        var limit = input.Limit ?? 50;
        if (limit is < 1 or > 50) throw KinesisErrors.Validation("limit", limit, "Member must have value between 1 and 50");
        var tags = Sorted(stream).Where(t => input.ExclusiveStartTagKey is null || string.CompareOrdinal(t.Key, input.ExclusiveStartTagKey) > 0).ToList();
        return Task.FromResult(new ListTagsForStreamOutput { Tags = [.. tags.Take(limit)], HasMoreTags = tags.Count > limit });
    }

    private static IEnumerable<Tag> Sorted(StreamInfo stream) =>
        stream.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag { Key = t.Key, Value = t.Value });
}
