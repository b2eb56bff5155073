using System.Text.Json;

namespace Basin.Services.Glue.Crawlers;

/// <summary>
/// A crawler's Configuration JSON, the options that change what it writes: partitions inherit the
/// table's schema, tables only gain new columns, a table threshold, CombineCompatibleSchemas
/// grouping and the table level (Glue's "Setting crawler configuration options").
/// </summary>
public sealed record CrawlerSettings
{
    public bool PartitionsInheritFromTable { get; init; }

    public bool MergeNewColumnsOnly { get; init; }

    public int? TableThreshold { get; init; }

    public bool CombineCompatibleSchemas { get; init; }

    /// <summary>The absolute level (the bucket is 1) at which tables are made.</summary>
    public int? TableLevel { get; init; }

    public static CrawlerSettings Parse(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration)) return new CrawlerSettings();
        try
        {
            using var doc = JsonDocument.Parse(configuration);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("it is not a JSON object");
            if (!root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetDouble() != 1.0)
            {
                throw Invalid("Version must be 1.0");
            }

            var settings = new CrawlerSettings();
            if (Path(root, "CrawlerOutput", "Partitions", "AddOrUpdateBehavior") is { } partitions)
            {
                settings = partitions == "InheritFromTable" ? settings with { PartitionsInheritFromTable = true } : throw Invalid($"unknown Partitions AddOrUpdateBehavior {partitions}");
            }

            if (Path(root, "CrawlerOutput", "Tables", "AddOrUpdateBehavior") is { } tables)
            {
                settings = tables == "MergeNewColumns" ? settings with { MergeNewColumnsOnly = true } : throw Invalid($"unknown Tables AddOrUpdateBehavior {tables}");
            }

            if (Number(root, "CrawlerOutput", "Tables", "TableThreshold") is { } threshold)
            {
                settings = threshold > 0 ? settings with { TableThreshold = threshold } : throw Invalid("TableThreshold must be positive");
            }

            if (Path(root, "Grouping", "TableGroupingPolicy") is { } grouping)
            {
                settings = grouping == "CombineCompatibleSchemas" ? settings with { CombineCompatibleSchemas = true } : throw Invalid($"unknown TableGroupingPolicy {grouping}");
            }

            if (Number(root, "Grouping", "TableLevelConfiguration") is { } level)
            {
                settings = level is >= 1 and <= 30 ? settings with { TableLevel = level } : throw Invalid("TableLevelConfiguration must be between 1 and 30");
            }

            return settings;
        }
        catch (JsonException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static string? Path(JsonElement root, params string[] names) =>
        Find(root, names) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Number(JsonElement root, params string[] names) =>
        Find(root, names) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) ? n : null;

    private static JsonElement? Find(JsonElement element, string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }

        return element;
    }

    private static Aws.Protocol.AwsServiceException Invalid(string why) => GlueErrors.InvalidInput($"Crawler configuration not valid: {why}.");
}
