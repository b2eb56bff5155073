using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Basin.Services.Firehose.Processing.Jq;

/// <summary>The JQ built-ins Basin runs, with their arities; anything else is refused when the query is parsed.</summary>
public static class JqFunctions
{
    private static readonly Dictionary<string, int[]> Arities = new(StringComparer.Ordinal)
    {
        ["tostring"] = [0],
        ["tonumber"] = [0],
        ["ascii_downcase"] = [0],
        ["ascii_upcase"] = [0],
        ["length"] = [0],
        ["floor"] = [0],
        ["ceil"] = [0],
        ["round"] = [0],
        ["not"] = [0],
        ["type"] = [0],
        ["keys"] = [0],
        ["tojson"] = [0],
        ["fromjson"] = [0],
        ["ltrimstr"] = [1],
        ["rtrimstr"] = [1],
        ["startswith"] = [1],
        ["endswith"] = [1],
        ["split"] = [1],
        ["join"] = [1],
        ["test"] = [1, 2],
        ["sub"] = [2, 3],
        ["gsub"] = [2, 3],
        ["strftime"] = [1],
        ["strptime"] = [1],
        ["mktime"] = [0],
        ["gmtime"] = [0],
        ["todate"] = [0],
        ["fromdate"] = [0],
        ["todateiso8601"] = [0],
        ["fromdateiso8601"] = [0],
        ["now"] = [0],
        ["empty"] = [],
        ["error"] = [],
    };

    /// <summary>Checks a call when the query is parsed.</summary>
    public static void Validate(string name, int arguments)
    {
        if (!Arities.TryGetValue(name, out var arities) || arities.Length == 0)
            throw new JqException($"{name}/{arguments} is not a JQ function Basin supports");
        if (!arities.Contains(arguments)) throw new JqException($"{name}/{arguments} is not defined");
    }

    public static JsonNode? Call(string name, JsonNode? input, IReadOnlyList<JsonNode?> args) => name switch
    {
        "tostring" => JsonValue.Create(JqValues.Text(input)),
        "tonumber" => JqValues.TryNumber(input, out var n) ? input!.DeepClone()
            : double.TryParse(JqValues.String(input, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? JqValues.NumberNode(parsed)
            : throw new JqException($"Cannot parse '{JqValues.Text(input)}' as JSON"),
        "ascii_downcase" => JsonValue.Create(JqValues.String(input, name).ToLowerInvariant()),
        "ascii_upcase" => JsonValue.Create(JqValues.String(input, name).ToUpperInvariant()),
        "length" => input switch
        {
            null => JsonValue.Create(0),
            JsonArray a => JsonValue.Create(a.Count),
            JsonObject o => JsonValue.Create(o.Count),
            _ when JqValues.TryString(input, out var s) => JsonValue.Create(s.Length),
            _ => JqValues.NumberNode(Math.Abs(JqValues.Number(input))),
        },
        "floor" => JqValues.NumberNode(Math.Floor(JqValues.Number(input))),
        "ceil" => JqValues.NumberNode(Math.Ceiling(JqValues.Number(input))),
        "round" => JqValues.NumberNode(Math.Round(JqValues.Number(input), MidpointRounding.AwayFromZero)),
        "not" => JsonValue.Create(JqValues.IsFalse(input)),
        "type" => JsonValue.Create(JqValues.TypeName(input)),
        "keys" => input is JsonObject o ? new JsonArray([.. o.Select(p => p.Key).Order(StringComparer.Ordinal).Select(k => (JsonNode?)JsonValue.Create(k))])
            : throw new JqException($"{JqValues.TypeName(input)} has no keys"),
        "tojson" => JsonValue.Create(input?.ToJsonString() ?? "null"),
        "fromjson" => JsonNode.Parse(JqValues.String(input, name)),
        "ltrimstr" => JqValues.TryString(input, out var l) && JqValues.TryString(args[0], out var lp) && l.StartsWith(lp, StringComparison.Ordinal) ? JsonValue.Create(l[lp.Length..]) : input?.DeepClone(),
        "rtrimstr" => JqValues.TryString(input, out var r) && JqValues.TryString(args[0], out var rp) && r.EndsWith(rp, StringComparison.Ordinal) && rp.Length > 0 ? JsonValue.Create(r[..^rp.Length]) : input?.DeepClone(),
        "startswith" => JsonValue.Create(JqValues.String(input, name).StartsWith(JqValues.String(args[0], name), StringComparison.Ordinal)),
        "endswith" => JsonValue.Create(JqValues.String(input, name).EndsWith(JqValues.String(args[0], name), StringComparison.Ordinal)),
        "split" => new JsonArray([.. JqValues.String(input, name).Split(JqValues.String(args[0], name)).Select(s => (JsonNode?)JsonValue.Create(s))]),
        "join" => input is JsonArray items ? JsonValue.Create(string.Join(JqValues.String(args[0], name), items.Select(i => i is null ? "" : JqValues.Text(i))))
            : throw new JqException($"Cannot iterate over {JqValues.TypeName(input)}"),
        "test" => JsonValue.Create(Pattern(args).IsMatch(JqValues.String(input, name))),
        "sub" => JsonValue.Create(Pattern(args, 2).Replace(JqValues.String(input, name), JqValues.String(args[1], name), 1)),
        "gsub" => JsonValue.Create(Pattern(args, 2).Replace(JqValues.String(input, name), JqValues.String(args[1], name))),
        "strftime" => JsonValue.Create(StrTime.Format(StrTime.Seconds(input), JqValues.String(args[0], name))),
        "strptime" => StrTime.BrokenDown(StrTime.Parse(JqValues.String(input, name), JqValues.String(args[0], name))),
        "mktime" => JqValues.NumberNode(Math.Floor(StrTime.Seconds(input))),
        "gmtime" => StrTime.BrokenDown(DateTimeOffset.UnixEpoch.AddSeconds(JqValues.Number(input))),
        "todate" or "todateiso8601" => JsonValue.Create(StrTime.Format(StrTime.Seconds(input), "%Y-%m-%dT%H:%M:%SZ")),
        "fromdate" or "fromdateiso8601" => JqValues.NumberNode(StrTime.Parse(JqValues.String(input, name), "%Y-%m-%dT%H:%M:%SZ").ToUnixTimeSeconds()),
        _ => throw new JqException($"{name}/{args.Count} is not defined"),
    };

    private static Regex Pattern(IReadOnlyList<JsonNode?> args, int flagsAt = 1)
    {
        var options = RegexOptions.CultureInvariant;
        if (args.Count > flagsAt && JqValues.TryString(args[flagsAt], out var flags))
        {
            if (flags.Contains('i', StringComparison.Ordinal)) options |= RegexOptions.IgnoreCase;
            if (flags.Contains('x', StringComparison.Ordinal)) options |= RegexOptions.IgnorePatternWhitespace;
        }

        return new Regex(JqValues.String(args[0], "regex"), options, TimeSpan.FromSeconds(1));
    }
}
