using Basin.Services.Glue.Crawlers.Classification;

namespace Basin.Services.Glue.Crawlers;

/// <summary>A table the crawl found: where it is, its format and columns, and its partitions.</summary>
public sealed record PlannedTable
{
    /// <summary>The name before TablePrefix and collision handling: the folder's (or file's) name.</summary>
    public required string Name { get; init; }

    /// <summary>An existing table this data belongs to (catalog targets, new folders of an incremental crawl).</summary>
    public string? FixedName { get; init; }

    public required string Location { get; init; }

    /// <summary>A sampled file's schema standing for the table's format (classification, dialect).</summary>
    public required FileSchema Format { get; init; }

    public required IReadOnlyList<GlueType.Field> Columns { get; init; }

    public required IReadOnlyList<string> PartitionKeys { get; init; }

    public required IReadOnlyList<PlannedPartition> Partitions { get; init; }

    public required DataStats Stats { get; init; }
}

/// <summary>One leaf folder of a partitioned table.</summary>
public sealed record PlannedPartition(IReadOnlyList<string> Values, string Location, IReadOnlyList<GlueType.Field> Columns, DataStats Stats);

/// <summary>The table parameters a crawler writes about the data: objectCount, sizeKey, recordCount, averageRecordSize.</summary>
public sealed record DataStats(long Objects, long Bytes, long Records, long AverageRecordSize)
{
    public static DataStats Of(IEnumerable<CrawledFile> files, IEnumerable<FileSchema> samples)
    {
        var list = files.ToList();
        var sampled = samples.ToList();
        var sampledRecords = sampled.Sum(s => s.SampledRecords);
        var average = sampledRecords == 0 ? 0 : sampled.Sum(s => s.SampledBytes) / sampledRecords;
        var bytes = list.Sum(f => f.Object.Size);

        // Exact where the format says (Parquet footers), else estimated from the size as Glue does.
        var records = list.Sum(f => f.Schema?.ExactRecordCount ?? (average > 0 ? f.Object.Size / average : 0));
        return new DataStats(list.Count, bytes, records, average);
    }
}
