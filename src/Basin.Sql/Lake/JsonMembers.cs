using System.Globalization;
using System.Text.Json;
using Basin.Sql.Hive;

namespace Basin.Sql.Lake;

/// <summary>
/// Converts a JSON value to a column's type matching struct members to object keys ignoring
/// case, as Athena's JSON SerDes do at every depth (a crawled <c>struct&lt;userid:int&gt;</c> reads
/// <c>{"userId": 7}</c>). DuckDB's reader matches member names exactly, so a column whose values
/// hold keys that are not lower case is read as JSON and rebuilt here: each struct from its
/// members looked up by lower-cased key, each array element by element, anything else as the
/// native reader converts it. Every nested value is bound once through a one-element lambda.
/// </summary>
public static class JsonMembers
{
    /// <summary>Whether <paramref name="type"/> has a struct anywhere in it (only those have members to match).</summary>
    public static bool HasStruct(HiveType type) => type.Name == "struct" || type.Children.Any(c => HasStruct(c.Type));

    /// <summary>SQL converting the JSON value <paramref name="valueSql"/> to <paramref name="type"/>, struct members matched ignoring case.</summary>
    public static string Convert(string valueSql, HiveType type) => Convert(valueSql, type, 0);

    /// <summary>SQL converting a JSON value as DuckDB's reader does (json_transform to the DuckDB type).</summary>
    public static string Transform(string valueSql, HiveType type) =>
        $"json_transform({valueSql}, {SqlText.Literal(JsonSerializer.Serialize(HiveTypes.ToDuckDb(type)))})";

    private static string Convert(string valueSql, HiveType type, int depth)
    {
        if (!HasStruct(type)) return Transform(valueSql, type);
        var v = "v" + depth.ToString(CultureInfo.InvariantCulture);
        var body = type.Name switch
        {
            "struct" => $"CASE WHEN json_type({v}) = 'OBJECT' THEN struct_pack(" +
                string.Join(", ", type.Children.Select(c => $"{SqlText.Identifier(c.Field)} := {Convert(Member(v, c.Field, depth), c.Type, depth + 1)}")) + ") END",
            "array" => $"CASE WHEN json_type({v}) = 'ARRAY' THEN list_transform(CAST(json_extract({v}, '$[*]') AS JSON[]), " +
                $"e{depth} -> {Convert("e" + depth.ToString(CultureInfo.InvariantCulture), type.Children[0].Type, depth + 1)}) END",
            _ => null, // a map: its keys are data, matched exactly
        };
        return body is null ? Transform(valueSql, type) : $"list_transform([{valueSql}], {v} -> {body})[1]";
    }

    /// <summary>The member of object <paramref name="objectSql"/> whose key is <paramref name="field"/> ignoring case (the first such key).</summary>
    private static string Member(string objectSql, string field, int depth)
    {
        var k = "k" + depth.ToString(CultureInfo.InvariantCulture);
        var name = SqlText.Literal(field.ToLowerInvariant());
        return $"json_extract({objectSql}, {JsonKeys.PathSql($"coalesce(list_filter(json_keys({objectSql}), {k} -> lower({k}) = {name})[1], {name})")})";
    }
}
