using System.Globalization;
using System.Text;
using Basin.Sql.Hive;

namespace Basin.Sql.Lake;

/// <summary>
/// The DuckDB SELECT that reads a catalog table's objects where they lie, with Hive's semantics:
/// delimited text is read as strings and each field converted with TRY_CAST, so a field that does
/// not parse is NULL rather than an error, missing trailing fields are NULL and extra ones ignored
/// (LazySimpleSerDe); partition values come from the catalog, one scan per partition.
/// Plain LazySimpleSerDe files of scalar columns are read typed instead while
/// <see cref="TypedTextReads"/> has not seen them fail (the same values, a fifth faster).
/// </summary>
public static class LakeScanSql
{
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>The .NET-regex scalar function <see cref="SqlEngine"/> registers (DuckDB's RE2 lacks what Hive's Java patterns use).</summary>
    public const string RegexGroupsFunction = "hive_regex_groups";

    /// <summary>The native VARCHAR → BIGINT function reading integers as Hive does (<see cref="SqlEngine"/> registers it).</summary>
    public const string HiveIntegerFunction = "hive_bigint";

    private static readonly HashSet<string> TypedReadable = new(StringComparer.Ordinal)
    {
        "VARCHAR", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP",
    };

    /// <param name="jsonKeys">For a JSON table, what each file's keys are (<see cref="JsonKeyCatalog"/>).</param>
    public static string For(LakeTable table, TypedTextReads? typedReads = null, IReadOnlyDictionary<string, JsonFileKeys>? jsonKeys = null)
    {
        var typedTable = typedReads is not null && CanReadTyped(table);

        // Hidden columns differ by file, so each file is then a scan of its own.
        var groups = table.Files
            .GroupBy(f => table.HiddenColumns ? f.Path : string.Join('\u0001', f.PartitionValues), StringComparer.Ordinal)
            .SelectMany(g => typedTable
                ? g.GroupBy(f => typedReads!.IsTextOnly(f.Path)).Select(byMode => Scan(table, [.. byMode], typed: !byMode.Key))
                : table.Format == LakeFormat.Json ? JsonScans(table, [.. g], jsonKeys) : [Scan(table, [.. g], typed: false)])
            .ToList();
        return groups.Count == 0 ? Empty(table) : string.Join("\nUNION ALL\n", groups);
    }

    /// <summary>Whether <paramref name="table"/>'s files may be read typed: unescaped LazySimpleSerDe text of scalar columns.</summary>
    public static bool CanReadTyped(LakeTable table) =>
        table.Format == LakeFormat.DelimitedText && string.IsNullOrEmpty(table.Escape) &&
        table.Columns.All(c => HiveTypes.ToDuckDb(c.Type) is var t && (TypedReadable.Contains(t) || t.StartsWith("DECIMAL(", StringComparison.Ordinal)));

    /// <summary>
    /// One native scan per set of key spellings the files use (and of columns whose nested keys
    /// need matching ignoring case, <see cref="JsonMembers"/>); files mixing spellings are read row by row.
    /// </summary>
    private static IEnumerable<string> JsonScans(LakeTable table, IReadOnlyList<LakeFile> files, IReadOnlyDictionary<string, JsonFileKeys>? jsonKeys)
    {
        // Columns whose struct members may need matching ignoring case: decided per table, then per file by its keys.
        var structs = table.Columns.Select(c => table.JsonCaseInsensitive && JsonMembers.HasStruct(HiveType.Parse(c.Type))).ToArray();
        return files
            .Select(f =>
            {
                var keys = jsonKeys?.GetValueOrDefault(f.Path);
                var spellings = JsonKeys.Spellings(table, keys?.Names);
                return (File: f, Spellings: spellings, Members: spellings is null ? null : MatchesMembers(table, structs, keys));
            })
            .GroupBy(f => f.Spellings is { } s ? string.Join('\u0001', s) + "\u0002" + string.Concat(f.Members!.Select(m => m ? '1' : '0')) : null)
            .Select(g => Scan(table, [.. g.Select(f => f.File)], typed: false, g.First().Spellings ?? [], g.First().Members));
    }

    /// <summary>
    /// Per column: read it as JSON and match its struct members ignoring case, because the file
    /// holds nested keys that are not lower case (or the column's own member names are not).
    /// </summary>
    private static bool[] MatchesMembers(LakeTable table, bool[] structs, JsonFileKeys? keys) =>
        [.. table.Columns.Select((c, i) => structs[i] && (keys is null || keys.MixedCaseMembers || c.Type.Any(char.IsUpper)))];

    /// <param name="jsonSpellings">For a JSON table, the key each column reads; empty to read the files row by row.</param>
    /// <param name="jsonMembers">For a JSON table read natively, the columns read as JSON to match struct members ignoring case.</param>
    private static string Scan(LakeTable table, IReadOnlyList<LakeFile> files, bool typed, string[]? jsonSpellings = null, bool[]? jsonMembers = null)
    {
        var select = new StringBuilder("SELECT ");
        var list = "[" + string.Join(", ", files.Select(f => SqlText.Literal(f.Path))) + "]";
        var columns = new List<string>();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var (name, type) = table.Columns[i];
            var source = table.Format switch
            {
                LakeFormat.DelimitedText or LakeFormat.OpenCsv => "c" + i.ToString(CultureInfo.InvariantCulture),
                LakeFormat.Json when jsonSpellings is { Length: > 0 } && jsonMembers is not null && jsonMembers[i] => JsonMembers.Convert(SqlText.Identifier(jsonSpellings[i]), HiveType.Parse(type)),
                LakeFormat.Json when jsonSpellings is { Length: > 0 } && Base64Binary(table, type) => $"from_base64({SqlText.Identifier(jsonSpellings[i])})",
                LakeFormat.Json when jsonSpellings is { Length: > 0 } => SqlText.Identifier(jsonSpellings[i]),
                LakeFormat.Json => JsonKeys.RowByRowColumn(table, name, type),
                LakeFormat.RegexText => RegexColumn(table, i),
                _ => SqlText.Identifier(name),
            };
            var text = table.Format is LakeFormat.DelimitedText or LakeFormat.OpenCsv or LakeFormat.RegexText;
            var value = text && HiveTextScalars.Applies(type) ? HiveTextScalars.Read(source, type)
                : typed ? source
                : table.Format == LakeFormat.DelimitedText && HiveType.Parse(type) is { Children.Count: > 0 } nested
                    ? HiveNestedText.Parse(source, nested, HiveNestedText.Separators(table.CollectionDelimiter, table.MapKeyDelimiter), table.NullFormat)
                    : $"TRY_CAST({source} AS {HiveTypes.ToDuckDb(type)})";
            columns.Add($"{value} AS {SqlText.Identifier(name)}");
        }

        var values = files[0].PartitionValues;
        for (var i = 0; i < table.PartitionKeys.Count; i++)
        {
            var (name, type) = table.PartitionKeys[i];
            var value = i < values.Count && values[i] != HiveDefaultPartition ? SqlText.Literal(values[i]) : "NULL";
            columns.Add($"TRY_CAST({value} AS {HiveTypes.ToDuckDb(type)}) AS {SqlText.Identifier(name)}");
        }

        if (table.HiddenColumns) columns.AddRange(Trino.HiddenColumns.Values(files[0]));
        select.AppendJoin(", ", columns).Append(" FROM ").Append(Reader(table, list, typed, jsonSpellings, jsonMembers));
        return select.ToString();
    }

    private static string Reader(LakeTable table, string files, bool typed, string[]? jsonSpellings, bool[]? jsonMembers)
    {
        switch (table.Format)
        {
            case LakeFormat.Parquet:
                return $"read_parquet({files}, union_by_name = true)";
            case LakeFormat.Json when jsonSpellings is { Length: 0 }:
                return JsonKeys.RowByRowReader(table, files);
            case LakeFormat.RegexText:
                return $"(SELECT {RegexGroupsFunction}(line, {SqlText.Literal(table.LineRegex!)}) AS g FROM {LineReader(table, files)})";
            case LakeFormat.Json:
                var spellings = jsonSpellings ?? [.. table.Columns.Select(c => c.Name)];
                var types = string.Join(", ", table.Columns.Select((c, i) =>
                    $"{SqlText.Literal(spellings[i])}: {SqlText.Literal(jsonMembers is not null && jsonMembers[i] ? "JSON" : Base64Binary(table, c.Type) ? "VARCHAR" : HiveTypes.ToDuckDb(c.Type))}"));
                return $"read_json({files}, format = 'newline_delimited', columns = {{{types}}}, ignore_errors = {(table.IgnoreMalformedJson ? "true" : "false")})";
            default:
                // Integers and booleans are read as text even in a typed read: Hive's reading of them is not DuckDB's (HiveTextScalars).
                var fields = string.Join(", ", table.Columns.Select((c, i) => $"'c{i}': '{(typed && !HiveTextScalars.Applies(c.Type) ? HiveTypes.ToDuckDb(c.Type) : "VARCHAR")}'"));
                var quote = table.Format == LakeFormat.OpenCsv ? table.Quote ?? "\"" : "";
                var escape = table.Format == LakeFormat.OpenCsv ? table.Escape ?? "\\" : table.Escape ?? "";
                return $"read_csv({files}, delim = {SqlText.Literal(table.Delimiter)}, quote = {SqlText.Literal(quote)}, escape = {SqlText.Literal(escape)}, " +
                    $"header = false, skip = {table.SkipHeaderLines}, columns = {{{fields}}}, auto_detect = false, null_padding = true, " +
                    $"strict_mode = false, nullstr = {SqlText.Literal(table.NullFormat)})";
        }
    }

    /// <summary>A binary column whose JSON text is base64, read as text and decoded.</summary>
    private static bool Base64Binary(LakeTable table, string type) => table.BinaryAsBase64 && HiveType.Parse(type).Name == "binary";

    /// <summary>Each line of the files whole, as TextInputFormat splits them (on \n or \r\n); an empty line is NULL.</summary>
    private static string LineReader(LakeTable table, string files) =>
        $"read_csv({files}, columns = {{'line': 'VARCHAR'}}, delim = chr(0), quote = '', escape = '', header = false, skip = {table.SkipHeaderLines}, " +
        "new_line = '\\r\\n', auto_detect = false, null_padding = true, strict_mode = false)";

    /// <summary>A regex column: its group's text, or the first of its groups that matched.</summary>
    private static string RegexColumn(LakeTable table, int column)
    {
        var groups = column < table.ColumnGroups.Count ? table.ColumnGroups[column] : [];
        var values = groups.Select(g => $"g[{g.ToString(CultureInfo.InvariantCulture)}]").ToList();
        return values.Count switch
        {
            0 => "NULL",
            1 => values[0],
            _ => $"coalesce({string.Join(", ", values)})",
        };
    }

    /// <summary>A table with no objects is an empty relation of the right shape (read_csv refuses an empty file list).</summary>
    private static string Empty(LakeTable table)
    {
        var columns = table.Columns.Concat(table.PartitionKeys)
            .Select(c => $"CAST(NULL AS {HiveTypes.ToDuckDb(c.Type)}) AS {SqlText.Identifier(c.Name)}")
            .Concat(table.HiddenColumns ? Trino.HiddenColumns.Nulls() : []);
        return "SELECT " + string.Join(", ", columns) + " WHERE false";
    }
}
