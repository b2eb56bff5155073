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
        return WrapBareValues(ArrayTypes(sql));
    }

    /// <summary>array(T) becomes T[], innermost first so array(array(T)) is T[][].</summary>
    private static string ArrayTypes(string sql)
    {
        while (true)
        {
            var tokens = SqlLexer.Tokenize(sql);
            var start = tokens.FindLastIndex(t => t.IsWord("array"));
            while (start >= 0 && !(At(tokens, start + 1)?.IsSymbol("(") == true && At(tokens, start - 1)?.IsSymbol(".") != true))
                start = start == 0 ? -1 : tokens.FindLastIndex(start - 1, t => t.IsWord("array"));
            if (start < 0) return sql;
            var close = Matching(tokens, start + 1);
            if (close < 0) return sql;
            var open = tokens[start + 1].Offset;
            var inner = sql[(open + 1)..tokens[close].Offset];
            // "array(" and ")" are 7 characters, "[]" is 2: five spaces keep the length.
            sql = sql[..tokens[start].Offset] + "     " + inner + "[]" + sql[(tokens[close].Offset + 1)..];
        }
    }

    /// <summary>Each item of a VALUES list that is not a parenthesized row becomes one.</summary>
    private static string WrapBareValues(string sql)
    {
        var tokens = SqlLexer.Tokenize(sql);
        var inserts = new List<(int Offset, char Text)>();
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

        if (inserts.Count == 0) return sql;
        var sb = new StringBuilder(sql);
        foreach (var (offset, text) in inserts.OrderByDescending(x => x.Offset)) sb.Insert(offset, text);
        return sb.ToString();
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
