using System.Text;
using Basin.Aws.Model.Glue;
using Basin.Sql;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// SHOW CREATE TABLE (Hive DDL that recreates the table, which Basin's own parser accepts back),
/// SHOW TBLPROPERTIES, and EXPLAIN (the engine's plan for the rewritten query).
/// </summary>
public sealed class UtilityStatements(StatementContext context)
{
    public StatementOutcome? TryRun(IReadOnlyList<SqlToken> tokens, string sql)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("SHOW", "CREATE", "TABLE")) return ShowCreateTable(c);
        if (c.Accept("SHOW", "TBLPROPERTIES")) return ShowProperties(c);
        if (c.Accept("EXPLAIN")) return Explain(c, sql);
        return null;
    }

    private StatementOutcome ShowCreateTable(TokenCursor c)
    {
        var (db, name) = c.QualifiedName();
        c.ExpectEnd();
        var table = context.RequireTable(db, name);
        if (table.TableType == AthenaViews.TableType)
            throw new SqlException("NOT_SUPPORTED", $"FAILED: SemanticException [Error 10001]: {table.DatabaseName}.{table.Name} is a view; use SHOW CREATE VIEW");
        var sd = table.StorageDescriptor ?? new StorageDescriptor();
        static string Columns(IEnumerable<Column> columns) => string.Join(", \n", columns.Select(col => $"  `{col.Name}` {col.Type}{(col.Comment is { } comment ? $" COMMENT '{Quote(comment)}'" : "")}"));
        var ddl = new StringBuilder($"CREATE EXTERNAL TABLE `{table.DatabaseName}`.`{table.Name}`(\n{Columns(sd.Columns ?? [])})\n");
        if (table.Description is { } description) ddl.Append($"COMMENT '{Quote(description)}'\n");
        if (table.PartitionKeys is { Count: > 0 } keys) ddl.Append($"PARTITIONED BY ( \n{Columns(keys)})\n");
        ddl.Append($"ROW FORMAT SERDE \n  '{sd.SerdeInfo?.SerializationLibrary}' \n");
        if (sd.SerdeInfo?.Parameters is { Count: > 0 } serde) ddl.Append($"WITH SERDEPROPERTIES ( \n{Properties(serde)}) \n");
        ddl.Append($"STORED AS INPUTFORMAT \n  '{sd.InputFormat}' \nOUTPUTFORMAT \n  '{sd.OutputFormat}'\n");
        if (sd.Location is { Length: > 0 } location) ddl.Append($"LOCATION\n  '{location}'\n");
        var properties = (table.Parameters ?? []).Where(p => p.Key != "EXTERNAL").ToDictionary();
        if (properties.Count > 0) ddl.Append($"TBLPROPERTIES (\n{Properties(properties)})");
        return new StatementOutcome.Text("createtab_stmt", ddl.ToString().TrimEnd('\n').Split('\n'));
    }

    private StatementOutcome ShowProperties(TokenCursor c)
    {
        var (db, name) = c.QualifiedName();
        string? only = null;
        if (c.AcceptSymbol("("))
        {
            only = c.StringLiteral();
            c.ExpectSymbol(")");
        }

        c.ExpectEnd();
        var properties = context.RequireTable(db, name).Parameters ?? [];
        var lines = only is null
            ? properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}").ToList()
            : [properties.TryGetValue(only, out var value) ? value : $"Table default.{name} does not have property: {only}"];
        return new StatementOutcome.Text("prpt_name", lines);
    }

    /// <summary>EXPLAIN [ANALYZE] [(TYPE ...)] query: DuckDB's plan of the query Basin runs (not Trino's distributed plan).</summary>
    private StatementOutcome Explain(TokenCursor c, string sql)
    {
        var analyze = c.Accept("ANALYZE");
        c.Accept("VERBOSE");
        var validate = false;
        if (c.Peek()?.IsSymbol("(") == true && (c.Peek(1)?.IsWord("TYPE") == true || c.Peek(1)?.IsWord("FORMAT") == true))
        {
            c.ExpectSymbol("(");
            do
            {
                var option = c.Identifier();
                var value = c.Identifier();
                if (option.Equals("TYPE", StringComparison.OrdinalIgnoreCase) && value.Equals("VALIDATE", StringComparison.OrdinalIgnoreCase)) validate = true;
            }
            while (c.AcceptSymbol(","));
            c.ExpectSymbol(")");
        }

        var rest = c.RestOfStatement(sql);
        var query = analyze ? context.PrepareToRead(rest) : context.Prepare(rest);
        if (validate) return new StatementOutcome.Text("Valid", ["true"]);
        using var plan = context.Session.Query((analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + query.DuckDbSql);
        using var rows = new Basin.Sql.Results.ResultRows(plan);
        var lines = rows.Read().SelectMany(r => (r[^1] ?? "").Split('\n')).ToList();
        return new StatementOutcome.Text("Query Plan", lines);
    }

    private static string Properties(IDictionary<string, string> properties) =>
        string.Join(", \n", properties.Select(p => $"  '{Quote(p.Key)}'='{Quote(p.Value)}'"));

    /// <summary>A value as a Hive string literal's body, so the DDL reads back to the same value.</summary>
    private static string Quote(string text) => Sql.Hive.HiveStringLiteral.Escape(text);
}
