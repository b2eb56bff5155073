namespace Basin.Sql.Lexing;

/// <summary>Walks a statement's tokens for the hand-written parsers (Hive DDL, SHOW, DESCRIBE).</summary>
public sealed class TokenCursor(IReadOnlyList<SqlToken> tokens, string ddlErrorPrefix = "")
{
    private int _index;

    public bool AtEnd => _index >= tokens.Count || (tokens[_index].IsSymbol(";") && _index == tokens.Count - 1);

    public SqlToken? Peek(int ahead = 0) => _index + ahead < tokens.Count ? tokens[_index + ahead] : null;

    public SqlToken Next() => _index < tokens.Count ? tokens[_index++] : throw Error("mismatched input '<EOF>'");

    public bool Accept(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Peek(i) is not { } t || !t.IsWord(words[i])) return false;
        }

        _index += words.Length;
        return true;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (Peek() is not { } t || !t.IsSymbol(symbol)) return false;
        _index++;
        return true;
    }

    public void Expect(string word)
    {
        if (!Accept(word)) throw Unexpected();
    }

    public void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Unexpected();
    }

    public string Identifier()
    {
        var t = Peek();
        if (t is null || !t.IsIdentifier) throw Unexpected();
        _index++;
        return t.Value;
    }

    /// <summary>A possibly qualified name: (Schema, Name), Schema null when not written.</summary>
    public (string? Schema, string Name) QualifiedName()
    {
        var first = Identifier();
        if (!AcceptSymbol(".")) return (null, first);
        return (first, Identifier());
    }

    public string StringLiteral()
    {
        var t = Peek();
        if (t is null || t.Kind != SqlTokenKind.String) throw Unexpected();
        _index++;
        return t.Value;
    }

    /// <summary>('k'='v', ...) as in TBLPROPERTIES and SERDEPROPERTIES.</summary>
    public Dictionary<string, string> Properties()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        ExpectSymbol("(");
        do
        {
            var key = StringLiteral();
            ExpectSymbol("=");
            result[key] = StringLiteral();
        }
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return result;
    }

    /// <summary>
    /// The statement's text from the current token on (a CTAS's or a view's query), with all before
    /// it blanked but newlines kept, so a position in it is the same line and column in the whole statement.
    /// </summary>
    public string RestOfStatement(string sql)
    {
        var start = Peek()?.Offset ?? sql.Length;
        var prefix = new System.Text.StringBuilder(start);
        foreach (var ch in sql.AsSpan(0, start)) prefix.Append(ch == '\n' ? '\n' : ' ');
        _index = tokens.Count;
        return prefix.Append(sql.AsSpan(start)).ToString();
    }

    public void ExpectEnd()
    {
        AcceptSymbol(";");
        if (!AtEnd && _index < tokens.Count) throw Unexpected();
    }

    public SqlException Unexpected()
    {
        var t = Peek();
        return t is null ? Error("mismatched input '<EOF>'") : new SqlException("SYNTAX_ERROR", $"{ddlErrorPrefix}{t.Position}: mismatched input '{t.Text}'");
    }

    public SqlException Error(string message)
    {
        var last = tokens.Count > 0 ? tokens[^1] : null;
        return new SqlException("SYNTAX_ERROR", last is null ? message : $"{ddlErrorPrefix}{last.Position}: {message}");
    }
}
