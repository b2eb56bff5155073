using System.Text.Json.Nodes;

namespace Basin.Sql.Trino;

/// <summary>Builders and readers for DuckDB's JSON syntax-tree nodes (json_serialize_sql's format).</summary>
internal static class SyntaxNodes
{
    public static string? Class(JsonObject node) => AsString(node["class"]);

    /// <summary>A node's "type" tag; null where "type" is not a tag (a constant's value type is an object).</summary>
    public static string? Type(JsonObject node) => AsString(node["type"]);

    public static string Text(JsonObject node, string property) => AsString(node[property]) ?? "";

    private static string? AsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A node's byte offset in the parsed text; DuckDB writes (ulong)-1 when it has none.</summary>
    public static int Location(JsonObject node) =>
        node["query_location"] is JsonValue v && v.TryGetValue<ulong>(out var offset) && offset < int.MaxValue ? (int)offset : -1;

    public static JsonArray Children(JsonObject function) => function["children"]!.AsArray();

    public static JsonObject Function(string name, bool isOperator, params JsonNode[] children) => new()
    {
        ["class"] = "FUNCTION",
        ["type"] = "FUNCTION",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["function_name"] = name,
        ["schema"] = "",
        ["children"] = new JsonArray(children),
        ["filter"] = null,
        ["order_bys"] = new JsonObject { ["type"] = "ORDER_MODIFIER", ["orders"] = new JsonArray() },
        ["distinct"] = false,
        ["is_operator"] = isOperator,
        ["export_state"] = false,
        ["catalog"] = "",
    };

    /// <summary>A non-function operator node (ARRAY_EXTRACT, OPERATOR_IS_NOT_NULL, ...).</summary>
    public static JsonObject Operator(string type, params JsonNode[] children) => new()
    {
        ["class"] = "OPERATOR",
        ["type"] = type,
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["children"] = new JsonArray(children),
    };

    public static JsonObject And(JsonNode left, JsonNode right) => new()
    {
        ["class"] = "CONJUNCTION",
        ["type"] = "CONJUNCTION_AND",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["children"] = new JsonArray(left, right),
    };

    public static JsonObject ColumnRef(params string[] names) => new()
    {
        ["class"] = "COLUMN_REF",
        ["type"] = "COLUMN_REF",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["column_names"] = new JsonArray([.. names.Select(n => (JsonNode)n)]),
    };

    /// <summary>A one-parameter lambda, <paramref name="parameter"/> -> <paramref name="body"/>.</summary>
    public static JsonObject Lambda(string parameter, JsonNode body) => new()
    {
        ["class"] = "LAMBDA",
        ["type"] = "LAMBDA",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["lhs"] = ColumnRef(parameter),
        ["expr"] = body,
    };

    /// <summary>A lambda's parameter names: "x -> ..." has one, "(k, v) -> ..." a row of them.</summary>
    public static List<string> LambdaParameters(JsonObject lambda) => lambda["lhs"] switch
    {
        JsonObject { } lhs when Class(lhs) == "COLUMN_REF" => [ParameterName(lhs)],
        JsonObject { } lhs when Class(lhs) == "FUNCTION" => [.. Children(lhs).OfType<JsonObject>().Select(ParameterName)],
        _ => [],
    };

    private static string ParameterName(JsonObject columnRef) => columnRef["column_names"]!.AsArray()[^1]!.GetValue<string>();

    public static JsonObject StringConstant(string value) => Constant("VARCHAR", value);

    public static JsonObject IntegerConstant(int value) => Constant("INTEGER", value);

    public static JsonObject BooleanConstant(bool value) => Constant("BOOLEAN", value);

    private static JsonObject Constant(string typeId, JsonNode value) => new()
    {
        ["class"] = "CONSTANT",
        ["type"] = "VALUE_CONSTANT",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["value"] = new JsonObject { ["type"] = new JsonObject { ["id"] = typeId, ["type_info"] = null }, ["is_null"] = false, ["value"] = value },
    };

    public static JsonObject Cast(JsonNode child, string typeId) => new()
    {
        ["class"] = "CAST",
        ["type"] = "OPERATOR_CAST",
        ["alias"] = "",
        ["query_location"] = ulong.MaxValue,
        ["child"] = child,
        ["cast_type"] = new JsonObject { ["id"] = typeId, ["type_info"] = null },
        ["try_cast"] = false,
    };

    /// <summary>The value of a VARCHAR constant, or null when the node is anything else.</summary>
    public static string? StringValue(JsonNode? node) =>
        node is JsonObject o && Class(o) == "CONSTANT" && o["value"]?["type"]?["id"]?.GetValue<string>() == "VARCHAR" && o["value"]?["is_null"]?.GetValue<bool>() == false
            ? o["value"]!["value"]!.GetValue<string>()
            : null;

    /// <summary>
    /// Replaces <paramref name="node"/> in its parent (object property or array slot) with
    /// <paramref name="replacement"/>, which keeps the node's alias (a select item's name).
    /// </summary>
    public static void Replace(JsonNode node, JsonNode replacement)
    {
        if (node is JsonObject old && replacement is JsonObject now && Text(old, "alias").Length > 0 && Text(now, "alias").Length == 0)
            now["alias"] = Text(old, "alias");
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
            default:
                throw new InvalidOperationException("A syntax node without a parent cannot be replaced.");
        }
    }
}
