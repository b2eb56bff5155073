namespace Basin.Sql.Lexing;

public enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    BacktickIdentifier,
    String,
    Number,
    Symbol,
    Parameter,
}

/// <summary>
/// One token of a statement, with its position in the original text so errors can point at
/// "line L:C" as Athena does (both 1-based, the column counted in characters).
/// </summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text, int Offset, int Line, int Column)
{
    /// <summary>A string literal of Hive DDL, whose backslash escapes <see cref="Value"/> resolves.</summary>
    public bool HiveString { get; init; }

    /// <summary>The token's value: a word or identifier without quotes, a string literal unescaped.</summary>
    public string Value => Kind switch
    {
        SqlTokenKind.String when HiveString => Hive.HiveStringLiteral.Unescape(Text.AsSpan(1, Math.Max(0, Text.Length - 2))),
        SqlTokenKind.QuotedIdentifier => Text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal),
        SqlTokenKind.BacktickIdentifier => Text[1..^1].Replace("``", "`", StringComparison.Ordinal),
        SqlTokenKind.String => Text[1..^1].Replace("''", "'", StringComparison.Ordinal),
        _ => Text,
    };

    public bool IsWord(string word) => Kind == SqlTokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier or SqlTokenKind.BacktickIdentifier;

    public string Position => $"line {Line}:{Column}";
}
