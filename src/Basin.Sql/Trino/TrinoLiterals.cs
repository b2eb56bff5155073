using System.Globalization;
using System.Text.Json.Nodes;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// Literals whose type differs between Trino and DuckDB: "1e7" is a DOUBLE in Trino (DuckDB reads a
/// DECIMAL), and DECIMAL '12.50' takes its precision and scale from the text (DuckDB's default is (18,3)).
/// </summary>
internal static class TrinoLiterals
{
    public static void Rewrite(JsonObject node, string sql)
    {
        if (Class(node) == "CONSTANT" && node.Parent is not null && IsScientific(sql, Location(node)))
        {
            Replace(node, Cast(node.DeepClone(), "DOUBLE"));
            return;
        }

        if (Class(node) == "CAST" && node["cast_type"]?["id"]?.GetValue<string>() == "DECIMAL" && Location(node) < 0 &&
            StringValue(node["child"]) is { } text && decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            var digits = text.Trim().TrimStart('-', '+');
            var point = digits.IndexOf('.', StringComparison.Ordinal);
            var scale = point < 0 ? 0 : digits.Length - point - 1;
            var precision = Math.Max(1, digits.Replace(".", "", StringComparison.Ordinal).TrimStart('0').Length);
            node["cast_type"] = new JsonObject
            {
                ["id"] = "DECIMAL",
                ["type_info"] = new JsonObject { ["type"] = "DECIMAL_TYPE_INFO", ["alias"] = "", ["extension_info"] = null, ["width"] = Math.Max(precision, scale), ["scale"] = scale },
            };
        }
    }

    /// <summary>Whether the number written at <paramref name="offset"/> has an exponent.</summary>
    private static bool IsScientific(string sql, int offset)
    {
        if (offset < 0 || offset >= sql.Length || !(char.IsDigit(sql[offset]) || sql[offset] == '.')) return false;
        var end = offset;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '.' || ((sql[end] is '+' or '-') && sql[end - 1] is 'e' or 'E'))) end++;
        return sql.AsSpan(offset, end - offset).ContainsAny('e', 'E');
    }
}
