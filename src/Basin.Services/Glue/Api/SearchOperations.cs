using System.Text.Json;
using System.Text.Json.Nodes;
using Basin.Aws.Model.Glue;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Codecs;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Glue.Api;

/// <summary>
/// SearchTables over every database of the catalog, as the Glue API reference describes it:
/// Filters compare a table field (Name, DatabaseName, Description, Owner, TableType, a Parameters
/// key, or a time field with a Comparator); string fields match by tokens (the value split on
/// punctuation such as - : # _ / .), so "link" finds customer-link but not xxlinkyy. SearchText
/// looks through names, descriptions, columns and parameters ("quoted" = exact token match).
/// </summary>
public sealed class SearchOperations(GlueContext glue)
{
    private static readonly char[] TokenSeparators = ['-', ':', '#', '_', '/', '.', ' ', ',', ';', '='];
    private static readonly HashSet<string> TimeFields = new(StringComparer.OrdinalIgnoreCase) { "CreateTime", "UpdateTime", "LastAccessTime", "LastAnalyzedTime" };

    public void Register(OperationTable operations) =>
        operations.On<SearchTablesRequest, SearchTablesResponse>("SearchTables", SearchAsync);

    private Task<SearchTablesResponse> SearchAsync(SearchTablesRequest input, AwsRequest request)
    {
        var catalog = GlueContext.Catalog(request, input.CatalogId);
        var size = GlueContext.PageSize(input.MaxResults, 1000);
        var tables = glue.Store.ListDatabases(catalog, null, int.MaxValue)
            .SelectMany(db => glue.Store.ListTables(catalog, db.Name, null, int.MaxValue))
            .Select(t => CatalogDocuments.Deserialize<Table>(t.Doc))
            .Where(t => (input.Filters ?? []).All(f => Matches(t, f)))
            .Where(t => MatchesText(t, input.SearchText))
            .ToList();
        IEnumerable<Table> ordered = tables.OrderBy(t => t.DatabaseName, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal);
        foreach (var criterion in Enumerable.Reverse(input.SortCriteria ?? []))
        {
            var field = criterion.FieldName ?? "Name";
            ordered = criterion.Sort == "DESC"
                ? ordered.OrderByDescending(t => Field(t, field), StringComparer.Ordinal)
                : ordered.OrderBy(t => Field(t, field), StringComparer.Ordinal);
        }

        var all = ordered.ToList();
        var skip = input.NextToken is { } token
            ? int.TryParse(PageTokens.Decode(token, () => GlueErrors.InvalidInput("Invalid NextToken.")), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw GlueErrors.InvalidInput("Invalid NextToken.")
            : 0;
        var page = all.Skip(skip).Take(size).ToList();
        return Task.FromResult(new SearchTablesResponse
        {
            TableList = page,
            NextToken = skip + size < all.Count ? PageTokens.Encode((skip + size).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
        });
    }

    private static bool Matches(Table table, PropertyPredicate filter)
    {
        var key = filter.Key ?? throw GlueErrors.InvalidInput("A filter needs a Key.");
        var value = filter.Value ?? string.Empty;
        if (TimeFields.Contains(key))
        {
            var actual = Field(table, key);
            if (actual is null || !DateTimeOffset.TryParse(actual, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)) return false;
            var wanted = WireValues.ParseTimestamp(value) ?? throw GlueErrors.InvalidInput($"Filter value {value} is not a time.");
            return filter.Comparator switch
            {
                "GREATER_THAN" => at > wanted,
                "LESS_THAN" => at < wanted,
                "GREATER_THAN_EQUALS" => at >= wanted,
                "LESS_THAN_EQUALS" => at <= wanted,
                _ => at == wanted,
            };
        }

        return Field(table, key) is { } text
            && (text.Equals(value, StringComparison.OrdinalIgnoreCase) || Tokens(text).Contains(value, StringComparer.OrdinalIgnoreCase));
    }

    private static bool MatchesText(Table table, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        var exact = text.Length > 1 && text.StartsWith('"') && text.EndsWith('"');
        var wanted = exact ? text[1..^1] : text;
        var haystack = new[] { table.Name, table.DatabaseName, table.Description, table.Owner, table.TableType }
            .Concat(table.StorageDescriptor?.Columns?.SelectMany(c => new[] { c.Name, c.Comment }) ?? [])
            .Concat(table.PartitionKeys?.SelectMany(c => new[] { c.Name, c.Comment }) ?? [])
            .Concat(table.Parameters?.SelectMany(p => new[] { p.Key, p.Value }) ?? [])
            .OfType<string>();
        return exact
            ? haystack.Any(h => h.Equals(wanted, StringComparison.OrdinalIgnoreCase) || Tokens(h).Contains(wanted, StringComparer.OrdinalIgnoreCase))
            : haystack.Any(h => h.Contains(wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A top-level table field (e.g. Name, UpdateTime) or a Parameters key, as text.</summary>
    private static string? Field(Table table, string key)
    {
        var doc = JsonSerializer.SerializeToNode(table, AwsJson.Document)!.AsObject();
        var field = doc.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        if (field is JsonValue v) return v.ToString();
        return table.Parameters?.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static string[] Tokens(string text) => text.Split(TokenSeparators, StringSplitOptions.RemoveEmptyEntries);
}
