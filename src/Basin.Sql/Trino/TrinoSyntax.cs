using System.Text;
using Basin.Sql.Lexing;

namespace Basin.Sql.Trino;

/// <summary>
/// Trino syntax DuckDB's parser rejects, rewritten in the text before it parses: the type
/// <c>array(T)</c> (DuckDB writes <c>T[]</c>) and <c>VALUES 1, 2</c>, whose bare items are
/// one-column rows (DuckDB needs <c>VALUES (1), (2)</c>). The rewrites keep the text's length
/// where they can, so positions in DuckDB's errors still point into the user's statement.
/// </summary>
internal static class TrinoSyntax
{
    private static readonly HashSet<string> ValuesEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "WINDOW",
    };

    public static string ToDuckDb(string sql)
    {
        if (!sql.Contains("array", StringComparison.OrdinalIgnoreCase) && !sql.Contains("values", StringComparison.OrdinalIgnoreCase)) return sql;
        var tokens = SqlLexer.Tokenize(sql);
        var text = ArrayTypes(sql, tokens);
        var inserts = BareValuesItems(tokens);
        if (inserts.Count == 0) return text;
        var sb = new StringBuilder(text);
        foreach (var (offset, bracket) in inserts.OrderByDescending(x => x.Offset)) sb.Insert(offset, bracket);
        return sb.ToString();
    }

    /// <summary>
    /// array(T) becomes T[], innermost (last) first so array(array(T)) is T[][]. Each rewrite keeps
    /// the text's length ("array(" and ")" are 7 characters, five spaces and "[]" too), so the
    /// tokens' offsets stay valid throughout and later rewrites see the earlier ones' text.
    /// </summary>
    private static string ArrayTypes(string sql, List<SqlToken> tokens)
    {
        var text = sql.ToCharArray();
        for (var i = tokens.Count - 1; i >= 0; i--)
        {
            if (!tokens[i].IsWord("array") || At(tokens, i + 1)?.IsSymbol("(") != true || At(tokens, i - 1)?.IsSymbol(".") == true) continue;
            var close = Matching(tokens, i + 1);
            if (close < 0) continue;
            var start = tokens[i].Offset;
            var innerStart = tokens[i + 1].Offset + 1;
            var inner = new string(text, innerStart, tokens[close].Offset - innerStart);
            var rewritten = "     " + inner + "[]";
            rewritten.CopyTo(0, text, start, rewritten.Length);
        }

        return new string(text);
    }

    /// <summary>Where brackets go so that each item of a VALUES list that is not a parenthesized row becomes one.</summary>
    private static List<(int Offset, char Bracket)> BareValuesItems(List<SqlToken> tokens)
    {
        var inserts = new List<(int Offset, char Bracket)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].IsWord("values")) continue;
            var item = i + 1;
            for (var k = item; ; k++)
            {
                var token = At(tokens, k);
                var endsList = token is null || token.IsSymbol(")") || token.IsSymbol(";") || (token.Kind == SqlTokenKind.Word && ValuesEnd.Contains(token.Text));
                if (endsList || token!.IsSymbol(","))
                {
                    if (k > item && !(tokens[item].IsSymbol("(") && Matching(tokens, item) == k - 1))
                    {
                        inserts.Add((tokens[item].Offset, '('));
                        inserts.Add((tokens[k - 1].Offset + tokens[k - 1].Text.Length, ')'));
                    }

                    if (endsList) break;
                    item = k + 1;
                }
                else if (token.IsSymbol("(") || token.IsSymbol("["))
                {
                    var close = Matching(tokens, k);
                    if (close < 0) break;
                    k = close;
                }
            }
        }

        return inserts;
    }

    private static SqlToken? At(List<SqlToken> tokens, int index) => index >= 0 && index < tokens.Count ? tokens[index] : null;

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, or -1.</summary>
    private static int Matching(List<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol("(") || tokens[i].IsSymbol("[")) depth++;
            else if (tokens[i].IsSymbol(")") || tokens[i].IsSymbol("]"))
            {
                if (--depth == 0) return i;
            }
        }

        return -1;
    }
}
