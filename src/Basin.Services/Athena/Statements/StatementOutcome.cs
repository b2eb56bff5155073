using Basin.Sql.Results;

namespace Basin.Services.Athena.Statements;

/// <summary>What a statement produced: rows (SELECT), text lines (SHOW, DESCRIBE), or nothing (DDL).</summary>
public abstract record StatementOutcome
{
    public sealed record Rows(ResultRows Result, long ScannedBytes) : StatementOutcome;

    /// <summary>Utility output Athena writes as a .txt file, one value per line, with its single column's name.</summary>
    public sealed record Text(string ColumnName, IReadOnlyList<string> Lines) : StatementOutcome;

    public sealed record None : StatementOutcome;

    /// <summary>Rows written to the lake (CTAS, INSERT INTO, UNLOAD): the count is the query's UpdateCount, the objects its data manifest.</summary>
    public sealed record Written(long RowCount, IReadOnlyList<string> Objects, long ScannedBytes = 0) : StatementOutcome;
}
