using System.Globalization;

namespace Basin.Sql.Hive;

/// <summary>
/// LazySimpleSerDe's text form of arrays, maps and structs. Each nesting level has its own
/// separator: a column's array items or struct fields are split by the collection delimiter
/// (collection.delim, \002 by default), a map's entries too and each entry's key from its value by
/// the map-key delimiter (mapkey.delim, \003); deeper levels use \004, \005 and so on. An item
/// equal to the null format is NULL; an empty array or map is empty; a struct's missing trailing
/// fields are NULL; a map keeps the first of repeated keys and drops NULL ones; an item that does
/// not convert is NULL, as everywhere in Hive text.
/// </summary>
public static class HiveNestedText
{
    /// <summary>The separator of each nesting level: [1] collections, [2] map keys, then \004 and on.</summary>
    public static string[] Separators(string collection, string mapKey) =>
        ["", collection, mapKey, .. Enumerable.Range(4, 5).Select(c => ((char)c).ToString())];

    /// <summary>A DuckDB expression that reads <paramref name="source"/>, a VARCHAR of the column's text, as <paramref name="type"/>.</summary>
    public static string Parse(string source, HiveType type, IReadOnlyList<string> separators, string nullFormat, int level = 1)
    {
        if (level + 1 >= separators.Count) throw new SqlException("NOT_SUPPORTED", $"Nested types deeper than {separators.Count - 2} levels are not supported in text files");
        var items = $"(CASE WHEN {source} = '' THEN CAST([] AS VARCHAR[]) ELSE string_split({source}, {SqlText.Literal(separators[level])}) END)";
        var x = "x" + level.ToString(CultureInfo.InvariantCulture);
        switch (type.Name)
        {
            case "array":
                return $"(CASE WHEN {source} IS NULL THEN NULL ELSE list_transform({items}, {x} -> {Parse(x, type.Children[0].Type, separators, nullFormat, level + 1)}) END)";
            case "map":
                {
                    var separator = SqlText.Literal(separators[level + 1]);
                    var key = $"(CASE WHEN strpos({x}, {separator}) = 0 THEN {x} ELSE {x}[1:strpos({x}, {separator}) - 1] END)";
                    var value = $"(CASE WHEN strpos({x}, {separator}) = 0 THEN NULL ELSE {x}[strpos({x}, {separator}) + {separators[level + 1].Length.ToString(CultureInfo.InvariantCulture)}:] END)";
                    var entries = $"list_transform({items}, {x} -> {{'key': {Parse(key, type.Children[0].Type, separators, nullFormat, level + 2)}, 'value': {Parse(value, type.Children[1].Type, separators, nullFormat, level + 2)}}})";
                    var e = "e" + level.ToString(CultureInfo.InvariantCulture);
                    var i = "i" + level.ToString(CultureInfo.InvariantCulture);
                    var k = "k" + level.ToString(CultureInfo.InvariantCulture);
                    var kept = $"list_filter({entries}, ({e}, {i}) -> {e}.key IS NOT NULL AND list_position(list_transform({entries}, {k} -> {k}.key), {e}.key) = {i})";
                    return $"(CASE WHEN {source} IS NULL THEN NULL ELSE map_from_entries(CAST({kept} AS STRUCT(key {HiveTypes.ToDuckDb(type.Children[0].Type)}, value {HiveTypes.ToDuckDb(type.Children[1].Type)})[])) END)";
                }

            case "struct":
                {
                    var fields = type.Children.Select((f, n) => $"{SqlText.Literal(f.Field)}: {Parse($"{x}[{(n + 1).ToString(CultureInfo.InvariantCulture)}]", f.Type, separators, nullFormat, level + 1)}");
                    return $"(CASE WHEN {source} IS NULL THEN NULL ELSE list_transform([string_split({source}, {SqlText.Literal(separators[level])})], {x} -> {{{string.Join(", ", fields)}}})[1] END)";
                }

            default:
                var item = $"NULLIF({source}, {SqlText.Literal(nullFormat)})";
                return HiveTextScalars.Applies(type.Name) ? HiveTextScalars.Read(item, type.Name) : $"TRY_CAST({item} AS {HiveTypes.ToDuckDb(type)})";
        }
    }

    /// <summary>A DuckDB expression that writes <paramref name="value"/>, of <paramref name="type"/>, in the text form <see cref="Parse"/> reads.</summary>
    public static string Render(string value, HiveType type, IReadOnlyList<string> separators, string nullFormat, int level = 1)
    {
        if (level + 1 >= separators.Count) throw new SqlException("NOT_SUPPORTED", $"Nested types deeper than {separators.Count - 2} levels are not supported in text files");
        var x = "x" + level.ToString(CultureInfo.InvariantCulture);
        string Item(string item, HiveType itemType, int itemLevel) => $"coalesce({Render(item, itemType, separators, nullFormat, itemLevel)}, {SqlText.Literal(nullFormat)})";
        var separator = SqlText.Literal(separators[level]);
        var text = type.Name switch
        {
            "array" => $"array_to_string(list_transform({value}, {x} -> {Item(x, type.Children[0].Type, level + 1)}), {separator})",
            "map" => $"array_to_string(list_transform(map_entries({value}), {x} -> {Item($"{x}.key", type.Children[0].Type, level + 2)} || {SqlText.Literal(separators[level + 1])} || {Item($"{x}.value", type.Children[1].Type, level + 2)}), {separator})",
            "struct" => $"concat_ws({separator}, {string.Join(", ", type.Children.Select(f => Item($"struct_extract({value}, {SqlText.Literal(f.Field)})", f.Type, level + 1)))})",
            _ => null,
        };
        return text is null ? $"CAST({value} AS VARCHAR)" : $"(CASE WHEN {value} IS NULL THEN NULL ELSE {text} END)";
    }
}
