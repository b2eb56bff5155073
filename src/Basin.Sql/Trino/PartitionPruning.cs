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
/// (Athena's partition pruning). Such a conjunct has the same value for every row of a partition,
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
        var tables = new List<TableOccurrence>();
        Prunable(select["from_table"] as JsonObject, occurrences, tables);
        if (!tables.Any(t => t.Table.Partitions is not null)) return;

        foreach (var conjunct in Conjuncts(where))
        {
            if (!IsPlain(conjunct)) continue;
            var target = Target(conjunct, tables);
            if (target is not null) target.Predicates.Add(Unqualified(conjunct));
        }
    }

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
    private static void Prunable(JsonObject? from, IReadOnlyDictionary<JsonObject, TableOccurrence> occurrences, List<TableOccurrence> tables)
    {
        if (from is null) return;
        if (occurrences.TryGetValue(from, out var occurrence))
        {
            if (occurrence.Table.Partitions is not null) tables.Add(occurrence);
            return;
        }

        if (Type(from) != "JOIN") return;
        var join = Text(from, "join_type");
        if (join is "INNER" or "LEFT" or "SEMI" or "ANTI" or "") Prunable(from["left"] as JsonObject, occurrences, tables);
        if (join is "INNER" or "RIGHT" or "") Prunable(from["right"] as JsonObject, occurrences, tables);
    }

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

    /// <summary>The one table whose partition keys are every column the conjunct reads, or null.</summary>
    private static TableOccurrence? Target(JsonObject conjunct, List<TableOccurrence> tables)
    {
        TableOccurrence? target = null;
        var any = false;
        foreach (var reference in ColumnRefs(conjunct))
        {
            any = true;
            var names = reference["column_names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            var column = names[^1];
            var candidates = tables.Where(t => IsPartitionKey(t, column) && (names.Count == 1 || (names.Count == 2 && names[0].Equals(t.Alias, StringComparison.OrdinalIgnoreCase)))).ToList();
            if (candidates.Count != 1 || (target is not null && target != candidates[0])) return null;
            target = candidates[0];
        }

        return any ? target : null;
    }

    private static bool IsPartitionKey(TableOccurrence table, string column) =>
        table.Table.Table.PartitionKeys.Any(k => k.Name.Equals(column, StringComparison.OrdinalIgnoreCase));

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
    private static JsonObject Unqualified(JsonObject conjunct)
    {
        var copy = conjunct.DeepClone().AsObject();
        foreach (var reference in ColumnRefs(copy).ToList())
        {
            var names = reference["column_names"]!.AsArray();
            reference["column_names"] = new JsonArray(JsonValue.Create(names[^1]!.GetValue<string>()));
        }

        return copy;
    }
}
