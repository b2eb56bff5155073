using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino's higher-order functions over pairs (zip_with, transform_values, transform_keys,
/// map_filter), whose lambdas take two parameters where DuckDB's list functions pass one element:
/// each becomes a list function over zipped pairs or map entries, the lambda's body rewritten to
/// read its two parameters from that one element.
/// </summary>
internal static class LambdaFunctions
{
    private const string Element = "__basin_e";

    /// <summary>The replacement for a call, or null when <paramref name="name"/> is not one of these or is called another way.</summary>
    public static JsonObject? Rewrite(string name, JsonArray args)
    {
        if (args.Count is not (2 or 3) || args[^1] is not JsonObject lambda || Class(lambda) != "LAMBDA") return null;
        var parameters = LambdaParameters(lambda);
        if (parameters.Count != 2) return null;
        JsonNode Arg(int i) => args[i]!.DeepClone();

        switch (name.ToLowerInvariant())
        {
            // zip_with pads the shorter array with NULLs, as list_zip does.
            case "zip_with" when args.Count == 3:
                return Function("list_transform", false, Function("list_zip", false, Arg(0), Arg(1)),
                    Body(lambda, parameters, Function("struct_extract_at", false, ColumnRef(Element), IntegerConstant(1)),
                        Function("struct_extract_at", false, ColumnRef(Element), IntegerConstant(2))));

            case "transform_values" when args.Count == 2:
                return Function("map", false, Function("map_keys", false, Arg(0)),
                    Function("list_transform", false, Function("map_entries", false, Arg(0)), EntryBody(lambda, parameters)));

            // A key the lambda maps twice fails in both engines (DuckDB: "Map keys must be unique").
            case "transform_keys" when args.Count == 2:
                return Function("map", false, Function("list_transform", false, Function("map_entries", false, Arg(0)), EntryBody(lambda, parameters)),
                    Function("map_values", false, Arg(0)));

            case "map_filter" when args.Count == 2:
                return Function("map_from_entries", false,
                    Function("list_filter", false, Function("map_entries", false, Arg(0)), EntryBody(lambda, parameters)));

            default:
                return null;
        }
    }

    private static JsonObject EntryBody(JsonObject lambda, List<string> parameters) =>
        Body(lambda, parameters, ColumnRef(Element, "key"), ColumnRef(Element, "value"));

    /// <summary>A one-parameter lambda over the element whose body is the original's, its two parameters replaced.</summary>
    private static JsonObject Body(JsonObject lambda, List<string> parameters, JsonObject first, JsonObject second)
    {
        var body = lambda["expr"]!.DeepClone();
        var replacements = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase) { [parameters[0]] = first, [parameters[1]] = second };
        body = Substitute(body, replacements);
        return Lambda(Element, body);
    }

    /// <summary>
    /// Replaces references to the parameters (x, or x.field for a row) with their expressions,
    /// leaving alone nested lambdas that declare a parameter of the same name.
    /// </summary>
    private static JsonNode Substitute(JsonNode node, Dictionary<string, JsonObject> replacements)
    {
        switch (node)
        {
            case JsonObject obj when Class(obj) == "COLUMN_REF" && obj["column_names"] is JsonArray names &&
                                     replacements.TryGetValue(names[0]!.GetValue<string>(), out var replacement):
                JsonNode value = replacement.DeepClone();
                foreach (var field in names.Skip(1)) value = Function("struct_extract", false, value, StringConstant(field!.GetValue<string>()));
                return value;
            case JsonObject obj when Class(obj) == "LAMBDA" && LambdaParameters(obj).Any(replacements.ContainsKey):
                return obj;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is not { } child) continue;
                    obj[key] = null;
                    obj[key] = Substitute(child, replacements);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not { } item) continue;
                    array[i] = null;
                    array[i] = Substitute(item, replacements);
                }

                return array;
            default:
                return node;
        }
    }
}
