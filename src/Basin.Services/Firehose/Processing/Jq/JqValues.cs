using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>JQ's value rules: type names, truthiness, arithmetic and ordering over JSON nodes.</summary>
public static class JqValues
{
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };

    public static bool IsFalse(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.False);

    public static bool TryNumber(JsonNode? node, out double number)
    {
        number = 0;

        // A number node may hold a long, an int or a JsonElement: its JSON text reads back the same.
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    public static double Number(JsonNode? node) =>
        TryNumber(node, out var n) ? n : throw new JqException($"{TypeName(node)} is not a number");

    public static bool TryString(JsonNode? node, out string text)
    {
        text = "";
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && (text = v.GetValue<string>()) is var _;
    }

    public static string String(JsonNode? node, string function) =>
        TryString(node, out var s) ? s : throw new JqException($"{function} input must be a string, not {TypeName(node)}");

    /// <summary>A number as JQ prints it: integers without a fraction.</summary>
    public static JsonNode NumberNode(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e17 ? JsonValue.Create((long)value) : JsonValue.Create(value);

    /// <summary>How <c>tostring</c> and string interpolation render a value: strings as is, the rest as JSON.</summary>
    public static string Text(JsonNode? node) => TryString(node, out var s) ? s : node is null ? "null"
        : TryNumber(node, out var n) ? n.ToString(CultureInfo.InvariantCulture) : node.ToJsonString();

    public static JsonNode? Arithmetic(char op, JsonNode? left, JsonNode? right)
    {
        if (op == '+')
        {
            if (left is null) return right?.DeepClone();
            if (right is null) return left.DeepClone();
        }

        if (TryNumber(left, out var a) && TryNumber(right, out var b))
        {
            return op switch
            {
                '+' => NumberNode(a + b),
                '-' => NumberNode(a - b),
                '*' => NumberNode(a * b),
                '/' => b == 0 ? throw new JqException("cannot be divided because the divisor is zero") : NumberNode(a / b),
                '%' => (long)b == 0 ? throw new JqException("cannot be divided because the divisor is zero") : NumberNode((long)a % (long)b),
                _ => throw new JqException($"Unknown operator {op}"),
            };
        }

        return (op, left, right) switch
        {
            ('+', _, _) when TryString(left, out var x) && TryString(right, out var y) => JsonValue.Create(x + y),
            ('+', JsonArray x, JsonArray y) => new JsonArray([.. x.Concat(y).Select(n => n?.DeepClone())]),
            ('+', JsonObject x, JsonObject y) => Merge(x, y),
            ('/', _, _) when TryString(left, out var x) && TryString(right, out var y) => new JsonArray([.. x.Split(y).Select(s => (JsonNode?)JsonValue.Create(s))]),
            _ => throw new JqException($"{TypeName(left)} and {TypeName(right)} cannot be combined with {op}"),
        };
    }

    public static bool Compare(string op, JsonNode? left, JsonNode? right)
    {
        var order = Order(left, right);
        return op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => throw new JqException($"Unknown operator {op}"),
        };
    }

    /// <summary>JQ's total order: null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays &lt; objects.</summary>
    private static int Order(JsonNode? left, JsonNode? right)
    {
        var (l, r) = (Rank(left), Rank(right));
        if (l != r) return l.CompareTo(r);
        if (TryNumber(left, out var a) && TryNumber(right, out var b)) return a.CompareTo(b);
        if (TryString(left, out var x) && TryString(right, out var y)) return string.CompareOrdinal(x, y);
        return string.CompareOrdinal(left?.ToJsonString(), right?.ToJsonString());
    }

    private static int Rank(JsonNode? node) => TypeName(node) switch
    {
        "null" => 0,
        "boolean" => IsFalse(node) ? 1 : 2,
        "number" => 3,
        "string" => 4,
        "array" => 5,
        _ => 6,
    };

    private static JsonObject Merge(JsonObject x, JsonObject y)
    {
        var result = (JsonObject)x.DeepClone();
        foreach (var (key, value) in y) result[key] = value?.DeepClone();
        return result;
    }
}
