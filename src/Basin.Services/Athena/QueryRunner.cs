using System.Collections.Concurrent;
using System.Diagnostics;
using Basin.Aws.Model.Athena;
using Basin.Services.Athena.Results;
using Basin.Services.Athena.Statements;
using Basin.Services.Lake;
using Basin.Sql;
using Basin.Sql.Lexing;
using Basin.Sql.Trino;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Runs query executions in the background: QUEUED → RUNNING → SUCCEEDED / FAILED / CANCELLED.
/// The submission and the final state are persisted; RUNNING lives in memory (<see cref="LiveState"/>),
/// which saves a store write per query. Results are written to the output location as Athena
/// writes them; StopQueryExecution interrupts the engine mid-query.
/// </summary>
public sealed class QueryRunner(SqlEngine engine, CatalogStore catalog, ILakeObjects lake, QueryExecutionStore executions, PreparedStatementStore prepared, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    private sealed class Running
    {
        public volatile bool Cancelled;
        public volatile string State = "QUEUED";
        public SqlSession? Session;
        public Task Task = Task.CompletedTask;
    }

    /// <summary>Executions a killed process left QUEUED or RUNNING failed with it.</summary>
    public async Task RecoverAsync()
    {
        foreach (var (account, execution) in executions.Unfinished().ToList())
        {
            // Stopped between storing the final state and dropping the open record: only the drop is left.
            if (executions.Get(account, execution.QueryExecutionId!) is { Status.State: not ("QUEUED" or "RUNNING") } finished)
            {
                await executions.SaveFinishedAsync(account, finished).ConfigureAwait(false);
                continue;
            }

            execution.Status!.State = "FAILED";
            execution.Status.StateChangeReason = "Query was interrupted because Basin stopped while it ran.";
            execution.Status.AthenaError = new AthenaError { ErrorCategory = 1, ErrorType = 100, Retryable = true, ErrorMessage = execution.Status.StateChangeReason };
            execution.Status.CompletionDateTime = time.GetUtcNow();
            await executions.SaveFinishedAsync(account, execution).ConfigureAwait(false);
        }
    }

    /// <summary>The state of an execution still in progress here (QUEUED or RUNNING), or null once it has finished.</summary>
    public string? LiveState(string id) => _running.TryGetValue(id, out var running) ? running.State : null;

    public void Start(string account, string caller, QueryExecution execution, IReadOnlyList<string> parameters, long? bytesScannedCutoff)
    {
        var running = new Running();
        _running[execution.QueryExecutionId!] = running;
        running.Task = Task.Run(() => RunAsync(account, caller, execution, parameters, bytesScannedCutoff, running));
    }

    /// <summary>Stops a queued or running execution; a finished one is left as it is (Athena does the same).</summary>
    public void Stop(string id)
    {
        if (!_running.TryGetValue(id, out var running)) return;
        running.Cancelled = true;
        running.Session?.Cancel();
    }

    /// <summary>Waits for an execution to finish (tests and `basin sql` use it; the API polls instead).</summary>
    public Task WaitAsync(string id) => _running.TryGetValue(id, out var running) ? running.Task : Task.CompletedTask;

    private async Task RunAsync(string account, string caller, QueryExecution execution, IReadOnlyList<string> parameters, long? cutoff, Running running)
    {
        var id = execution.QueryExecutionId!;
        var status = execution.Status!;
        var clock = Stopwatch.StartNew();
        StatementContext? context = null;
        try
        {
            running.State = "RUNNING";
            var statements = new PreparedStatementSql(prepared, account, execution.WorkGroup ?? AthenaContext.PrimaryWorkGroup, time.GetUtcNow());
            var sql = statements.Resolve(execution.Query!, parameters);
            var tokens = SqlLexer.Tokenize(sql);
            var database = execution.QueryExecutionContext?.Database?.ToLowerInvariant() ?? "default";
            var output = S3Location.TryParse(execution.ResultConfiguration?.OutputLocation)!;
            if (!lake.BucketExists(output.Bucket))
                throw new SqlException("", $"Unable to verify/create output bucket {output.Bucket}", isUserError: true);

            context = new StatementContext(catalog, lake, account, database, caller, time.GetUtcNow(), id, output, () => OpenSession(running))
            {
                BytesScannedCutoff = cutoff,
                ScratchDirectory = engine.ScratchDirectory,
            };
            var outcome = await statements.TryRunAsync(tokens, sql).ConfigureAwait(false)
                ?? await new CatalogDdl(context).TryRunAsync(tokens, sql).ConfigureAwait(false)
                ?? await new PartitionStatements(context).TryRunAsync(tokens).ConfigureAwait(false)
                ?? await new ViewStatements(context).TryRunAsync(tokens, sql).ConfigureAwait(false)
                ?? new UtilityStatements(context).TryRun(tokens, sql)
                ?? await new WriteStatements(context).TryRunAsync(tokens, sql).ConfigureAwait(false)
                ?? Select(context, sql);

            var (result, scannedBytes) = await ResultWriter.WriteAsync(lake, account, output, id, outcome).ConfigureAwait(false);
            await executions.SaveResultAsync(account, id, result).ConfigureAwait(false);
            if (running.Cancelled) throw new SqlException("USER_CANCELED", "Query was canceled by user");
            Finish(status, "SUCCEEDED", null);
            execution.Statistics = Statistics(clock.ElapsedMilliseconds, scannedBytes);
            execution.ResultConfiguration!.OutputLocation = $"s3://{result.Bucket}/{result.Key}";
        }
        catch (SqlException e) when (running.Cancelled || e.ErrorName == "USER_CANCELED")
        {
            Finish(status, "CANCELLED", null);
            execution.Statistics = Statistics(clock.ElapsedMilliseconds, 0);
        }
        catch (SqlException e)
        {
            Finish(status, "FAILED", e);
            execution.Statistics = Statistics(clock.ElapsedMilliseconds, 0);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Finish(status, "FAILED", new SqlException("GENERIC_INTERNAL_ERROR", e.Message, isUserError: false));
            execution.Statistics = Statistics(clock.ElapsedMilliseconds, 0);
        }
        finally
        {
            running.Session?.Dispose();
            context?.Dispose();
        }

        await executions.SaveFinishedAsync(account, execution).ConfigureAwait(false);
        _running.TryRemove(id, out _);
    }

    private static StatementOutcome Select(StatementContext context, string sql)
    {
        var query = context.PrepareToRead(sql);
        return new StatementOutcome.Rows(TrinoQuery.Execute(context.Session, query), query.ScannedBytes);
    }

    /// <summary>The execution's engine session, registered so StopQueryExecution can interrupt it.</summary>
    private SqlSession OpenSession(Running running)
    {
        if (running.Cancelled) throw new SqlException("USER_CANCELED", "Query was canceled by user");
        var session = engine.OpenSession();
        running.Session = session;
        if (running.Cancelled) session.Cancel();
        return session;
    }

    private void Finish(QueryExecutionStatus status, string state, SqlException? error)
    {
        status.State = state;
        status.CompletionDateTime = time.GetUtcNow();
        if (state == "CANCELLED") status.StateChangeReason = "Query was cancelled by user";
        if (error is null) return;
        var reason = error.ErrorName.Length == 0 || error.Message.StartsWith("FAILED:", StringComparison.Ordinal) ? error.Message : error.Reason;
        status.StateChangeReason = reason;
        status.AthenaError = new AthenaError
        {
            ErrorCategory = error.IsUserError ? 2 : 1,
            ErrorType = AthenaErrorTypes.For(error),
            Retryable = !error.IsUserError,
            ErrorMessage = reason,
        };
    }

    private static QueryExecutionStatistics Statistics(long elapsedMillis, long scanned) => new()
    {
        EngineExecutionTimeInMillis = elapsedMillis,
        TotalExecutionTimeInMillis = elapsedMillis,
        QueryQueueTimeInMillis = 0,
        ServicePreProcessingTimeInMillis = 0,
        QueryPlanningTimeInMillis = 0,
        ServiceProcessingTimeInMillis = 0,
        DataScannedInBytes = scanned,
        ResultReuseInformation = new ResultReuseInformation { ReusedPreviousResult = false },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _running.Values)
        {
            running.Cancelled = true;
            running.Session?.Cancel();
        }

        await Task.WhenAll(_running.Values.Select(r => r.Task)).ConfigureAwait(false);
    }
}
