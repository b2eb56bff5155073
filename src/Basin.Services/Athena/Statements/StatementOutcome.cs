using Basin.Sql.Results;

namespace Basin.Services.Athena.Statements;

/// <summary>What a statement produced: rows (SELECT), text lines (SHOW, DESCRIBE), or nothing (DDL).</summary>
public abstract record StatementOutcome
{
    public sealed record Rows(ResultRows Result, long ScannedBytes) : StatementOutcome;

    /// <summary>Utility output Athena writes as a .txt file, one value per line, with its single column's name.</summary>
    public sealed record Text(string ColumnName, IReadOnlyList<string> Lines) : StatementOutcome;

    public sealed record None : StatementOutcome;
}
