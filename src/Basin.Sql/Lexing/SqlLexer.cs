namespace Basin.Sql.Lexing;

/// <summary>
/// Splits SQL (Trino and Hive DDL) into tokens, skipping whitespace and comments. Enough to
/// classify a statement, parse DDL, bind <c>?</c> parameters and locate identifiers for error
/// messages; queries themselves are parsed by DuckDB.
/// </summary>
public static class SqlLexer
{
    /// <param name="hive">
    /// Lex Hive DDL (CREATE EXTERNAL TABLE): there both '...' and "..." are string literals and a
    /// backslash escapes the character after it, as in Hive's grammar; in Trino SQL "..." is an
    /// identifier and a backslash is an ordinary character.
    /// </param>
    public static List<SqlToken> Tokenize(string sql, bool hive = false)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                lineStart = ++i;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && At(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                continue;
            }

            if (c == '/' && At(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                for (var k = i; k < end; k++)
                {
                    if (sql[k] == '\n')
                    {
                        line++;
                        lineStart = k + 1;
                    }
                }

                i = end;
                continue;
            }

            var start = i;
            SqlTokenKind kind;
            if (c is '\'' or '"' or '`')
            {
                kind = c switch { '\'' => SqlTokenKind.String, '"' => hive ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier, _ => SqlTokenKind.BacktickIdentifier };
                i = EndOfQuoted(sql, i, c, backslashEscapes: hive && c != '`');
            }
            else if (char.IsLetter(c) || c == '_')
            {
                kind = SqlTokenKind.Word;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$' or '@')) i++;
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(sql, i + 1))))
            {
                kind = SqlTokenKind.Number;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.' ||
                    ((sql[i] is '+' or '-') && sql[i - 1] is 'e' or 'E'))) i++;
            }
            else if (c == '?')
            {
                kind = SqlTokenKind.Parameter;
                i++;
            }
            else
            {
                kind = SqlTokenKind.Symbol;
                i += IsTwoCharSymbol(sql, i) ? 2 : 1;
            }

            tokens.Add(new SqlToken(kind, sql[start..i], start, line, start - lineStart + 1) { HiveString = hive && kind == SqlTokenKind.String });
        }

        return tokens;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>A quoted run ends at its closing quote; a doubled quote is an escaped one. Unterminated runs end the text.</summary>
    private static int EndOfQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static bool IsTwoCharSymbol(string sql, int i) =>
        At(sql, i + 1) switch
        {
            '=' => sql[i] is '<' or '>' or '!',
            '>' => sql[i] is '<' or '-',
            '|' => sql[i] == '|',
            ':' => sql[i] == ':',
            _ => false,
        };
}
