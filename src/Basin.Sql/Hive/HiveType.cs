using System.Globalization;

namespace Basin.Sql.Hive;

/// <summary>
/// A Glue/Hive column type parsed into a tree ("array&lt;struct&lt;a:int,b:string&gt;&gt;"): Athena maps
/// it to DuckDB types, Firehose checks JSON values against it field by field. Names are
/// canonical lower case (integer is int, real is float, varchar/char are string, varbinary is
/// binary); decimal keeps its precision and scale; struct fields keep their spelling.
/// A type Athena does not know is NOT_SUPPORTED.
/// </summary>
public sealed record HiveType(string Name, IReadOnlyList<(string Field, HiveType Type)> Children, int Precision = 0, int Scale = 0)
{
    private static readonly Dictionary<string, string> Scalars = new(StringComparer.Ordinal)
    {
        ["string"] = "string",
        ["varchar"] = "string",
        ["char"] = "string",
        ["tinyint"] = "tinyint",
        ["smallint"] = "smallint",
        ["int"] = "int",
        ["integer"] = "int",
        ["bigint"] = "bigint",
        ["float"] = "float",
        ["real"] = "float",
        ["double"] = "double",
        ["boolean"] = "boolean",
        ["date"] = "date",
        ["timestamp"] = "timestamp",
        ["binary"] = "binary",
        ["varbinary"] = "binary",
    };

    public static HiveType Parse(string text)
    {
        var s = text.Trim();
        var position = 0;
        var type = Parse(s, ref position);
        if (position != s.Length) throw Unknown(text);
        return type;
    }

    private static HiveType Parse(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        var name = s[start..i].ToLowerInvariant();
        switch (name)
        {
            case "array":
                Expect(s, ref i, '<');
                var element = Parse(s, ref i);
                Expect(s, ref i, '>');
                return new HiveType(name, [("element", element)]);
            case "map":
                Expect(s, ref i, '<');
                var key = Parse(s, ref i);
                Expect(s, ref i, ',');
                var value = Parse(s, ref i);
                Expect(s, ref i, '>');
                return new HiveType(name, [("key", key), ("value", value)]);
            case "struct":
                Expect(s, ref i, '<');
                var fields = new List<(string, HiveType)>();
                while (true)
                {
                    SkipSpaces(s, ref i);
                    var fieldStart = i;
                    while (i < s.Length && s[i] != ':') i++;
                    var field = s[fieldStart..i].Trim().Trim('`');
                    Expect(s, ref i, ':');
                    fields.Add((field, Parse(s, ref i)));
                    SkipSpaces(s, ref i);
                    if (i < s.Length && s[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    Expect(s, ref i, '>');
                    return new HiveType(name, fields);
                }

            case "decimal":
                var parameters = Parameters(s, ref i);
                return parameters.Length == 0 ? new HiveType(name, [], 10, 0)
                    : new HiveType(name, [], Number(parameters[0], s), parameters.Length > 1 ? Number(parameters[1], s) : 0);
            default:
                if (!Scalars.TryGetValue(name, out var canonical)) throw Unknown(s);
                if (canonical == "string") Parameters(s, ref i);
                return new HiveType(canonical, []);
        }
    }

    private static string[] Parameters(string s, ref int i)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != '(') return [];
        var close = s.IndexOf(')', i);
        if (close < 0) throw Unknown(s);
        var parameters = s[(i + 1)..close].Split(',', StringSplitOptions.TrimEntries);
        i = close + 1;
        return parameters;
    }

    private static int Number(string text, string type) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Unknown(type);

    private static void Expect(string s, ref int i, char c)
    {
        SkipSpaces(s, ref i);
        if (i >= s.Length || s[i] != c) throw Unknown(s);
        i++;
        SkipSpaces(s, ref i);
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }

    private static SqlException Unknown(string type) => new("NOT_SUPPORTED", $"Unknown type: {type}");
}
