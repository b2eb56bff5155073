using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Basin.Services.Glue;

/// <summary>
/// The predicate language of GetPartitions' Expression ("SQL syntax similar to the SQL WHERE
/// filter clause", Glue API reference): comparisons (=, !=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=),
/// BETWEEN .. AND .., [NOT] IN (..), [NOT] LIKE (% and _), AND, OR, NOT and parentheses over
/// partition keys and literals. Values compare by the key's declared type: integer types
/// numerically, date and timestamp as dates, everything else as strings.
/// </summary>
public sealed class PartitionExpression
{
    private readonly Func<IReadOnlyDictionary<string, string>, bool> _predicate;

    private PartitionExpression(Func<IReadOnlyDictionary<string, string>, bool> predicate) => _predicate = predicate;

    /// <summary>Parses an expression against the table's partition keys (name → Hive type); InvalidInputException if it is not valid.</summary>
    public static PartitionExpression Parse(string? expression, IReadOnlyDictionary<string, string> keyTypes)
    {
        if (string.IsNullOrWhiteSpace(expression)) return new PartitionExpression(_ => true);
        var parser = new Parser(Tokenize(expression), keyTypes);
        var predicate = parser.Or();
        if (!parser.AtEnd) throw Invalid(expression, $"unexpected '{parser.Peek}'");
        return new PartitionExpression(predicate);
    }

    public bool Matches(IReadOnlyDictionary<string, string> values) => _predicate(values);

    private static Aws.Protocol.AwsServiceException Invalid(string expression, string why) =>
        GlueErrors.InvalidInput($"Unsupported expression '{expression}': {why}.");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                // String literal: '' inside is a quote. Kept with its quotes to tell it from a name.
                var sb = new StringBuilder("'");
                for (i++; ; i++)
                {
                    if (i >= text.Length) throw Invalid(text, "unterminated string");
                    if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i++; continue; }
                    if (text[i] == '\'') { i++; break; }
                    sb.Append(text[i]);
                }

                tokens.Add(sb.ToString());
            }
            else if (c == '`' || c == '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0) throw Invalid(text, "unterminated quoted name");
                tokens.Add(text[(i + 1)..end]);
                i = end + 1;
            }
            else if ("(),".Contains(c))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if ("=<>!".Contains(c))
            {
                var op = i + 1 < text.Length && "=>".Contains(text[i + 1]) && c != '=' ? text.Substring(i, 2) : c.ToString();
                tokens.Add(op);
                i += op.Length;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && !"()=<>!,'".Contains(text[i])) i++;
                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens, IReadOnlyDictionary<string, string> keyTypes)
    {
        private int _at;

        public bool AtEnd => _at >= tokens.Count;

        public string Peek => AtEnd ? "end of expression" : tokens[_at];

        public Func<IReadOnlyDictionary<string, string>, bool> Or()
        {
            var left = And();
            while (Accept("OR"))
            {
                var (l, r) = (left, And());
                left = v => l(v) || r(v);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, string>, bool> And()
        {
            var left = Not();
            while (Accept("AND"))
            {
                var (l, r) = (left, Not());
                left = v => l(v) && r(v);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, string>, bool> Not()
        {
            if (Accept("NOT"))
            {
                var inner = Not();
                return v => !inner(v);
            }

            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            return Comparison();
        }

        private Func<IReadOnlyDictionary<string, string>, bool> Comparison()
        {
            var key = Next();
            var type = keyTypes.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase));
            if (type.Key is null) throw Invalid(string.Join(' ', tokens), $"'{key}' is not a partition key");
            var name = type.Key;
            var negate = Accept("NOT");
            if (Accept("BETWEEN"))
            {
                var low = Literal();
                Expect("AND");
                var high = Literal();
                return v => negate ^ (Compare(v[name], low, type.Value) >= 0 && Compare(v[name], high, type.Value) <= 0);
            }

            if (Accept("IN"))
            {
                Expect("(");
                var items = new List<string> { Literal() };
                while (Accept(",")) items.Add(Literal());
                Expect(")");
                return v => negate ^ items.Any(i => Compare(v[name], i, type.Value) == 0);
            }

            if (Accept("LIKE"))
            {
                var pattern = "^" + Regex.Escape(Literal()).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$";
                var like = new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                return v => negate ^ like.IsMatch(v[name]);
            }

            if (negate) throw Invalid(string.Join(' ', tokens), "NOT must be followed by BETWEEN, IN or LIKE here");
            var op = Next();
            var literal = Literal();
            return op switch
            {
                "=" => v => Compare(v[name], literal, type.Value) == 0,
                "!=" or "<>" => v => Compare(v[name], literal, type.Value) != 0,
                "<" => v => Compare(v[name], literal, type.Value) < 0,
                "<=" => v => Compare(v[name], literal, type.Value) <= 0,
                ">" => v => Compare(v[name], literal, type.Value) > 0,
                ">=" => v => Compare(v[name], literal, type.Value) >= 0,
                _ => throw Invalid(string.Join(' ', tokens), $"unknown operator '{op}'"),
            };
        }

        /// <summary>A literal: 'quoted' or a bare number.</summary>
        private string Literal()
        {
            var token = Next();
            return token.StartsWith('\'') ? token[1..] : token;
        }

        private static int Compare(string value, string literal, string type)
        {
            switch (type.ToLowerInvariant())
            {
                case "tinyint" or "smallint" or "int" or "integer" or "bigint":
                    if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) && long.TryParse(literal, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b)) return a.CompareTo(b);
                    break;
                case "date" or "timestamp":
                    if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var d1) && DateTime.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var d2)) return d1.CompareTo(d2);
                    break;
            }

            return string.CompareOrdinal(value, literal);
        }

        private bool Accept(string token)
        {
            if (AtEnd || !string.Equals(tokens[_at], token, StringComparison.OrdinalIgnoreCase)) return false;
            _at++;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token)) throw Invalid(string.Join(' ', tokens), $"expected '{token}' but found '{Peek}'");
        }

        private string Next() => AtEnd ? throw Invalid(string.Join(' ', tokens), "incomplete expression") : tokens[_at++];
    }
}
