namespace Basin.Services.Glue.Crawlers;

/// <summary>What one crawl changed in the catalog (GetCrawlerMetrics and ListCrawls report it).</summary>
public sealed class CrawlOutcome
{
    public int TablesCreated { get; set; }
    public int TablesUpdated { get; set; }
    public int TablesDeleted { get; set; }
    public int PartitionsCreated { get; set; }
    public int PartitionsUpdated { get; set; }
    public int PartitionsDeleted { get; set; }
    public int FilesClassified { get; set; }
    public int FilesUnknown { get; set; }

    /// <summary>The Summary of ListCrawls: what happened, in words.</summary>
    public string Summary =>
        $"{TablesCreated} tables created, {TablesUpdated} updated, {TablesDeleted} deleted; {PartitionsCreated} partitions created, {PartitionsUpdated} updated, {PartitionsDeleted} deleted; {FilesClassified} files classified, {FilesUnknown} unrecognised.";
}
