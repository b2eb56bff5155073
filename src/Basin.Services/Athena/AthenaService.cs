using Basin.Aws.Protocol.Services;
using Basin.Services.Athena.Api;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Amazon Athena: Trino SQL over the lake, run by DuckDB against the objects in Basin's S3 through
/// the Glue Data Catalog, with results written to the output location as Athena writes them.
/// </summary>
public sealed class AthenaService : IAwsService, IAsyncDisposable
{
    private readonly AthenaContext _context;
    private readonly ILakeObjects _lake;
    private readonly SqlEngine _engine;

    public AthenaService(CatalogStore catalog, ILakeObjects lake, SqlEngine engine, TimeProvider time)
    {
        _lake = lake;
        _engine = engine;
        var executions = new QueryExecutionStore(catalog);
        var prepared = new PreparedStatementStore(catalog);
        Runner = new QueryRunner(engine, catalog, lake, executions, prepared, time);
        Runner.RecoverAsync().GetAwaiter().GetResult();
        _context = new AthenaContext(catalog, executions, Runner, prepared, time);
    }

    public string Name => "athena";

    public QueryRunner Runner { get; }

    public void Register(OperationTable operations)
    {
        new QueryExecutionOperations(_context, _lake).Register(operations);
        new WorkGroupOperations(_context).Register(operations);
        new MetadataOperations(_context).Register(operations);
        new NamedQueryOperations(_context).Register(operations);
        new PreparedStatementOperations(_context).Register(operations);
    }

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync().ConfigureAwait(false);
        _engine.Dispose();
    }
}
