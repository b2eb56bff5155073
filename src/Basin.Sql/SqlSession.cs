using System.Text.Json.Nodes;
using Basin.DuckDb;
using Basin.Sql.Lake;

namespace Basin.Sql;

/// <summary>
/// One query's connection: parses Trino SQL into DuckDB's syntax tree (JSON), renders a rewritten
/// tree back to SQL, binds temporary views and runs the result. <see cref="Cancel"/> may be called
/// from another thread and interrupts whatever is running.
/// </summary>
public sealed class SqlSession : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly TypedTextReads _typedReads;
    private readonly JsonKeyCatalog _jsonKeys;
    private readonly Dictionary<string, LakeTable> _lakeViews = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fellBackToText = new(StringComparer.Ordinal);

    internal SqlSession(DuckDbConnection connection, TypedTextReads typedReads, JsonKeyCatalog jsonKeys)
    {
        _connection = connection;
        _typedReads = typedReads;
        _jsonKeys = jsonKeys;
    }

    /// <summary>
    /// The statement's syntax tree as DuckDB's parser sees it, or a SYNTAX_ERROR at the offending
    /// token. Only queries serialize (SELECT, VALUES, WITH, set operations); other statements are
    /// Basin's to handle before they get here.
    /// </summary>
    public JsonObject Parse(string sql)
    {
        var json = Scalar("SELECT json_serialize_sql(" + SqlText.Literal(Trino.TrinoSyntax.ToDuckDb(sql)) + ")");
        var tree = JsonNode.Parse(json)!.AsObject();
        if (tree["error"]?.GetValue<bool>() != true) return tree;
        var message = tree["error_message"]?.GetValue<string>() ?? "syntax error";
        if (tree["error_subtype"]?.GetValue<string>() == "SYNTAX_ERROR" || tree["error_type"]?.GetValue<string>() == "parser")
        {
            var offset = int.TryParse(tree["position"]?.GetValue<string>(), out var p) ? p : -1;
            throw SqlErrors.Syntax(sql, offset, message);
        }

        // json_serialize_sql only takes queries: a statement reaching here is one no statement handler took
        // (UPDATE, DELETE and MERGE need Iceberg tables, which Basin does not have).
        throw new SqlException("NOT_SUPPORTED", "This statement is not supported by Basin: it runs queries, Hive DDL, views, CTAS, INSERT INTO, UNLOAD, EXPLAIN and prepared statements");
    }

    /// <summary>SQL text for a (rewritten) syntax tree.</summary>
    public string Render(JsonObject tree) => Scalar("SELECT json_deserialize_sql(" + SqlText.Literal(tree.ToJsonString()) + ")");

    /// <summary>Creates (or replaces) the temporary view through which this session's statements read a lake table's files.</summary>
    public void BindLakeView(string name, LakeTable table)
    {
        var jsonKeys = table.Format == LakeFormat.Json && table.Files.Count > 0 ? _jsonKeys.KeysOf(table.Files, ScanJsonKeys) : null;
        _connection.Execute($"CREATE OR REPLACE TEMP VIEW {SqlText.Identifier(name)} AS {LakeScanSql.For(table, _typedReads, jsonKeys)}");
        _lakeViews[name] = table;
    }

    public void Execute(string sql) => WithTextFallback(() => _connection.Execute(sql));

    public DuckDbResult Query(string sql) => WithTextFallback(() => _connection.Query(sql));

    public void Cancel() => _connection.Interrupt();

    /// <summary>The first column of a query's rows, read as BIGINT (Basin's own bookkeeping queries: indexes, COPY's row count).</summary>
    public List<long> QueryLongs(string sql)
    {
        var values = new List<long>();
        using var result = Query(sql);
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var column = chunk.Column(0);
                for (var row = 0; row < chunk.RowCount; row++) values.Add(column.Read<long>(row));
            }
        }

        return values;
    }

    private List<(string File, string Key, bool MixedCaseMembers)> ScanJsonKeys(IReadOnlyList<string> files)
    {
        var pairs = new List<(string, string, bool)>();
        using var result = _connection.Query(JsonKeyCatalog.ScanSql(files));
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var (file, key, mixedCase) = (chunk.Column(0), chunk.Column(1), chunk.Column(2));
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    if (!key.IsNull(row)) pairs.Add((file.ReadString(row), key.ReadString(row), !mixedCase.IsNull(row) && mixedCase.ReadBoolean(row)));
                }
            }
        }

        return pairs;
    }

    private string Scalar(string sql)
    {
        using var result = _connection.Query(sql);
        using var chunk = result.FetchChunk() ?? throw new SqlException("GENERIC_INTERNAL_ERROR", "DuckDB returned no row.", isUserError: false);
        return chunk.Column(0).ReadString(0);
    }

    /// <summary>
    /// Runs a statement; when a typed read of a delimited file fails on a field, the file is read
    /// as text from then on (TRY_CAST, NULL for what does not parse) and the statement runs again.
    /// Every statement here is safe to repeat: queries return nothing until they finish, and writes
    /// replace their scratch file or temporary table.
    /// </summary>
    private T WithTextFallback<T>(Func<T> run)
    {
        while (true)
        {
            try
            {
                return run();
            }
            catch (DuckDbException e) when (_lakeViews.Count > 0 && _typedReads.RememberFailure(e) is { } path && _fellBackToText.Add(path) && RebindReading(path))
            {
            }
        }
    }

    /// <summary>Re-creates the views that read <paramref name="path"/> typed; false when none did (the error is then the user's).</summary>
    private bool RebindReading(string path)
    {
        var rebound = false;
        foreach (var (name, table) in _lakeViews.ToList())
        {
            if (!LakeScanSql.CanReadTyped(table) || !table.Files.Any(f => f.Path == path)) continue;
            BindLakeView(name, table);
            rebound = true;
        }

        return rebound;
    }

    public void Dispose() => _connection.Dispose();
}
