using Basin.Aws.Model.Athena;
using Basin.Sql;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// PREPARE name FROM statement, EXECUTE name [USING value, ...] and DEALLOCATE PREPARE name,
/// over the workgroup's prepared statements (the same ones the PreparedStatement API manages).
/// </summary>
public sealed class PreparedStatementSql(PreparedStatementStore store, string account, string workGroup, DateTimeOffset now)
{
    /// <summary>
    /// The statement an execution runs: for EXECUTE, the prepared statement with its ? bound to
    /// the USING values (or to ExecutionParameters); PREPARE as written; otherwise the query with ExecutionParameters bound.
    /// </summary>
    public string Resolve(string query, IReadOnlyList<string> parameters)
    {
        var tokens = SqlLexer.Tokenize(query);
        var c = new TokenCursor(tokens);
        if (tokens.Count > 0 && tokens[0].IsWord("PREPARE")) return query; // its ? are bound when it is executed
        if (!c.Accept("EXECUTE")) return ExecutionParameters.Bind(query, parameters);
        var name = c.Identifier();
        var statement = store.Get(account, workGroup, name)
            ?? throw new SqlException("NOT_FOUND", $"line 1:1: Prepared statement not found: {name}");
        if (!c.Accept("USING")) return ExecutionParameters.Bind(statement.QueryStatement!, parameters);

        var values = new List<string>();
        var start = c.Peek()?.Offset ?? query.Length;
        var depth = 0;
        foreach (var token in tokens.SkipWhile(t => t.Offset < start))
        {
            if (token.IsSymbol("(") || token.IsSymbol("[")) depth++;
            else if (token.IsSymbol(")") || token.IsSymbol("]")) depth--;
            else if (depth == 0 && (token.IsSymbol(",") || token.IsSymbol(";")))
            {
                values.Add(query[start..token.Offset].Trim());
                start = token.Offset + 1;
            }
        }

        var last = query[start..].Trim().TrimEnd(';').Trim();
        if (last.Length > 0) values.Add(last);
        return ExecutionParameters.Bind(statement.QueryStatement!, values);
    }

    public async Task<StatementOutcome?> TryRunAsync(IReadOnlyList<SqlToken> tokens, string sql)
    {
        var c = new TokenCursor(tokens);
        if (c.Accept("PREPARE"))
        {
            var name = c.Identifier();
            c.Expect("FROM");
            var statement = c.RestOfStatement(sql).Trim().TrimEnd(';').Trim();
            var prepared = new PreparedStatement { StatementName = name, WorkGroupName = workGroup, QueryStatement = statement, LastModifiedTime = now };
            await store.PutAsync(account, prepared, create: store.Get(account, workGroup, name) is null).ConfigureAwait(false);
            return new StatementOutcome.None();
        }

        if (c.Accept("DEALLOCATE", "PREPARE"))
        {
            var name = c.Identifier();
            c.ExpectEnd();
            if (!await store.DeleteAsync(account, workGroup, name).ConfigureAwait(false))
                throw new SqlException("NOT_FOUND", $"line 1:1: Prepared statement not found: {name}");
            return new StatementOutcome.None();
        }

        return null;
    }
}
