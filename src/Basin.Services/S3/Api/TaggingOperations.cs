using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Storage.S3;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/Get/DeleteObjectTagging and Put/Get/DeleteBucketTagging. Object tags belong to the
/// object's version and are replaced in place (no new version, no new ETag); bucket tags are a
/// bucket subresource, absent until set (NoSuchTagSet).
/// </summary>
public sealed class TaggingOperations(S3Context s3)
{
    private const string BucketTagging = "tagging";

    public void Register(OperationTable operations)
    {
        operations.On<PutObjectTaggingRequest, PutObjectTaggingOutput>("PutObjectTagging", PutObjectTaggingAsync);
        operations.On<GetObjectTaggingRequest, GetObjectTaggingOutput>("GetObjectTagging", (input, _) => Task.FromResult(GetObjectTagging(input)));
        operations.On<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput>("DeleteObjectTagging", DeleteObjectTaggingAsync);
        operations.On<PutBucketTaggingRequest>("PutBucketTagging", PutBucketTaggingAsync);
        operations.On<GetBucketTaggingRequest, GetBucketTaggingOutput>("GetBucketTagging", (input, _) => Task.FromResult(GetBucketTagging(input)));
        operations.On<DeleteBucketTaggingRequest>("DeleteBucketTagging", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            await s3.Store.PutBucketConfigAsync(input.Bucket!, BucketTagging, null).ConfigureAwait(false);
        });
    }

    private async Task<PutObjectTaggingOutput> PutObjectTaggingAsync(PutObjectTaggingRequest input, AwsRequest request)
    {
        var version = Locate(input.Bucket, input.Key, input.VersionId);
        var tags = TagSets.Validate(Document(input.Tagging), bucket: false);
        var tagged = await s3.Store.UpdateVersionAsync(version, v => v with { Tags = tags }).ConfigureAwait(false) ?? throw S3Errors.NoSuchKey(version.Key);
        s3.Events.Publish(Notifications.S3EventKind.TaggingPut, tagged, request);
        return new PutObjectTaggingOutput { VersionId = s3.VersionIdOf(tagged) };
    }

    private GetObjectTaggingOutput GetObjectTagging(GetObjectTaggingRequest input)
    {
        var version = Locate(input.Bucket, input.Key, input.VersionId);
        return new GetObjectTaggingOutput { TagSet = Tags(version.Tags), VersionId = s3.VersionIdOf(version) };
    }

    private async Task<DeleteObjectTaggingOutput> DeleteObjectTaggingAsync(DeleteObjectTaggingRequest input, AwsRequest request)
    {
        var version = Locate(input.Bucket, input.Key, input.VersionId);
        var untagged = await s3.Store.UpdateVersionAsync(version, v => v with { Tags = new Dictionary<string, string>() }).ConfigureAwait(false) ?? throw S3Errors.NoSuchKey(version.Key);
        s3.Events.Publish(Notifications.S3EventKind.TaggingDelete, untagged, request);
        return new DeleteObjectTaggingOutput { VersionId = s3.VersionIdOf(untagged) };
    }

    private async Task PutBucketTaggingAsync(PutBucketTaggingRequest input, AwsRequest request)
    {
        s3.RequireBucket(input.Bucket);
        var tags = TagSets.Validate(Document(input.Tagging), bucket: true);
        await s3.Store.PutBucketConfigAsync(input.Bucket!, BucketTagging, tags.Count == 0 ? null : JsonSerializer.Serialize(tags)).ConfigureAwait(false);
    }

    private GetBucketTaggingOutput GetBucketTagging(GetBucketTaggingRequest input)
    {
        s3.RequireBucket(input.Bucket);
        var document = s3.Store.GetBucketConfig(input.Bucket!, BucketTagging)
            ?? throw new AwsServiceException("NoSuchTagSet", "The TagSet does not exist", 404).With("BucketName", input.Bucket!);
        return new GetBucketTaggingOutput { TagSet = Tags(JsonSerializer.Deserialize<Dictionary<string, string>>(document)!) };
    }

    /// <summary>The version the request names (the current one without a version id).</summary>
    private ObjectRecord Locate(string? bucket, string? key, string? versionId)
    {
        s3.RequireBucket(bucket);
        return s3.ReadableVersion(bucket!, S3Context.RequireKey(key), versionId);
    }

    private static List<Tag> Document(Tagging? tagging)
    {
        if (tagging is null) throw S3Errors.MissingRequestBody();
        return tagging.TagSet ?? throw S3Errors.MalformedXml();
    }

    private static List<Tag> Tags(IReadOnlyDictionary<string, string> tags) => [.. tags.Select(t => new Tag { Key = t.Key, Value = t.Value })];
}
