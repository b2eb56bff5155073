using System.Globalization;
using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// The values a query gives partition keys projected as <c>injected</c> (Athena's dynamic ID
/// partitioning): from the scan's partition conjuncts <c>key = literal</c> and
/// <c>key IN (literal, ...)</c>. A key the query gives no such values fails the query with
/// Athena's CONSTRAINT_VIOLATION, as a table of unknown partitions cannot be listed.
/// </summary>
public static class InjectedValues
{
    public static Dictionary<string, IReadOnlyList<string>> From(JsonObject? predicate, IReadOnlyList<string> keys)
    {
        var conjuncts = predicate is null ? []
            : Class(predicate) == "CONJUNCTION" && Type(predicate) == "CONJUNCTION_AND" ? [.. Children(predicate).OfType<JsonObject>()]
            : new List<JsonObject> { predicate };
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            values[key] = conjuncts.Select(c => Equalities(c, key)).FirstOrDefault(v => v is not null)
                ?? throw new SqlException("CONSTRAINT_VIOLATION", $"For the injected projected partition column {key}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.");
        }

        return values;
    }

    /// <summary>The literals <paramref name="conjunct"/> equates <paramref name="key"/> with, or null when it is not such a conjunct.</summary>
    private static List<string>? Equalities(JsonObject conjunct, string key)
    {
        if (Class(conjunct) == "COMPARISON" && Type(conjunct) == "COMPARE_EQUAL" && conjunct["left"] is JsonObject left && conjunct["right"] is JsonObject right)
        {
            var literal = IsKey(left, key) ? Literal(right) : IsKey(right, key) ? Literal(left) : null;
            return literal is null ? null : [literal];
        }

        if (Type(conjunct) == "COMPARE_IN" && Children(conjunct) is { Count: > 1 } children && children[0] is JsonObject column && IsKey(column, key))
        {
            var literals = children.Skip(1).Select(c => c is JsonObject o ? Literal(o) : null).ToList();
            return literals.All(l => l is not null) ? [.. literals.Distinct(StringComparer.Ordinal).Select(l => l!)] : null;
        }

        return null;
    }

    private static bool IsKey(JsonObject node, string key) =>
        Class(node) == "COLUMN_REF" && node["column_names"] is JsonArray { Count: 1 } names && string.Equals(names[0]?.GetValue<string>(), key, StringComparison.OrdinalIgnoreCase);

    /// <summary>A non-null string or number constant as the partition value text; null for anything else.</summary>
    private static string? Literal(JsonObject node)
    {
        if (Class(node) == "CAST" && node["child"] is JsonObject child) return Literal(child);
        if (Class(node) != "CONSTANT" || node["value"] is not JsonObject { } value || value["is_null"]?.GetValue<bool>() != false) return null;
        return value["value"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
