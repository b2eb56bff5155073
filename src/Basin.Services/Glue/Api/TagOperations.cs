using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>TagResource, UntagResource, GetTags on catalog resources and crawlers, addressed by ARN; the resource must exist.</summary>
public sealed class TagOperations(GlueContext glue)
{
    public void Register(OperationTable operations)
    {
        operations.On<TagResourceRequest, TagResourceResponse>("TagResource", async (input, request) =>
        {
            var (catalog, arn) = Resolve(request, input.ResourceArn);
            var tags = glue.Tags(catalog, arn);
            foreach (var (k, v) in input.TagsToAdd ?? [])
            {
                if (k.Length is < 1 or > 128 || v.Length > 256) throw GlueErrors.InvalidInput("Tag keys must be 1–128 characters and values at most 256.");
                tags[k] = v;
            }

            await glue.SetTagsAsync(catalog, arn, tags).ConfigureAwait(false);
            return new TagResourceResponse();
        });
        operations.On<UntagResourceRequest, UntagResourceResponse>("UntagResource", async (input, request) =>
        {
            var (catalog, arn) = Resolve(request, input.ResourceArn);
            var tags = glue.Tags(catalog, arn);
            foreach (var k in input.TagsToRemove ?? []) tags.Remove(k);
            await glue.SetTagsAsync(catalog, arn, tags).ConfigureAwait(false);
            return new UntagResourceResponse();
        });
        operations.On<GetTagsRequest, GetTagsResponse>("GetTags", (input, request) =>
        {
            var (catalog, arn) = Resolve(request, input.ResourceArn);
            return Task.FromResult(new GetTagsResponse { Tags = glue.Tags(catalog, arn) });
        });
    }

    /// <summary>Checks the ARN names an existing database, table, connection, function or crawler of the caller's catalog.</summary>
    private (string Catalog, string Arn) Resolve(AwsRequest request, string? arn)
    {
        var parts = arn?.Split(':', 6);
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[2] != "glue") throw GlueErrors.InvalidInput($"Invalid resource ARN {arn}.");
        var catalog = GlueContext.Catalog(request, parts[4]);
        var path = parts[5].Split('/');
        var exists = path switch
        {
            ["database", var db] => glue.Store.GetDatabase(catalog, db.ToLowerInvariant()) is not null,
            ["table", var db, var t] => glue.Store.GetTable(catalog, db.ToLowerInvariant(), t.ToLowerInvariant()) is not null,
            ["connection", var c] => glue.Store.GetDocument(catalog, "connection", string.Empty, c) is not null,
            ["userDefinedFunction", var db, var f] => glue.Store.GetDocument(catalog, "function", db.ToLowerInvariant(), f.ToLowerInvariant()) is not null,
            ["crawler", var c] => glue.Store.GetDocument(catalog, Crawlers.CrawlerRunner.Kind, string.Empty, c) is not null,
            _ => false,
        };
        return exists ? (catalog, arn!) : throw new AwsServiceException("EntityNotFoundException", $"Resource {arn} not found.");
    }
}
