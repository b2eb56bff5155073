using Basin.Aws.Model.Glue;

namespace Basin.Services.Glue.Crawlers;

/// <summary>What CreateCrawler and UpdateCrawler accept, with Glue's InvalidInputException messages.</summary>
public static class CrawlerValidation
{
    private static readonly string[] UpdateBehaviors = ["LOG", "UPDATE_IN_DATABASE"];
    private static readonly string[] DeleteBehaviors = ["LOG", "DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE"];

    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name.Any(char.IsControl)) throw GlueErrors.InvalidInput("Crawler name must be 1 to 255 single-line characters.");
        return name;
    }

    public static void Definition(Crawler crawler, Func<string, bool> classifierExists)
    {
        var targets = crawler.Targets ?? throw GlueErrors.InvalidInput("Targets is required.");
        var s3 = targets.S3Targets ?? [];
        var catalog = targets.CatalogTargets ?? [];
        if ((targets.JdbcTargets?.Count ?? 0) + (targets.MongoDBTargets?.Count ?? 0) + (targets.DynamoDBTargets?.Count ?? 0)
            + (targets.DeltaTargets?.Count ?? 0) + (targets.IcebergTargets?.Count ?? 0) + (targets.HudiTargets?.Count ?? 0) > 0)
        {
            throw GlueErrors.InvalidInput("Basin crawlers crawl S3 and Data Catalog targets; JDBC, MongoDB, DynamoDB, Delta, Iceberg and Hudi targets are not supported.");
        }

        if (s3.Count + catalog.Count == 0) throw GlueErrors.InvalidInput("Crawler must have at least one target.");
        if (s3.Count > 0 && catalog.Count > 0) throw GlueErrors.InvalidInput("A crawler cannot combine catalog targets with other targets.");
        foreach (var target in s3)
        {
            S3Path.Parse(target.Path);
            if (target.SampleSize is < 1 or > 249) throw GlueErrors.InvalidInput("SampleSize must be between 1 and 249.");
            foreach (var exclusion in target.Exclusions ?? []) ExclusionPattern.Parse(exclusion ?? throw GlueErrors.InvalidInput("An exclusion pattern cannot be null."));
        }

        foreach (var target in catalog)
        {
            if (string.IsNullOrEmpty(target.DatabaseName) || target.Tables is not { Count: > 0 } || target.Tables.Any(string.IsNullOrEmpty)) throw GlueErrors.InvalidInput("A catalog target needs a DatabaseName and at least one table.");
        }

        if (s3.Count > 0 && string.IsNullOrEmpty(crawler.DatabaseName)) throw GlueErrors.InvalidInput("DatabaseName is required for a crawler with S3 targets.");
        var policy = crawler.SchemaChangePolicy!;
        if (policy.UpdateBehavior is { } update && !UpdateBehaviors.Contains(update)) throw GlueErrors.InvalidInput($"Invalid UpdateBehavior {update}.");
        if (policy.DeleteBehavior is { } delete && !DeleteBehaviors.Contains(delete)) throw GlueErrors.InvalidInput($"Invalid DeleteBehavior {delete}.");
        if (catalog.Count > 0 && policy.DeleteBehavior is not (null or "LOG"))
        {
            throw GlueErrors.InvalidInput("A crawler with catalog targets supports only the LOG DeleteBehavior.");
        }

        var recrawl = crawler.RecrawlPolicy?.RecrawlBehavior ?? "CRAWL_EVERYTHING";
        if (recrawl is not ("CRAWL_EVERYTHING" or "CRAWL_NEW_FOLDERS_ONLY" or "CRAWL_EVENT_MODE")) throw GlueErrors.InvalidInput($"Invalid RecrawlBehavior {recrawl}.");
        if (recrawl == "CRAWL_EVENT_MODE") throw GlueErrors.InvalidInput("CRAWL_EVENT_MODE needs S3 event notifications to SQS, which Basin does not deliver yet.");
        if (recrawl == "CRAWL_NEW_FOLDERS_ONLY" && (policy.UpdateBehavior != "LOG" || policy.DeleteBehavior != "LOG"))
        {
            throw GlueErrors.InvalidInput("The SchemaChangePolicy for \"Crawl new folders only\" Amazon S3 target can have only LOG DeleteBehavior value and LOG UpdateBehavior value.");
        }

        foreach (var name in crawler.Classifiers ?? [])
        {
            if (string.IsNullOrEmpty(name) || !classifierExists(name)) throw new Aws.Protocol.AwsServiceException("EntityNotFoundException", $"Classifier {name} not found.");
        }

        if (crawler.TablePrefix is { Length: > 128 }) throw GlueErrors.InvalidInput("TablePrefix is longer than 128 characters.");
        CrawlerSettings.Parse(crawler.Configuration);
    }
}
