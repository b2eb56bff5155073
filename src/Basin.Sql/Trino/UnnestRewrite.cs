using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// The UNNEST forms DuckDB's unnest table function does not take: several arrays zipped side by
/// side (the shorter padded with NULLs), an array of rows spread into one column per field, and a
/// map spread into key and value columns. Each becomes a subquery that unnests in its select
/// list, which DuckDB runs laterally against the tables before it.
/// </summary>
internal static class UnnestRewrite
{
    private const string Row = "__basin_row";
    private const string Ordinal = "__basin_n";

    /// <summary>Whether the table function needs the subquery form: more than one argument, or more column names than it yields.</summary>
    public static bool Applies(JsonObject tableFunction)
    {
        var args = Children(tableFunction["function"]!.AsObject()).Count;
        var columns = tableFunction["column_name_alias"]?.AsArray().Count ?? 0;
        var ordinality = Text(tableFunction, "with_ordinality") == "WITH_ORDINALITY" ? 1 : 0;
        return args > 1 || (args == 1 && columns - ordinality > 1);
    }

    /// <summary>
    /// The subquery standing for <paramref name="tableFunction"/>; <paramref name="isMap"/> tells
    /// whether a lone argument is a map (DuckDB binds map and list functions apart, so the choice is made here).
    /// </summary>
    public static JsonObject Rewrite(JsonObject tableFunction, Func<string, JsonObject> parse, Func<JsonNode, bool> isMap)
    {
        var args = Children(tableFunction["function"]!.AsObject());
        var ordinality = Text(tableFunction, "with_ordinality") == "WITH_ORDINALITY";
        string template;
        if (args.Count == 1)
        {
            var source = isMap(args[0]!) ? "map_entries(__basin_arg0)" : "__basin_arg0";
            template = ordinality
                ? $"SELECT unnest({Row}), {Ordinal} FROM (SELECT unnest({source}) AS {Row}, generate_subscripts({source}, 1) AS {Ordinal})"
                : $"SELECT unnest({Row}) FROM (SELECT unnest({source}) AS {Row})";
        }
        else
        {
            var names = Enumerable.Range(0, args.Count).Select(i => "__basin_arg" + i).ToList();
            template = "SELECT " + string.Join(", ", names.Select(n => $"unnest({n})")) +
                       (ordinality ? $", unnest(generate_series(1, greatest({string.Join(", ", names.Select(n => $"len({n})"))})))" : "");
        }

        var body = parse(template)["statements"]!.AsArray()[0]!["node"]!.AsObject();
        body.Parent!.AsObject().Remove("node");
        PlaceArguments(body, args);
        return new JsonObject
        {
            ["type"] = "SUBQUERY",
            ["alias"] = Text(tableFunction, "alias"),
            ["sample"] = null,
            ["query_location"] = tableFunction["query_location"]?.DeepClone(),
            ["subquery"] = new JsonObject { ["node"] = body, ["named_param_map"] = new JsonArray() },
            ["column_name_alias"] = tableFunction["column_name_alias"]?.DeepClone() ?? new JsonArray(),
        };
    }

    private static void PlaceArguments(JsonNode node, JsonArray args)
    {
        switch (node)
        {
            case JsonObject obj when Class(obj) == "COLUMN_REF" && obj["column_names"] is JsonArray { Count: 1 } names &&
                                     names[0]!.GetValue<string>() is var name && name.StartsWith("__basin_arg", StringComparison.Ordinal):
                Replace(obj, args[int.Parse(name["__basin_arg".Length..], System.Globalization.CultureInfo.InvariantCulture)]!.DeepClone());
                break;
            case JsonObject obj:
                foreach (var property in obj.ToArray())
                    if (property.Value is { } child) PlaceArguments(child, args);
                break;
            case JsonArray array:
                foreach (var item in array.ToArray())
                    if (item is not null) PlaceArguments(item, args);
                break;
        }
    }
}
