using System.Globalization;

namespace Basin.Services.Firehose.Conversion;

/// <summary>
/// A Glue/Hive column type as a tree ("array&lt;struct&lt;a:int,b:string&gt;&gt;"), so a JSON
/// value can be checked against it field by field. Names are lower case; decimal keeps its
/// precision and scale.
/// </summary>
public sealed record ColumnType(string Name, IReadOnlyList<(string Field, ColumnType Type)> Children, int Precision = 0, int Scale = 0)
{
    public static ColumnType Parse(string text)
    {
        var position = 0;
        var type = Parse(text.Trim(), ref position);
        if (position != text.Trim().Length) throw new FormatException($"Unexpected '{text.Trim()[position..]}' in column type '{text}'.");
        return type;
    }

    private static ColumnType Parse(string s, ref int i)
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
                return new ColumnType(name, [("element", element)]);
            case "map":
                Expect(s, ref i, '<');
                var key = Parse(s, ref i);
                Expect(s, ref i, ',');
                var value = Parse(s, ref i);
                Expect(s, ref i, '>');
                return new ColumnType(name, [("key", key), ("value", value)]);
            case "struct":
                Expect(s, ref i, '<');
                var fields = new List<(string, ColumnType)>();
                while (true)
                {
                    SkipSpace(s, ref i);
                    var fieldStart = i;
                    while (i < s.Length && s[i] != ':') i++;
                    var field = s[fieldStart..i].Trim().Trim('`').ToLowerInvariant();
                    Expect(s, ref i, ':');
                    fields.Add((field, Parse(s, ref i)));
                    SkipSpace(s, ref i);
                    if (i < s.Length && s[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    Expect(s, ref i, '>');
                    return new ColumnType(name, fields);
                }

            case "decimal":
                SkipSpace(s, ref i);
                if (i < s.Length && s[i] == '(')
                {
                    var close = s.IndexOf(')', i);
                    var args = s[(i + 1)..close].Split(',');
                    i = close + 1;
                    return new ColumnType(name, [], int.Parse(args[0], CultureInfo.InvariantCulture), args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0);
                }

                return new ColumnType(name, [], 10, 0);
            case "varchar" or "char":
                SkipSpace(s, ref i);
                if (i < s.Length && s[i] == '(') i = s.IndexOf(')', i) + 1;
                return new ColumnType("string", []);
            case "":
                throw new FormatException($"Missing type name in '{s}'.");
            default:
                return new ColumnType(name == "integer" ? "int" : name, []);
        }
    }

    private static void Expect(string s, ref int i, char c)
    {
        SkipSpace(s, ref i);
        if (i >= s.Length || s[i] != c) throw new FormatException($"Expected '{c}' at position {i} of column type '{s}'.");
        i++;
        SkipSpace(s, ref i);
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }
}
