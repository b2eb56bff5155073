using System.Text.Json;
using Basin.Aws.Model.S3;
using Basin.Aws.Protocol.Services;
using Basin.Services.S3.Tiering;

namespace Basin.Services.S3.Api;

/// <summary>
/// Put/Get/Delete/ListBucketIntelligentTieringConfiguration: the opt-in archive tiers of a
/// bucket's Intelligent-Tiering objects, which <see cref="ObjectAgingRunner"/> applies.
/// </summary>
public sealed class IntelligentTieringOperations(S3Context s3)
{
    private const int ListPage = 100;

    public void Register(OperationTable operations)
    {
        operations.On<PutBucketIntelligentTieringConfigurationRequest>("PutBucketIntelligentTieringConfiguration", async (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            TieringConfigurations.Validate(input.Id, input.IntelligentTieringConfiguration);
            var all = new SortedDictionary<string, IntelligentTieringConfiguration>(s3.IntelligentTiering(input.Bucket!) ?? new(), StringComparer.Ordinal);
            if (!all.ContainsKey(input.Id!) && all.Count >= TieringConfigurations.MaxPerBucket)
            {
                throw new Aws.Protocol.AwsServiceException("TooManyConfigurations", "You are attempting to create a new configuration but have already reached the 1,000-configuration limit.");
            }

            all[input.Id!] = input.IntelligentTieringConfiguration!;
            await SaveAsync(input.Bucket!, all).ConfigureAwait(false);
        });
        operations.On<GetBucketIntelligentTieringConfigurationRequest, GetBucketIntelligentTieringConfigurationOutput>("GetBucketIntelligentTieringConfiguration", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var found = s3.IntelligentTiering(input.Bucket!)?.GetValueOrDefault(input.Id ?? string.Empty) ?? throw TieringConfigurations.NoSuchConfiguration();
            return Task.FromResult(new GetBucketIntelligentTieringConfigurationOutput { IntelligentTieringConfiguration = found });
        });
        operations.On<DeleteBucketIntelligentTieringConfigurationRequest>("DeleteBucketIntelligentTieringConfiguration", async (input, request) =>
        {
            s3.RequireBucket(input.Bucket);
            var all = new SortedDictionary<string, IntelligentTieringConfiguration>(s3.IntelligentTiering(input.Bucket!) ?? new(), StringComparer.Ordinal);
            if (!all.Remove(input.Id ?? string.Empty)) throw TieringConfigurations.NoSuchConfiguration();
            await SaveAsync(input.Bucket!, all).ConfigureAwait(false);
            request.StatusCode = 204;
        });
        operations.On<ListBucketIntelligentTieringConfigurationsRequest, ListBucketIntelligentTieringConfigurationsOutput>("ListBucketIntelligentTieringConfigurations", (input, _) =>
        {
            s3.RequireBucket(input.Bucket);
            var all = (s3.IntelligentTiering(input.Bucket!) ?? new()).Values.OrderBy(c => c.Id, StringComparer.Ordinal)
                .Where(c => input.ContinuationToken is null || string.CompareOrdinal(c.Id, input.ContinuationToken) > 0).ToList();
            var page = all.Take(ListPage).ToList();
            var truncated = all.Count > ListPage;
            return Task.FromResult(new ListBucketIntelligentTieringConfigurationsOutput
            {
                IsTruncated = truncated,
                ContinuationToken = input.ContinuationToken,
                NextContinuationToken = truncated ? page[^1].Id : null,
                IntelligentTieringConfigurationList = page.Count > 0 ? page : null,
            });
        });
    }

    private Task SaveAsync(string bucket, SortedDictionary<string, IntelligentTieringConfiguration> all) =>
        s3.Store.PutBucketConfigAsync(bucket, TieringConfigurations.Kind, all.Count == 0 ? null : JsonSerializer.Serialize(all));
}
