namespace Basin.Sql.Trino;

/// <summary>
/// DuckDB macros that give Trino's semantics where a rename is not enough: the result type Trino
/// returns (a DATE stays a DATE through date_add and date_trunc), Trino's errors (integer division
/// by zero fails instead of giving NULL), or a different argument convention. Typed overloads pick
/// the behaviour by argument type. <see cref="TrinoFunctions"/> rewrites calls to them; errors they
/// raise carry the Athena error name as a prefix, which <see cref="SqlErrors"/> turns back into it.
/// </summary>
internal static class TrinoMacros
{
    public const string DivisionByZero = "DIVISION_BY_ZERO";
    public const string InvalidFunctionArgument = "INVALID_FUNCTION_ARGUMENT";
    public const string FunctionNotFound = "FUNCTION_NOT_FOUND";

    /// <summary>What cardinality() of anything but an array or a map fails with (Trino resolves no such overload).</summary>
    public const string CardinalityTypeError = FunctionNotFound + ": Unexpected parameters for function cardinality. Expected: cardinality(array(E)), cardinality(map(K,V))";

    public static readonly string[] Definitions =
    [
        // Integer and decimal division by zero fail in Trino; floating-point division gives Infinity or NaN.
        $"""
        CREATE MACRO trino_divide(a, b) AS CASE WHEN b = 0 AND typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT')
            THEN error('{DivisionByZero}: Division by zero') ELSE a / b END
        """,
        $"""
        CREATE MACRO trino_modulus(a, b) AS CASE WHEN b = 0 AND typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT')
            THEN error('{DivisionByZero}: Division by zero') ELSE a % b END
        """,

        // width_bucket(x, bound1, bound2, n): equal-width buckets 1..n between the bounds (either way round),
        // 0 before the first bound and n + 1 past the second; width_bucket(x, bins) counts the sorted bins <= x.
        """
        CREATE MACRO trino_width_bucket_of(x, b1, b2, n) AS CASE
            WHEN b1 < b2 THEN CASE WHEN x < b1 THEN 0 WHEN x >= b2 THEN n + 1 ELSE CAST(floor((x - b1) / (b2 - b1) * n) AS BIGINT) + 1 END
            ELSE CASE WHEN x > b1 THEN 0 WHEN x <= b2 THEN n + 1 ELSE CAST(floor((b1 - x) / (b1 - b2) * n) AS BIGINT) + 1 END
        END
        """,
        $"""
        CREATE MACRO trino_width_bucket(x DOUBLE, b1 DOUBLE, b2 DOUBLE, n BIGINT) AS CASE
            WHEN n <= 0 THEN error('{InvalidFunctionArgument}: bucketCount must be greater than 0')
            WHEN isnan(x) THEN error('{InvalidFunctionArgument}: operand must not be NaN')
            WHEN NOT isfinite(b1) THEN error('{InvalidFunctionArgument}: first bound must be finite')
            WHEN NOT isfinite(b2) THEN error('{InvalidFunctionArgument}: second bound must be finite')
            WHEN b1 = b2 THEN error('{InvalidFunctionArgument}: bounds cannot equal each other')
            ELSE trino_width_bucket_of(x, b1, b2, n)
        END,
        (x, bins) AS len(list_filter(bins, b -> b <= x))
        """,

        // The same inside try(), where Trino's argument errors are NULL: without error(), which DuckDB's TRY refuses.
        """
        CREATE MACRO trino_width_bucket_or_null(x DOUBLE, b1 DOUBLE, b2 DOUBLE, n BIGINT) AS CASE
            WHEN n <= 0 OR isnan(x) OR NOT isfinite(b1) OR NOT isfinite(b2) OR b1 = b2 THEN NULL
            ELSE trino_width_bucket_of(x, b1, b2, n)
        END,
        (x, bins) AS len(list_filter(bins, b -> b <= x))
        """,

        // Trino's zoned timestamps are held as their local time in the zone (TimeZones): a timestamp
        // without one is first taken as UTC, Athena's session zone; with_timezone reads it as local.
        "CREATE MACRO trino_at_time_zone(x TIMESTAMP, z) AS timezone(z, timezone('UTC', x)), (x TIMESTAMPTZ, z) AS timezone(z, x)",
        "CREATE MACRO trino_with_timezone(x TIMESTAMP, z) AS x, (x TIMESTAMPTZ, z) AS timezone(z, x)",

        // length() counts a varchar's characters and a varbinary's bytes (DuckDB's length takes no BLOB).
        "CREATE MACRO trino_length(x VARCHAR) AS length(x), (x BLOB) AS octet_length(x)",

        // date_add and date ± interval keep a DATE a DATE (DuckDB widens to TIMESTAMP).
        "CREATE MACRO trino_plus_interval(x DATE, i INTERVAL) AS CAST(x + i AS DATE), (x TIMESTAMP, i INTERVAL) AS x + i, (x TIMESTAMPTZ, i INTERVAL) AS x + i",
        "CREATE MACRO trino_minus_interval(x DATE, i INTERVAL) AS CAST(x - i AS DATE), (x TIMESTAMP, i INTERVAL) AS x - i, (x TIMESTAMPTZ, i INTERVAL) AS x - i",
        "CREATE MACRO trino_date_trunc(unit, x DATE) AS CAST(date_trunc(unit, x) AS DATE), (unit, x TIMESTAMP) AS date_trunc(unit, x), (unit, x TIMESTAMPTZ) AS date_trunc(unit, x)",

        // sequence(start, stop[, step]): inclusive like generate_series; date sequences stay dates.
        "CREATE MACRO trino_sequence(a BIGINT, b BIGINT) AS generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END), " +
            "(a DATE, b DATE) AS list_transform(generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), INTERVAL 1 DAY), d -> CAST(d AS DATE))",
        "CREATE MACRO trino_sequence_step(a BIGINT, b BIGINT, step BIGINT) AS generate_series(a, b, step), " +
            "(a DATE, b DATE, step INTERVAL) AS list_transform(generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), step), d -> CAST(d AS DATE))",

        // split_part is NULL past the last field (DuckDB gives ''), an empty field stays ''.
        "CREATE MACRO trino_split_part(s, delimiter, n) AS string_split(s, delimiter)[n]",

        // typeof in Trino's spelling: lower case, array(T), row(...), timestamp(3).
        """
        CREATE MACRO trino_typeof(x) AS regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(typeof(x)),
            '^(.*)\[\]$', 'array(\1)'), '^struct\(', 'row('), '^timestamp with time zone$', 'timestamp(3) with time zone'), '^timestamp$', 'timestamp(3)')
        """,

        // md5 and sha256 return varbinary in Trino (DuckDB: a hex string).
        "CREATE MACRO trino_md5(x) AS unhex(md5(x))",
        "CREATE MACRO trino_sha256(x) AS unhex(sha256(x))",
        // bit_count(x, bits) counts x's bits in a two's-complement word of that width (DuckDB's counts x's own type's width).
        "CREATE MACRO trino_bit_count(x, bits) AS bit_count(CAST(x AS BIGINT) & CASE WHEN bits >= 64 THEN CAST(-1 AS BIGINT) ELSE (CAST(1 AS BIGINT) << bits) - 1 END)",
        "CREATE MACRO trino_regexp_count(s, pattern) AS len(regexp_extract_all(s, pattern))",
        "CREATE MACRO trino_slice(a, start, length) AS list_slice(a, start, start + length - 1)",
        "CREATE MACRO trino_array_join(a, delimiter) AS array_to_string(list_transform(a, e -> CAST(e AS VARCHAR)), delimiter), " +
            "(a, delimiter, null_replacement) AS array_to_string(list_transform(a, e -> coalesce(CAST(e AS VARCHAR), null_replacement)), delimiter)",
        // any_match / all_match / none_match over transformed arrays: Trino's answers for an empty array are false / true / true.
        "CREATE MACRO trino_any(matches) AS coalesce(list_bool_or(matches), false)",
        "CREATE MACRO trino_all(matches) AS coalesce(list_bool_and(matches), true)",
        "CREATE MACRO trino_none(matches) AS NOT coalesce(list_bool_or(matches), false)",

        // Trino's array set functions keep the first occurrence of each element, in order (DuckDB's list_distinct does not).
        "CREATE MACRO trino_array_distinct(a) AS list_filter(a, (x, i) -> list_position(a, x) = i)",
        "CREATE MACRO trino_array_intersect(a, b) AS trino_array_distinct(list_filter(a, x -> list_contains(b, x)))",
        "CREATE MACRO trino_array_except(a, b) AS trino_array_distinct(list_filter(a, x -> NOT list_contains(b, x)))",
        "CREATE MACRO trino_array_union(a, b) AS trino_array_distinct(list_concat(a, b))",
        "CREATE MACRO trino_json_array_contains(j, v) AS list_contains(CAST(j AS JSON[]), to_json(v))",
        "CREATE MACRO trino_nan() AS CAST('NaN' AS DOUBLE)",
        "CREATE MACRO trino_infinity() AS CAST('Infinity' AS DOUBLE)",
    ];
}
