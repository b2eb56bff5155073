using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>One place a lake table is read in a query, and the WHERE conjuncts that constrain only its partition keys.</summary>
internal sealed record TableOccurrence(JsonObject Node, BoundTable Table, string Alias, string Key)
{
    public List<JsonObject> Predicates { get; } = [];
}

/// <summary>
/// Finds, for each SELECT, the WHERE conjuncts that read nothing but one table's partition keys
/// (Athena's partition pruning), directly or through subqueries and views that pass the keys through. Such a conjunct has the same value for every row of a partition,
/// so a partition where it is not true holds no row the query keeps and need not be listed or read.
/// Tables on the null-supplying side of an outer join are left alone: there a pruned partition
/// would turn matched rows into unmatched ones, which a predicate like "IS NULL" would then keep.
/// </summary>
internal static class PartitionPruning
{
    /// <summary>Functions whose value is not fixed by their arguments: a conjunct using one is never evaluated ahead of the query.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase) { "random", "rand", "uuid", "gen_random_uuid", "setseed", "nextval", "shuffle" };

    public static void Collect(JsonObject select, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences)
    {
        if (select["where_clause"] is not JsonObject where) return;
        var targets = new List<PruneTarget>();
        Prunable(select["from_table"] as JsonObject, occurrences, targets);
        if (targets.Count == 0) return;

        foreach (var conjunct in Conjuncts(where))
        {
            if (!IsPlain(conjunct)) continue;
            var target = Target(conjunct, targets);
            if (target is not null) target.Occurrence.Predicates.Add(Unqualified(conjunct, target));
        }
    }

    /// <summary>
    /// A partitioned table a WHERE conjunct can prune, by the name the conjunct reads it under:
    /// the table itself, or a subquery (an expanded view) that passes some of its partition keys
    /// through as columns (<paramref name="KeyByColumn"/>: the subquery's column → the key).
    /// </summary>
    private sealed record PruneTarget(TableOccurrence Occurrence, string Alias, IReadOnlyDictionary<string, string> KeyByColumn);

    /// <summary>The predicate the scan's partitions are filtered with: its conjuncts ANDed, or null when there are none.</summary>
    public static JsonObject? Predicate(TableOccurrence occurrence) => occurrence.Predicates.Count switch
    {
        0 => null,
        1 => occurrence.Predicates[0],
        _ => new JsonObject
        {
            ["class"] = "CONJUNCTION",
            ["type"] = "CONJUNCTION_AND",
            ["alias"] = "",
            ["query_location"] = ulong.MaxValue,
            ["children"] = new JsonArray([.. occurrence.Predicates.Select(p => (JsonNode)p)]),
        },
    };

    /// <summary>The lake tables of a FROM clause whose rows a WHERE conjunct filters directly.</summary>
    private static void Prunable(JsonObject? from, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences, List<PruneTarget> targets)
    {
        if (from is null) return;
        if (occurrences.TryGetValue(from, out var occurrence))
        {
            if (occurrence.Table.Partitions is not null)
            {
                targets.Add(new PruneTarget(occurrence, occurrence.Alias, occurrence.Table.Table.PartitionKeys.ToDictionary(k => k.Name, k => k.Name, StringComparer.OrdinalIgnoreCase)));
            }

            return;
        }

        if (Type(from) == "SUBQUERY")
        {
            ThroughSubquery(from, occurrences, targets);
            return;
        }

        if (Type(from) != "JOIN") return;
        var join = Text(from, "join_type");
        if (join is "INNER" or "LEFT" or "SEMI" or "ANTI" or "") Prunable(from["left"] as JsonObject, occurrences, targets);
        if (join is "INNER" or "RIGHT" or "") Prunable(from["right"] as JsonObject, occurrences, targets);
    }

    /// <summary>
    /// The partition keys a subquery (an expanded view, most often) passes through unchanged, so a
    /// conjunct on its columns prunes the table beneath. Only a plain SELECT qualifies: no LIMIT,
    /// window function, QUALIFY or grouping sets, each of which could make a row depend on rows of
    /// other partitions (or give a key NULL); a pass-through column is a bare reference to the key.
    /// </summary>
    private static void ThroughSubquery(JsonObject subquery, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences, List<PruneTarget> targets)
    {
        if (subquery["subquery"]?["node"] is not JsonObject inner || Type(inner) != "SELECT_NODE") return;
        if (inner["modifiers"] is JsonArray modifiers && modifiers.OfType<JsonObject>().Any(m => Type(m) is "LIMIT_MODIFIER" or "LIMIT_PERCENT_MODIFIER")) return;
        if (inner["qualify"] is JsonObject || inner["group_sets"] is JsonArray { Count: > 1 } || ContainsWindow(inner["select_list"])) return;
        var beneath = new List<PruneTarget>();
        Prunable(inner["from_table"] as JsonObject, occurrences, beneath);
        if (beneath.Count == 0 || inner["select_list"] is not JsonArray list) return;

        var renames = subquery["column_name_alias"] as JsonArray ?? [];
        foreach (var target in beneath)
        {
            var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonObject item) continue;
                if (Class(item) == "STAR" && item["expr"] is null && item["exclude_list"] is JsonArray { Count: 0 } && item["replace_list"] is JsonArray { Count: 0 } && renames.Count == 0
                    && (Text(item, "relation_name").Length == 0 || Text(item, "relation_name").Equals(target.Alias, StringComparison.OrdinalIgnoreCase)))
                {
                    foreach (var (column, key) in target.KeyByColumn) keys.TryAdd(column, key);
                    continue;
                }

                if (Class(item) != "COLUMN_REF" || ReferencedKey(item, target, beneath) is not { } passed) continue;
                var name = i < renames.Count ? renames[i]!.GetValue<string>() : Text(item, "alias").Length > 0 ? Text(item, "alias") : ColumnName(item);
                keys.TryAdd(name, passed);
            }

            if (keys.Count > 0) targets.Add(new PruneTarget(target.Occurrence, Text(subquery, "alias"), keys));
        }
    }

    /// <summary>The partition key of <paramref name="target"/> a column reference reads, when no other table beneath has that column as a key.</summary>
    private static string? ReferencedKey(JsonObject reference, PruneTarget target, List<PruneTarget> beneath)
    {
        var names = reference["column_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        if (names.Count > 2 || (names.Count == 2 && !names[0].Equals(target.Alias, StringComparison.OrdinalIgnoreCase))) return null;
        if (!target.KeyByColumn.TryGetValue(names[^1], out var key)) return null;
        return names.Count == 2 || beneath.Count(t => t.KeyByColumn.ContainsKey(names[^1])) == 1 ? key : null;
    }

    private static string ColumnName(JsonObject reference) => reference["column_names"]!.AsArray()[^1]!.GetValue<string>();

    private static bool ContainsWindow(JsonNode? node) => node switch
    {
        JsonArray array => array.Any(ContainsWindow),
        JsonObject obj => Class(obj) == "WINDOW" || obj.Any(p => ContainsWindow(p.Value)),
        _ => false,
    };

    private static IEnumerable<JsonObject> Conjuncts(JsonObject expression)
    {
        if (Type(expression) != "CONJUNCTION_AND")
        {
            yield return expression;
            yield break;
        }

        foreach (var child in expression["children"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var conjunct in Conjuncts(child)) yield return conjunct;
        }
    }

    /// <summary>No subquery, window function, parameter, lambda or volatile function: its value depends only on the columns it names.</summary>
    private static bool IsPlain(JsonNode? node) => node switch
    {
        JsonArray array => array.All(IsPlain),
        JsonObject obj => Class(obj) switch
        {
            "SUBQUERY" or "WINDOW" or "PARAMETER" or "LAMBDA" => false,
            "FUNCTION" when Volatile.Contains(Text(obj, "function_name")) => false,
            _ => obj.Select(p => p.Value).All(IsPlain),
        },
        _ => true,
    };

    /// <summary>The one target whose partition keys are every column the conjunct reads, or null.</summary>
    private static PruneTarget? Target(JsonObject conjunct, List<PruneTarget> targets)
    {
        PruneTarget? target = null;
        var any = false;
        foreach (var reference in ColumnRefs(conjunct))
        {
            any = true;
            var names = reference["column_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            var column = names[^1];
            var candidates = targets.Where(t => t.KeyByColumn.ContainsKey(column) && (names.Count == 1 || (names.Count == 2 && names[0].Equals(t.Alias, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (candidates.Count != 1 || (target is not null && target != candidates[0])) return null;
            target = candidates[0];
        }

        return any ? target : null;
    }

    private static IEnumerable<JsonObject> ColumnRefs(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var r in ColumnRefs(item)) yield return r;
                }

                break;
            case JsonObject obj when Class(obj) == "COLUMN_REF":
                yield return obj;
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    foreach (var r in ColumnRefs(value)) yield return r;
                }

                break;
        }
    }

    /// <summary>A copy of the conjunct reading the partition keys by bare name, as the partition list names them.</summary>
    private static JsonObject Unqualified(JsonObject conjunct, PruneTarget target)
    {
        var copy = conjunct.DeepClone().AsObject();
        foreach (var reference in ColumnRefs(copy).ToList())
        {
            reference["column_names"] = new JsonArray(JsonValue.Create(target.KeyByColumn[ColumnName(reference)]));
        }

        return copy;
    }
}
