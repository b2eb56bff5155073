using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// Athena's StatementType for a query text: DDL changes the catalog, DML reads or writes data,
/// UTILITY describes (SHOW, DESCRIBE, EXPLAIN). Decided from the leading keywords, as Athena does
/// before it runs anything.
/// </summary>
public static class StatementKind
{
    public const string Ddl = "DDL";
    public const string Dml = "DML";
    public const string Utility = "UTILITY";

    public static string Of(IReadOnlyList<SqlToken> tokens)
    {
        var first = tokens.FirstOrDefault(t => !t.IsSymbol("("));
        if (first is null) return Dml;
        var word = first.Text.ToUpperInvariant();
        return word switch
        {
            "SHOW" or "DESCRIBE" or "DESC" or "EXPLAIN" or "PREPARE" or "DEALLOCATE" => Utility,
            "CREATE" when IsCreateTableAs(tokens) => Dml,
            "CREATE" or "DROP" or "ALTER" or "MSCK" => Ddl,
            _ => Dml,
        };
    }

    /// <summary>CREATE TABLE ... AS SELECT (CTAS): an AS that starts a query, not STORED AS.</summary>
    public static bool IsCreateTableAs(IReadOnlyList<SqlToken> tokens)
    {
        if (tokens.Count < 3 || !tokens[0].IsWord("CREATE") || !tokens[1].IsWord("TABLE")) return false;
        for (var i = 2; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].IsWord("AS") && !tokens[i - 1].IsWord("STORED") && (tokens[i + 1].IsWord("SELECT") || tokens[i + 1].IsWord("WITH") || tokens[i + 1].IsWord("VALUES") || tokens[i + 1].IsSymbol("(")))
                return true;
        }

        return false;
    }
}
