using Basin.Sql.Hive;

namespace Basin.Sql.Lake;

/// <summary>
/// Which JSON key fills each column of a JSON table. Athena's JSON SerDes match keys ignoring case
/// (a Glue crawler lowercases "userId" into column userid, and the key still fills it), while
/// DuckDB's reader matches exactly. So the top-level keys each file really holds are discovered
/// (<see cref="JsonKeyCatalog"/>) and a file is read natively with the spellings it uses; only a
/// file holding several spellings of one column (userId in one row, USERID in another) is read row
/// by row, its keys normalized first.
/// </summary>
public static class JsonKeys
{
    /// <summary>Raised for an object whose keys collide once normalized, as the OpenX SerDe refuses it.</summary>
    public const string DuplicateKeyError = "HIVE_CURSOR_ERROR";

    /// <summary>
    /// The key each column reads in a file whose top-level keys are <paramref name="keys"/> (null:
    /// not discovered, so each column reads its own name); null when a column has several
    /// candidates there, and the file must be read row by row.
    /// </summary>
    public static string[]? Spellings(LakeTable table, IReadOnlyList<string>? keys)
    {
        var targets = table.Columns.Select(c => Target(table, c.Name)).ToArray();
        if (keys is null) return targets;
        var spellings = new string[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            var target = targets[i];
            var matches = keys.Where(k => Normalize(table, k) == target).Distinct(StringComparer.Ordinal).Take(2).ToList();
            if (matches.Count > 1) return null;
            spellings[i] = matches.Count == 1 ? matches[0] : target;
        }

        // DuckDB's reader takes each name once, ignoring case.
        return spellings.Distinct(StringComparer.OrdinalIgnoreCase).Count() == spellings.Length ? spellings : null;
    }

    /// <summary>The normalized key a column reads: its mapping.&lt;column&gt; property, or its own name.</summary>
    public static string Target(LakeTable table, string column) =>
        Normalize(table, table.JsonKeyMappings.GetValueOrDefault(column.ToLowerInvariant()) ?? column);

    private static string Normalize(LakeTable table, string key)
    {
        if (table.JsonDotsInKeys) key = key.Replace('.', '_');
        return table.JsonCaseInsensitive ? key.ToLowerInvariant() : key;
    }

    /// <summary>
    /// A reader of <paramref name="files"/> row by row: one column <c>j</c>, each line's object with
    /// its top-level keys normalized as <see cref="Target"/> does (see <see cref="RowByRowColumn"/>).
    /// </summary>
    public static string RowByRowReader(LakeTable table, string files)
    {
        var key = table.JsonDotsInKeys ? "replace(k, '.', '_')" : "k";
        if (table.JsonCaseInsensitive) key = $"lower({key})";
        var normalized = $"list_transform(json_keys(j), k -> {key})";
        var entries = $"list_transform(json_keys(j), k -> {{'k': {key}, 'v': json_extract(j, {PathSql("k")})}})";
        var duplicate = SqlText.Literal($"{DuplicateKeyError}: Row is not a valid JSON Object - JSONException: Duplicate key");
        return $"(SELECT CASE WHEN len(list_distinct({normalized})) < len(json_keys(j)) THEN error({duplicate}) " +
            $"ELSE CAST(map_from_entries({entries}) AS JSON) END AS j " +
            $"FROM read_json({files}, format = 'newline_delimited', records = false, columns = {{'j': 'JSON'}}, ignore_errors = {(table.IgnoreMalformedJson ? "true" : "false")}))";
    }

    /// <summary>
    /// A column of <see cref="RowByRowReader"/>'s relation: its target key looked up exactly (a
    /// JSON path, not an identifier, so targets differing only in case stay apart) and converted
    /// as the native reader converts.
    /// </summary>
    public static string RowByRowColumn(LakeTable table, string column, string hiveType)
    {
        var value = $"json_extract(j, {PathSql(SqlText.Literal(Target(table, column)))})";
        var type = HiveType.Parse(hiveType);
        return table.JsonCaseInsensitive && JsonMembers.HasStruct(type) ? JsonMembers.Convert(value, type) : JsonMembers.Transform(value, type);
    }

    /// <summary>A JSON path naming one key whatever characters it holds, the key given as SQL.</summary>
    internal static string PathSql(string keySql) => $"'$.\"' || replace({keySql}, '\"', '\\\"') || '\"'";
}
