namespace Basin.Sql.Hive;

/// <summary>
/// Scalar text values Hive's LazySimpleSerDe reads by its own rules, which DuckDB's casts do not
/// follow: integers (an optional sign, digits, and a decimal point whose digits are dropped; the
/// native function <c>hive_bigint</c>) and booleans (true or false in any case). Other scalar
/// types convert with DuckDB's casts.
/// </summary>
public static class HiveTextScalars
{
    /// <summary>Whether text holds a value of this type in Hive's own form.</summary>
    public static bool Applies(string type) => IsInteger(type) || type.Trim().Equals("boolean", StringComparison.OrdinalIgnoreCase);

    /// <summary>A DuckDB expression reading <paramref name="text"/> (VARCHAR) as Hive reads a <paramref name="type"/>.</summary>
    public static string Read(string text, string type) => IsInteger(type)
        ? $"TRY_CAST({Lake.LakeScanSql.HiveIntegerFunction}({text}) AS {HiveTypes.ToDuckDb(type)})"
        : $"(CASE lower({text}) WHEN 'true' THEN true WHEN 'false' THEN false END)";

    private static bool IsInteger(string type) => type.Trim().ToLowerInvariant() is "tinyint" or "smallint" or "int" or "integer" or "bigint";
}
