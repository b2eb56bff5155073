namespace Basin.Sql;

/// <summary>Quoting for SQL text Basin generates (never for splicing user input into statements unquoted).</summary>
public static class SqlText
{
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
