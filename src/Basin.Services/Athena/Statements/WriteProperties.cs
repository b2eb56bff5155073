using Basin.Sql;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// The WITH (name = value, ...) properties of CTAS and UNLOAD: string, number, boolean or
/// ARRAY['a', 'b'] values. A property the statement does not know is refused, as Trino refuses it.
/// </summary>
public sealed class WriteProperties
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public static WriteProperties Parse(TokenCursor c, IReadOnlySet<string> known, string what)
    {
        var properties = new WriteProperties();
        c.ExpectSymbol("(");
        do
        {
            var token = c.Peek() ?? throw c.Unexpected();
            var name = c.Identifier().ToLowerInvariant();
            if (!known.Contains(name))
                throw new SqlException("INVALID_TABLE_PROPERTY", $"{token.Position}: {what} property '{name}' does not exist");
            c.ExpectSymbol("=");
            properties._values[name] = Value(c);
        }
        while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return properties;
    }

    public string? Text(string name) => _values.TryGetValue(name, out var v) ? string.Join(",", v) : null;

    public IReadOnlyList<string> List(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public bool Has(string name) => _values.ContainsKey(name);

    private static List<string> Value(TokenCursor c)
    {
        if (!c.Accept("ARRAY")) return [Scalar(c)];
        var items = new List<string>();
        c.ExpectSymbol("[");
        if (!c.AcceptSymbol("]"))
        {
            do items.Add(Scalar(c));
            while (c.AcceptSymbol(","));
            c.ExpectSymbol("]");
        }

        return items;
    }

    private static string Scalar(TokenCursor c) => c.Peek() is { Kind: SqlTokenKind.String } ? c.StringLiteral() : c.Next().Text;
}
