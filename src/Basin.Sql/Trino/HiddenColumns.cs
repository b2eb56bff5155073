using System.Globalization;
using System.Text.Json.Nodes;
using Basin.Sql.Lake;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// Athena's hidden columns of a table: <c>"$path"</c> (the object's S3 URI), <c>"$file_size"</c>
/// and <c>"$file_modified_time"</c>. A query that names one gets them from every table it reads,
/// whose scans then read one file at a time to tell them apart; <c>*</c> leaves them out, as in
/// Athena, so a star over such a table excludes them.
/// </summary>
public static class HiddenColumns
{
    public const string Path = "$path";
    public const string FileSize = "$file_size";
    public const string FileModifiedTime = "$file_modified_time";
    private static readonly string[] Names = [Path, FileSize, FileModifiedTime];

    /// <summary>Whether the query refers to a hidden column anywhere.</summary>
    public static bool AreUsed(JsonNode? node) => node switch
    {
        JsonArray array => array.Any(AreUsed),
        JsonObject obj when Class(obj) == "COLUMN_REF" && obj["column_names"] is JsonArray { Count: > 0 } names =>
            Names.Contains(names[^1]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase),
        JsonObject obj => obj.Any(p => AreUsed(p.Value)),
        _ => false,
    };

    /// <summary>The hidden columns' values for one file, as select items.</summary>
    public static IEnumerable<string> Values(LakeFile file) =>
    [
        $"{(file.ObjectUri is null ? "CAST(NULL AS VARCHAR)" : SqlText.Literal(file.ObjectUri))} AS {SqlText.Identifier(Path)}",
        $"CAST({file.Size.ToString(CultureInfo.InvariantCulture)} AS BIGINT) AS {SqlText.Identifier(FileSize)}",
        $"{(file.Modified is { } at ? $"CAST({SqlText.Literal(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff+00", CultureInfo.InvariantCulture))} AS TIMESTAMPTZ)" : "CAST(NULL AS TIMESTAMPTZ)")} AS {SqlText.Identifier(FileModifiedTime)}",
    ];

    /// <summary>The hidden columns of a table without files: typed NULLs.</summary>
    public static IEnumerable<string> Nulls() =>
    [
        $"CAST(NULL AS VARCHAR) AS {SqlText.Identifier(Path)}",
        $"CAST(NULL AS BIGINT) AS {SqlText.Identifier(FileSize)}",
        $"CAST(NULL AS TIMESTAMPTZ) AS {SqlText.Identifier(FileModifiedTime)}",
    ];

    /// <summary>
    /// Leaves the hidden columns out of the stars of <paramref name="select"/> that cover a lake
    /// table of its FROM clause: <c>*</c>, or <c>t.*</c> for such a table <c>t</c>.
    /// </summary>
    internal static void ExcludeFromStars(JsonObject select, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences)
    {
        var aliases = new List<string>();
        LakeTablesOf(select["from_table"] as JsonObject, occurrences, aliases);
        if (aliases.Count == 0 || select["select_list"] is not JsonArray list) return;
        foreach (var star in list.OfType<JsonObject>().Where(i => Class(i) == "STAR" && i["expr"] is null))
        {
            var relation = Text(star, "relation_name");
            if (relation.Length > 0 && !aliases.Contains(relation, StringComparer.OrdinalIgnoreCase)) continue;
            var exclude = star["exclude_list"] as JsonArray ?? [];
            foreach (var name in Names.Where(n => !exclude.Any(e => e is JsonValue v && v.TryGetValue<string>(out var s) && s.Equals(n, StringComparison.OrdinalIgnoreCase))))
            {
                exclude.Add(name);
            }

            star["exclude_list"] = exclude;
        }
    }

    private static void LakeTablesOf(JsonObject? from, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences, List<string> aliases)
    {
        if (from is null) return;
        if (occurrences.TryGetValue(from, out var occurrence)) aliases.Add(occurrence.Alias);
        if (Type(from) != "JOIN") return;
        LakeTablesOf(from["left"] as JsonObject, occurrences, aliases);
        LakeTablesOf(from["right"] as JsonObject, occurrences, aliases);
    }
}
