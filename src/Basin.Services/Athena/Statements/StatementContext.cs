using Basin.Aws.Model.Glue;
using Basin.Services.Glue;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Sql.Results;
using Basin.Sql.Trino;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena.Statements;

/// <summary>
/// What one query execution's statement runs against: the Glue catalog and the lake as its
/// caller's account sees them, its database, its output location, and its engine session
/// (opened on first use, so a DDL statement never costs one).
/// </summary>
public sealed class StatementContext(CatalogStore catalog, ILakeObjects lake, string account, string database, string caller, DateTimeOffset now, string queryId, S3Location output, Func<SqlSession> openSession) : IDisposable
{
    private SqlSession? _session;
    private QueryLakeFiles? _files;

    public CatalogStore Catalog => catalog;
    public ILakeObjects Lake => lake;
    public string Account => account;

    /// <summary>The execution's database (QueryExecutionContext.Database, else "default").</summary>
    public string Database => database;
    public string Caller => caller;
    public DateTimeOffset Now => now;
    public string QueryId => queryId;
    public S3Location Output => output;

    /// <summary>The workgroup's BytesScannedCutoffPerQuery, checked before a query reads anything.</summary>
    public long? BytesScannedCutoff { get; init; }

    /// <summary>Where the engine may write files (CTAS, INSERT and UNLOAD stage their objects here).</summary>
    public required string ScratchDirectory { get; init; }

    public SqlSession Session => _session ??= openSession();

    /// <summary>The lake files this execution reads (encrypted objects decrypted for it), removed when it ends.</summary>
    public QueryLakeFiles Files => _files ??= new QueryLakeFiles(lake, Path.Combine(ScratchDirectory, "read-" + queryId));

    /// <summary>The result columns of a prepared query, without running it.</summary>
    public IReadOnlyList<ResultColumn> Columns(PreparedQuery query)
    {
        using var rows = new ResultRows(Session.Query($"SELECT * FROM ({query.DuckDbSql}) AS __basin_q LIMIT 0"), query.ColumnZones);
        return rows.Columns;
    }

    /// <summary>Parses, binds and prunes a Trino query on this execution's session, without reading any data.</summary>
    public PreparedQuery Prepare(string sql) => TrinoQuery.Prepare(Session, sql, new GlueTableBinder(catalog, lake, Files, account, now), database);

    /// <summary><see cref="Prepare"/> for a statement that will read the data, refused if it would scan past the workgroup's cutoff.</summary>
    public PreparedQuery PrepareToRead(string sql)
    {
        var query = Prepare(sql);
        if (BytesScannedCutoff is { } limit && query.ScannedBytes > limit)
            throw new SqlException("", $"Query exhausted the workgroup's data usage limit: it would scan {query.ScannedBytes} bytes; BytesScannedCutoffPerQuery is {limit}.");
        return query;
    }

    public string DatabaseOf(string? written) => (written ?? database).ToLowerInvariant();

    public void RequireDatabase(string name)
    {
        if (catalog.GetDatabase(account, name) is null)
            throw new SqlException("SCHEMA_NOT_FOUND", $"FAILED: SemanticException [Error 10072]: Database does not exist: {name}");
    }

    /// <summary>A table (or view) by its written name, or Hive's "Table not found" error.</summary>
    public Table RequireTable(string? db, string name)
    {
        var schema = DatabaseOf(db);
        var row = catalog.GetTable(account, schema, name.ToLowerInvariant())
            ?? throw new SqlException("TABLE_NOT_FOUND", $"FAILED: SemanticException [Error 10001]: Table not found {schema}.{name.ToLowerInvariant()}");
        return CatalogDocuments.Deserialize<Table>(row.Doc);
    }

    /// <summary>Athena's (Hive's) failure for a DDL task.</summary>
    public static SqlException DdlFailure(string detail) =>
        new("GENERIC_INTERNAL_ERROR", "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. " + detail);

    public void Dispose() => _files?.Dispose();
}
