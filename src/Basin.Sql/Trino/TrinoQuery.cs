using Basin.DuckDb;
using Basin.Sql.Results;

namespace Basin.Sql.Trino;

/// <summary>A query ready to run on its session: the DuckDB SQL and the bytes its tables cover.</summary>
/// <param name="ColumnZones">The result columns that are timestamps with a named time zone (<see cref="TimeZones"/>), by position.</param>
public sealed record PreparedQuery(string UserSql, string DuckDbSql, long ScannedBytes, IReadOnlyDictionary<int, string>? ColumnZones = null);

/// <summary>
/// Runs one Trino query on a session: <see cref="Prepare"/> parses, rewrites (tables bound through
/// <see cref="ITableBinder"/>), prunes partitions and creates the per-query views, so what the
/// query will scan is known before anything is read; <see cref="Execute"/> runs it. Errors come out as Athena's
/// (SqlException), positioned in the user's text.
/// </summary>
public static class TrinoQuery
{
    public static PreparedQuery Prepare(SqlSession session, string sql, ITableBinder binder, string defaultSchema)
    {
        var rewriter = new QueryRewriter(sql, binder, defaultSchema, session.Parse);
        var tree = rewriter.Rewrite(session.Parse(sql));
        try
        {
            long scanned = 0;
            foreach (var view in rewriter.Views)
            {
                var table = view.Table;
                if (table is { InjectedKeys.Count: > 0, Inject: { } inject })
                {
                    table = table with { Partitions = inject(InjectedValues.From(view.PartitionPredicate, table.InjectedKeys)) };
                }

                var partitions = view.PartitionPredicate is { } predicate ? PartitionFilter.Apply(session, table, predicate) : table.Partitions;
                var files = table.ListFiles(partitions);
                scanned += files.Sum(f => f.Size);
                session.BindLakeView(view.Name, table.Table with { Files = files, HiddenColumns = rewriter.UsesHiddenColumns });
            }

            return new PreparedQuery(sql, session.Render(tree), scanned, rewriter.ColumnZones);
        }
        catch (DuckDbException e)
        {
            throw SqlErrors.FromDuckDb(e, sql);
        }
    }

    public static ResultRows Execute(SqlSession session, PreparedQuery query)
    {
        try
        {
            return new ResultRows(session.Query(query.DuckDbSql), query.ColumnZones);
        }
        catch (DuckDbException e)
        {
            throw SqlErrors.FromDuckDb(e, query.UserSql);
        }
    }

    public static (ResultRows Rows, long ScannedBytes) Run(SqlSession session, string sql, ITableBinder binder, string defaultSchema = "default")
    {
        var query = Prepare(session, sql, binder, defaultSchema);
        return (Execute(session, query), query.ScannedBytes);
    }
}
