using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Basin.Sql.Trino.SyntaxNodes;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino functions whose DuckDB counterpart has another name, other arguments or other semantics,
/// rewritten in the syntax tree. Functions with the same name and meaning in both (substr, lower,
/// date_trunc, date_diff, regexp_extract, coalesce, ...) pass through untouched.
/// </summary>
internal static partial class TrinoFunctions
{
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["transform"] = "list_transform",
        ["filter"] = "list_filter",
        ["cardinality"] = "trino_cardinality",
        ["array_join"] = "trino_array_join",
        ["split_part"] = "trino_split_part",
        ["date_trunc"] = "trino_date_trunc",
        ["typeof"] = "trino_typeof",
        ["md5"] = "trino_md5",
        ["sha256"] = "trino_sha256",
        ["regexp_count"] = "trino_regexp_count",
        ["slice"] = "trino_slice",
        ["nan"] = "trino_nan",
        ["infinity"] = "trino_infinity",

        // Trino counts whole units between the two (Joda's semantics), as DuckDB's date_sub does; DuckDB's date_diff counts boundaries.
        ["date_diff"] = "date_sub",
        ["hamming_distance"] = "hamming",
        ["to_utf8"] = "encode",
        ["from_utf8"] = "decode",
        ["regexp_split"] = "regexp_split_to_array",
        ["arrays_overlap"] = "list_has_any",
        ["array_distinct"] = "trino_array_distinct",
        ["array_intersect"] = "trino_array_intersect",
        ["array_except"] = "trino_array_except",
        ["array_union"] = "trino_array_union",

        // Trino's format is Java's String.format, whose %s and %d printf shares; DuckDB's format takes {} placeholders.
        ["format"] = "printf",
        ["json_array_contains"] = "trino_json_array_contains",
        ["bitwise_xor"] = "xor",
        ["bit_count"] = "trino_bit_count",
        ["array_max"] = "list_max",
        ["array_min"] = "list_min",
        ["array_sort"] = "list_sort",
        ["contains"] = "list_contains",
        ["approx_distinct"] = "approx_count_distinct",
        ["approx_percentile"] = "approx_quantile",
        ["json_extract_scalar"] = "json_extract_string",
        ["json_parse"] = "json",
        ["regexp_like"] = "regexp_matches",
        ["day_of_week"] = "isodow",
        ["dow"] = "isodow",
        ["day_of_year"] = "dayofyear",
        ["doy"] = "dayofyear",
        ["day_of_month"] = "day",
        ["year_of_week"] = "isoyear",
        ["yow"] = "isoyear",
        ["week_of_year"] = "week",
        ["last_day_of_month"] = "last_day",
        ["to_unixtime"] = "epoch",
        ["from_unixtime"] = "to_timestamp",
        ["arbitrary"] = "any_value",
        ["every"] = "bool_and",
        ["split"] = "string_split",
        ["truncate"] = "trunc",
        ["rand"] = "random",
        ["is_nan"] = "isnan",
        ["is_finite"] = "isfinite",
        ["is_infinite"] = "isinf",
        ["codepoint"] = "unicode",
        ["levenshtein_distance"] = "levenshtein",
        ["to_hex"] = "hex",
        ["from_hex"] = "unhex",
        ["map_from_entries"] = "map_from_entries",
        ["width_bucket"] = "trino_width_bucket",
        ["url_extract_protocol"] = "trino_url_protocol",
        ["url_extract_host"] = "trino_url_host",
        ["url_extract_port"] = "trino_url_port",
        ["url_extract_path"] = "trino_url_path",
        ["url_extract_query"] = "trino_url_query",
        ["url_extract_fragment"] = "trino_url_fragment",
        ["url_extract_parameter"] = "trino_url_parameter",
        ["json_size"] = "trino_json_size",
        ["length"] = "trino_length",
        // element_at(map, key) is the value or NULL; DuckDB's element_at returns a list.
        ["element_at"] = "trino_element_at",
    };

    /// <summary>Rewrites one FUNCTION node in place (or replaces it in its parent).</summary>
    public static void Rewrite(JsonObject function)
    {
        var name = Text(function, "function_name");
        if (function["is_operator"]?.GetValue<bool>() == true)
        {
            RewriteOperator(function, name);
            return;
        }
        if (name.Equals("to_unixtime", StringComparison.OrdinalIgnoreCase)) TimeZones.UnixTimeOfInstant(function);
        if (Renamed.TryGetValue(name, out var duckName))
        {
            function["function_name"] = duckName;
            return;
        }

        var args = Children(function);
        switch (name.ToLowerInvariant())
        {
            // Trino's concat is NULL if any argument is; DuckDB's skips NULLs. The || operator agrees with Trino.
            case "concat" when args.Count >= 2:
                JsonNode chained = args[0]!.DeepClone();
                for (var i = 1; i < args.Count; i++) chained = Concatenation(chained, args[i]!.DeepClone());
                Replace(function, chained);
                break;

            // Trino replaces every match and writes back-references as $1; DuckDB needs 'g' and \1.
            case "regexp_replace" when args.Count is 2 or 3:
                if (args.Count == 2) args.Add(StringConstant(""));
                else if (StringValue(args[2]) is { } replacement) args[2] = StringConstant(DollarGroup().Replace(replacement, @"\$1"));
                args.Add(StringConstant("g"));
                break;

            case "replace" when args.Count == 2:
                args.Add(StringConstant(""));
                break;

            case "date_parse" when args.Count == 2:
                function["function_name"] = "strptime";
                args[1] = StringConstant(DateFormats.ToDuckDb(RequireConstant(args[1], name)));
                break;

            case "date_format" when args.Count == 2:
                function["function_name"] = "strftime";
                args[1] = StringConstant(DateFormats.ToDuckDb(RequireConstant(args[1], name)));
                break;

            case "format_datetime" when args.Count == 2:
                function["function_name"] = "strftime";
                args[1] = StringConstant(DateFormats.FromJoda(RequireConstant(args[1], name)));
                break;

            case "parse_datetime" when args.Count == 2:
                Replace(function, Cast(Function("strptime", false, args[0]!.DeepClone(), StringConstant(DateFormats.FromJoda(RequireConstant(args[1], name)))), "TIMESTAMP WITH TIME ZONE"));
                break;

            case "zip_with" or "transform_values" or "transform_keys" or "map_filter" when LambdaFunctions.Rewrite(name, args) is { } rewritten:
                Replace(function, rewritten);
                break;

            // map_agg(k, v) and multimap_agg(k, v): the pairs are gathered as a list of entries (rows with a NULL key skipped), then made a map.
            case "map_agg" or "multimap_agg" when args.Count == 2:
                var entries = Function("list", false, Function("struct_pack", false, Aliased(args[0]!.DeepClone(), "key"), Aliased(args[1]!.DeepClone(), "value")));
                var keyPresent = Operator("OPERATOR_IS_NOT_NULL", args[0]!.DeepClone());
                entries["filter"] = function["filter"] is JsonObject filter ? And(filter.DeepClone(), keyPresent) : keyPresent;
                entries["order_bys"] = function["order_bys"]!.DeepClone();
                Replace(function, Function(name.Equals("map_agg", StringComparison.OrdinalIgnoreCase) ? "trino_map_agg" : "trino_multimap_agg", false, entries));
                break;

            case "timezone" when args.Count == 2:
                Replace(function, TimeZones.RewriteAtTimeZone(args));
                break;

            case "with_timezone" when args.Count == 2:
                Replace(function, TimeZones.RewriteWithTimeZone(args));
                break;

            case "from_iso8601_timestamp" when args.Count == 1:
                Replace(function, Cast(args[0]!.DeepClone(), "TIMESTAMP WITH TIME ZONE"));
                break;

            case "from_iso8601_date" when args.Count == 1:
                Replace(function, Cast(args[0]!.DeepClone(), "DATE"));
                break;

            // date_add('day', n, x) is x + n days in Trino, of x's type; DuckDB's date_add takes an interval.
            case "date_add" when args.Count == 3 && StringValue(args[0]) is { } unit:
                Replace(function, Function("trino_plus_interval", false, args[2]!.DeepClone(), Function(IntervalFunction(unit), false, args[1]!.DeepClone())));
                break;

            case "sequence" when args.Count is 2 or 3:
                function["function_name"] = args.Count == 2 ? "trino_sequence" : "trino_sequence_step";
                break;

            case "bitwise_and" or "bitwise_or" when args.Count == 2:
                Replace(function, Function(name.Equals("bitwise_and", StringComparison.OrdinalIgnoreCase) ? "&" : "|", true, args[0]!.DeepClone(), args[1]!.DeepClone()));
                break;


            case "any_match" or "all_match" or "none_match" when args.Count == 2:
                var combine = "trino_" + name.ToLowerInvariant()[..name.IndexOf('_', StringComparison.Ordinal)];
                Replace(function, Function(combine, false, Function("list_transform", false, args[0]!.DeepClone(), args[1]!.DeepClone())));
                break;

            case "json_format" when args.Count == 1:
                Replace(function, Cast(args[0]!.DeepClone(), "VARCHAR"));
                break;

            // reduce(array, initial, (s, x) -> ..., s -> s): DuckDB's list_reduce takes the initial value last and has no output step.
            case "reduce" when args.Count == 4:
                if (!IsIdentityLambda(args[3] as JsonObject))
                    throw new SqlException("NOT_SUPPORTED", "reduce with an output function other than s -> s is not supported");
                Replace(function, Function("list_reduce", false, args[0]!.DeepClone(), args[2]!.DeepClone(), args[1]!.DeepClone()));
                break;
        }
    }

    /// <summary>
    /// Operators whose DuckDB meaning differs: / and % by an integer zero fail in Trino, and a DATE
    /// plus or minus an interval of days, months or years stays a DATE.
    /// </summary>
    private static void RewriteOperator(JsonObject function, string name)
    {
        var args = Children(function);
        if (args.Count != 2) return;
        switch (name)
        {
            case "||":
                Replace(function, Concatenation(args[0]!.DeepClone(), args[1]!.DeepClone()));
                break;
            case "/" or "%":
                Replace(function, Function(name == "/" ? "trino_divide" : "trino_modulus", false, args[0]!.DeepClone(), args[1]!.DeepClone()));
                break;
            case "+" when IsInterval(args[1]) && !IsInterval(args[0]):
                Replace(function, Function("trino_plus_interval", false, args[0]!.DeepClone(), args[1]!.DeepClone()));
                break;
            case "+" when IsInterval(args[0]) && !IsInterval(args[1]):
                Replace(function, Function("trino_plus_interval", false, args[1]!.DeepClone(), args[0]!.DeepClone()));
                break;
            case "-" when IsInterval(args[1]) && !IsInterval(args[0]):
                Replace(function, Function("trino_minus_interval", false, args[0]!.DeepClone(), args[1]!.DeepClone()));
                break;
        }
    }

    /// <summary>
    /// a || b: trino_concat appends or prepends an element to an array; with a string or NULL literal
    /// on either side it is DuckDB's own || (a NULL literal would otherwise bind as an array element).
    /// </summary>
    private static JsonObject Concatenation(JsonNode a, JsonNode b) =>
        IsStringOrNull(a) || IsStringOrNull(b) ? Function("||", true, a, b) : Function("trino_concat", false, a, b);

    private static bool IsStringOrNull(JsonNode node) =>
        StringValue(node) is not null || (node is JsonObject o && Class(o) == "CONSTANT" && o["value"]?["is_null"]?.GetValue<bool>() == true);

    /// <summary>x[k] fails past an array's end or for a key not in a map, where DuckDB answers NULL.</summary>
    public static void RewriteSubscript(JsonObject subscript) =>
        Replace(subscript, Function("trino_subscript", false, [.. Children(subscript).Select(c => c!.DeepClone())]));

    /// <summary>
    /// Inside try(), a failure is NULL, which is what DuckDB's own division and subscript give: the
    /// failing forms are undone there (DuckDB's TRY also refuses the error() they raise through).
    /// </summary>
    public static void RewriteTry(JsonObject tryOperator) => UseNullOnFailure(tryOperator["children"]);

    private static void UseNullOnFailure(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.ToArray()) UseNullOnFailure(item);
                break;
            case JsonObject obj:
                foreach (var property in obj.ToArray()) UseNullOnFailure(property.Value);
                if (Class(obj) != "FUNCTION") break;
                switch (Text(obj, "function_name"))
                {
                    case "trino_divide" or "trino_modulus":
                        obj["function_name"] = Text(obj, "function_name") == "trino_divide" ? "/" : "%";
                        obj["is_operator"] = true;
                        break;
                    case "trino_width_bucket":
                        obj["function_name"] = "trino_width_bucket_or_null";
                        break;
                    case "trino_subscript" or "trino_element_at" when obj.Parent is not null:
                        Replace(obj, Operator("ARRAY_EXTRACT", [.. Children(obj).Select(c => c!.DeepClone())]));
                        break;
                }

                break;
        }
    }

    private static JsonNode Aliased(JsonNode expression, string alias)
    {
        expression["alias"] = alias;
        return expression;
    }

    /// <summary>An INTERVAL literal as DuckDB's parser writes it (to_days(...), to_months(...)) or a cast to INTERVAL.</summary>
    private static bool IsInterval(JsonNode? node) => node is JsonObject o && (
        (Class(o) == "FUNCTION" && IntervalFunctions.Contains(Text(o, "function_name"))) ||
        (Class(o) == "CAST" && o["cast_type"]?["id"]?.GetValue<string>() == "INTERVAL"));

    private static readonly HashSet<string> IntervalFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "to_years", "to_quarters", "to_months", "to_weeks", "to_days", "to_hours", "to_minutes", "to_seconds", "to_milliseconds", "to_microseconds",
    };

    private static string RequireConstant(JsonNode? node, string function) =>
        StringValue(node) ?? throw new SqlException("NOT_SUPPORTED", $"{function} needs a constant format pattern");

    private static string IntervalFunction(string unit) => unit.ToLowerInvariant() switch
    {
        "millisecond" => "to_milliseconds",
        "second" => "to_seconds",
        "minute" => "to_minutes",
        "hour" => "to_hours",
        "day" => "to_days",
        "week" => "to_weeks",
        "month" => "to_months",
        "quarter" => "to_quarters",
        "year" => "to_years",
        _ => throw new SqlException("INVALID_FUNCTION_ARGUMENT", $"'{unit}' is not a valid Time field"),
    };

    private static bool IsIdentityLambda(JsonObject? lambda) =>
        lambda is not null && Class(lambda) == "LAMBDA" &&
        lambda["lhs"] is JsonObject lhs && lambda["expr"] is JsonObject expr &&
        Class(lhs) == "COLUMN_REF" && Class(expr) == "COLUMN_REF" &&
        lhs["column_names"]!.ToJsonString() == expr["column_names"]!.ToJsonString();

    [GeneratedRegex(@"\$(\d)")]
    private static partial Regex DollarGroup();
}
