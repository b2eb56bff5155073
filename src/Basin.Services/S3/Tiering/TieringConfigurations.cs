using Basin.Aws.Model.S3;
using Basin.Aws.Protocol;

namespace Basin.Services.S3.Tiering;

/// <summary>A bucket's Intelligent-Tiering configurations (up to 1,000, by Id), checked as S3 checks PutBucketIntelligentTieringConfiguration.</summary>
public static class TieringConfigurations
{
    public const string Kind = "intelligent-tiering";
    public const int MaxPerBucket = 1000;

    public static void Validate(string? id, IntelligentTieringConfiguration? configuration)
    {
        if (configuration is null) throw S3Errors.MissingRequestBody();
        if (string.IsNullOrEmpty(id) || id.Length > 64) throw S3Errors.InvalidArgument("The Id must be 1 to 64 characters.", "id", id);
        if (configuration.Id != id) throw S3Errors.InvalidArgument("The configuration Id does not match the id query parameter.", "id", id);
        if (configuration.Status is not ("Enabled" or "Disabled")) throw S3Errors.MalformedXml();
        if (configuration.Tierings is not { Count: > 0 } tierings) throw S3Errors.MalformedXml();
        if (tierings.GroupBy(t => t.AccessTier).Any(g => g.Count() > 1)) throw S3Errors.InvalidArgument("Each access tier can be named only once.", "AccessTier", tierings[0].AccessTier);
        foreach (var tiering in tierings)
        {
            var (min, max) = tiering.AccessTier switch
            {
                AccessTiers.ArchiveAccess => (90, 730),
                AccessTiers.DeepArchiveAccess => (180, 730),
                _ => throw S3Errors.MalformedXml(),
            };
            if (tiering.Days is not { } days || days < min || days > max)
            {
                throw S3Errors.InvalidArgument($"The days for {tiering.AccessTier} must be between {min} and {max}.", "Days", tiering.Days?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (configuration.Filter is { } filter && new object?[] { filter.Prefix, filter.Tag, filter.And }.Count(p => p is not null) > 1) throw S3Errors.MalformedXml();
    }

    public static AwsServiceException NoSuchConfiguration() => new("NoSuchConfiguration", "The specified configuration does not exist.", 404);
}
