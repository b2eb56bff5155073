using Basin.DuckDb;
using Basin.Sql.Results;

namespace Basin.Sql.Trino;

/// <summary>
/// Runs one Trino query on a session: parse, rewrite (tables bound through <see cref="ITableBinder"/>),
/// create the per-query views, execute. Errors come out as Athena's (SqlException), positioned in the user's text.
/// </summary>
public static class TrinoQuery
{
    public static (ResultRows Rows, long ScannedBytes) Run(SqlSession session, string sql, ITableBinder binder)
    {
        var rewriter = new QueryRewriter(sql, binder);
        var tree = rewriter.Rewrite(session.Parse(sql));
        try
        {
            foreach (var (view, table) in rewriter.Views)
                session.Execute($"CREATE OR REPLACE TEMP VIEW {SqlText.Identifier(view)} AS {table.RelationSql}");
            var rendered = session.Render(tree);
            return (new ResultRows(session.Query(rendered)), rewriter.ScannedBytes);
        }
        catch (DuckDbException e)
        {
            throw SqlErrors.FromDuckDb(e, sql);
        }
    }
}
