namespace Basin.Sql.Trino;

/// <summary>
/// Array and map semantics DuckDB's own functions do not have. DuckDB binds every branch of an
/// expression before it runs, so one macro cannot call a list-only function on a map; these
/// macros use what binds for both (the subscript operator, typeof, to_json) or typed overloads.
/// </summary>
internal static class CollectionMacros
{
    private const string InvalidFunctionArgument = TrinoMacros.InvalidFunctionArgument;

    /// <summary>Element types an array || element concatenation is defined for (a typed overload each way).</summary>
    private static readonly string[] ElementTypes = ["BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "REAL", "DOUBLE", "VARCHAR", "BLOB", "DATE", "TIMESTAMP", "TIMESTAMPTZ"];

    public static readonly string[] Definitions =
    [
        // x[k] fails in Trino where DuckDB answers NULL: an array index out of range, a key missing
        // from a map. typeof(x) is a constant the optimizer folds, so an array pays nothing for the
        // map check and vice versa; the JSON sizing runs only on the path that fails anyway.
        $"""
        CREATE MACRO trino_subscript(x, k) AS CASE
            WHEN typeof(x) LIKE '%[]' AND TRY_CAST(k AS BIGINT) = 0 THEN error('{InvalidFunctionArgument}: SQL array indices start at 1')
            WHEN typeof(x) LIKE '%[]' AND TRY_CAST(k AS BIGINT) < 0 THEN error('{InvalidFunctionArgument}: Array subscript is negative: ' || k)
            WHEN x[k] IS NOT NULL OR x IS NULL OR k IS NULL THEN x[k]
            WHEN typeof(x) LIKE '%[]' AND TRY_CAST(k AS BIGINT) > json_array_length(to_json(x))
                THEN error('{InvalidFunctionArgument}: Array subscript must be less than or equal to array length: ' || k || ' > ' || json_array_length(to_json(x)))
            WHEN typeof(x) LIKE 'MAP(%' AND NOT list_contains(json_keys(to_json(x)), CAST(k AS VARCHAR))
                THEN error('{InvalidFunctionArgument}: Key not present in map: ' || k)
        END
        """,

        // element_at is NULL past the end or for a missing key, counts from the end when negative, and fails at 0.
        $"""
        CREATE MACRO trino_element_at(x, k) AS CASE
            WHEN typeof(x) LIKE '%[]' AND TRY_CAST(k AS BIGINT) = 0 THEN error('{InvalidFunctionArgument}: SQL array indices start at 1')
            ELSE x[k]
        END
        """,

        // array || element and element || array append and prepend; everything else is DuckDB's || (strings, two arrays).
        "CREATE MACRO trino_concat(a, b) AS a || b, " + string.Join(", ", ElementTypes.Select(t =>
            $"(a {t}[], b {t}) AS list_append(a, b), (a {t}, b {t}[]) AS list_prepend(a, b)")),

        // map_agg keeps the first value of a repeated key (DuckDB's map constructors reject repeats);
        // the quadratic de-duplication runs only for a group that has repeats.
        """
        CREATE MACRO trino_map_agg(entries) AS CASE
            WHEN len(list_distinct(list_transform(entries, e -> e.key))) = len(entries) THEN map_from_entries(entries)
            ELSE map_from_entries(list_filter(entries, (e, i) -> list_position(list_transform(entries, x -> x.key), e.key) = i))
        END
        """,
        """
        CREATE MACRO trino_multimap_agg(entries) AS map_from_entries(list_transform(
            trino_array_distinct(list_transform(entries, e -> e.key)),
            k -> {'key': k, 'value': list_transform(list_filter(entries, e -> e.key = k), e -> e.value)}))
        """,
    ];
}
