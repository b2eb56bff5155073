using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Athena.Results;
using Basin.Services.Athena.Statements;
using Basin.Services.Lake;
using Basin.Sql.Lexing;

namespace Basin.Services.Athena.Api;

/// <summary>StartQueryExecution, GetQueryExecution, BatchGetQueryExecution, ListQueryExecutions, StopQueryExecution, GetQueryResults, GetQueryRuntimeStatistics.</summary>
public sealed class QueryExecutionOperations(AthenaContext athena, ILakeObjects lake)
{
    private const int MaxQueryLength = 262_144;

    public void Register(OperationTable operations)
    {
        operations.On<StartQueryExecutionInput, StartQueryExecutionOutput>("StartQueryExecution", StartAsync);
        operations.On<GetQueryExecutionInput, GetQueryExecutionOutput>("GetQueryExecution", (input, request) =>
            Task.FromResult(new GetQueryExecutionOutput { QueryExecution = athena.RequireExecution(request.Caller.AccountId, input.QueryExecutionId) }));
        operations.On<BatchGetQueryExecutionInput, BatchGetQueryExecutionOutput>("BatchGetQueryExecution", (input, request) => Task.FromResult(BatchGet(input, request)));
        operations.On<ListQueryExecutionsInput, ListQueryExecutionsOutput>("ListQueryExecutions", (input, request) => Task.FromResult(List(input, request)));
        operations.On<StopQueryExecutionInput, StopQueryExecutionOutput>("StopQueryExecution", (input, request) =>
        {
            athena.RequireExecution(request.Caller.AccountId, input.QueryExecutionId);
            athena.Runner.Stop(input.QueryExecutionId!);
            return Task.FromResult(new StopQueryExecutionOutput());
        });
        operations.On<GetQueryResultsInput, GetQueryResultsOutput>("GetQueryResults", (input, request) => Task.FromResult(Results(input, request)));
        operations.On<GetQueryRuntimeStatisticsInput, GetQueryRuntimeStatisticsOutput>("GetQueryRuntimeStatistics", (input, request) => Task.FromResult(RuntimeStatistics(input, request)));
    }

    private async Task<StartQueryExecutionOutput> StartAsync(StartQueryExecutionInput input, AwsRequest request)
    {
        var account = request.Caller.AccountId;
        var query = input.QueryString;
        if (string.IsNullOrWhiteSpace(query)) throw AthenaContext.InvalidRequest("QueryString must not be empty.");
        if (query.Length > MaxQueryLength) throw AthenaContext.InvalidRequest($"QueryString exceeds the maximum length of {MaxQueryLength} characters.");
        if (input.ClientRequestToken is { } token && athena.Executions.Tokens.IdFor(account, token) is { } existing)
            return new StartQueryExecutionOutput { QueryExecutionId = existing };

        var workGroup = athena.RequireWorkGroup(account, input.WorkGroup);
        if (workGroup.State == "DISABLED") throw AthenaContext.InvalidRequest($"WorkGroup {workGroup.Name} is disabled.");
        var configuration = workGroup.Configuration ?? new WorkGroupConfiguration();
        var enforce = configuration.EnforceWorkGroupConfiguration == true;
        var output = enforce ? configuration.ResultConfiguration?.OutputLocation ?? input.ResultConfiguration?.OutputLocation
            : input.ResultConfiguration?.OutputLocation ?? configuration.ResultConfiguration?.OutputLocation;
        if (output is null)
            throw AthenaContext.InvalidRequest("No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.");
        if (S3Location.TryParse(output) is null) throw AthenaContext.InvalidRequest($"Invalid OutputLocation {output}: it must be an s3:// URI.");

        var id = Guid.NewGuid().ToString();
        if (input.ClientRequestToken is { } newToken && !await athena.Executions.Tokens.ClaimAsync(account, newToken, id).ConfigureAwait(false))
            return new StartQueryExecutionOutput { QueryExecutionId = athena.Executions.Tokens.IdFor(account, newToken) };

        var execution = new QueryExecution
        {
            QueryExecutionId = id,
            Query = query,
            StatementType = StatementKind.Of(SqlLexer.Tokenize(query)),
            ResultConfiguration = new ResultConfiguration { OutputLocation = output, EncryptionConfiguration = input.ResultConfiguration?.EncryptionConfiguration },
            ResultReuseConfiguration = new ResultReuseConfiguration { ResultReuseByAgeConfiguration = new ResultReuseByAgeConfiguration { Enabled = false } },
            QueryExecutionContext = input.QueryExecutionContext ?? new QueryExecutionContext(),
            Status = new QueryExecutionStatus { State = "QUEUED", SubmissionDateTime = athena.Now() },
            WorkGroup = workGroup.Name,
            EngineVersion = configuration.EngineVersion ?? AthenaEngine.Version(),
            ExecutionParameters = input.ExecutionParameters,
            SubstatementType = null,
        };
        await athena.Executions.SaveSubmittedAsync(account, execution).ConfigureAwait(false);
        athena.Runner.Start(account, request.Caller.Arn, execution, input.ExecutionParameters ?? [], configuration.BytesScannedCutoffPerQuery);
        return new StartQueryExecutionOutput { QueryExecutionId = id };
    }

    private BatchGetQueryExecutionOutput BatchGet(BatchGetQueryExecutionInput input, AwsRequest request)
    {
        var ids = input.QueryExecutionIds ?? [];
        if (ids.Count is < 1 or > 50) throw AthenaContext.InvalidRequest("QueryExecutionIds must contain between 1 and 50 ids.");
        var found = new List<QueryExecution>();
        var missing = new List<UnprocessedQueryExecutionId>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (athena.FindExecution(request.Caller.AccountId, id) is { } execution) found.Add(execution);
            else missing.Add(new UnprocessedQueryExecutionId { QueryExecutionId = id, ErrorCode = "INVALID_INPUT", ErrorMessage = $"QueryExecution {id} was not found" });
        }

        return new BatchGetQueryExecutionOutput { QueryExecutions = found, UnprocessedQueryExecutionIds = missing };
    }

    private ListQueryExecutionsOutput List(ListQueryExecutionsInput input, AwsRequest request)
    {
        var workGroup = athena.RequireWorkGroup(request.Caller.AccountId, input.WorkGroup).Name;
        var size = input.MaxResults ?? 50;
        if (size is < 0 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 0 and 50.");
        var start = input.NextToken is null ? 0 : (int)PageTokens.DecodeLong(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
        var ids = athena.Executions.List(request.Caller.AccountId).Where(q => q.WorkGroup == workGroup).Select(q => q.QueryExecutionId!).ToList();
        var page = ids.Skip(start).Take(size).ToList();
        return new ListQueryExecutionsOutput
        {
            QueryExecutionIds = page,
            NextToken = start + page.Count < ids.Count ? PageTokens.EncodeLong(start + page.Count) : null,
        };
    }

    private GetQueryResultsOutput Results(GetQueryResultsInput input, AwsRequest request)
    {
        var account = request.Caller.AccountId;
        var execution = athena.RequireExecution(account, input.QueryExecutionId);
        var state = execution.Status?.State;
        if (state is "QUEUED" or "RUNNING") throw AthenaContext.InvalidRequest($"Query has not yet finished. Current state: {state}");
        if (state != "SUCCEEDED") throw AthenaContext.InvalidRequest(execution.Status?.StateChangeReason ?? $"Query did not finish successfully. Final query state: {state}");
        var max = input.MaxResults ?? 1000;
        if (max is < 1 or > 1000) throw AthenaContext.InvalidRequest("MaxResults must be between 1 and 1000.");
        var result = athena.Executions.Result(account, input.QueryExecutionId!) ?? throw AthenaContext.InvalidRequest("Query results are not available.");

        var offset = input.NextToken is null ? 0L : PageTokens.DecodeLong(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
        using var stream = lake.Open(result.Bucket, result.Key, offset)
            ?? throw AthenaContext.InvalidRequest($"The query results at s3://{result.Bucket}/{result.Key} no longer exist.");
        var (rows, next) = result.IsCsv ? ResultCsv.Read(new BufferedStream(stream), offset, max)
            : result.UpdateCount is not null ? ([], null) // a write's result is its count; its manifest is not a result set
            : TextLines(stream, offset, max, result.RowCount);
        return new GetQueryResultsOutput
        {
            UpdateCount = result.UpdateCount ?? 0,
            ResultSet = new ResultSet
            {
                Rows = [.. rows.Select(r => new Row { Data = [.. r.Select(v => new Datum { VarCharValue = v })] })],
                ResultSetMetadata = new ResultSetMetadata { ColumnInfo = result.Columns },
            },
            NextToken = next is { } n ? PageTokens.EncodeLong(n) : null,
        };
    }

    /// <summary>A utility statement's .txt: one row per line, one column.</summary>
    private static (List<string?[]> Rows, long? Next) TextLines(Stream stream, long offset, int max, long total)
    {
        var rows = new List<string?[]>();
        using var reader = new StreamReader(stream);
        var position = offset;
        while (rows.Count < max && reader.ReadLine() is { } line)
        {
            position += System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            rows.Add([line]);
        }

        return (rows, reader.Peek() >= 0 && total > 0 ? position : null);
    }

    private GetQueryRuntimeStatisticsOutput RuntimeStatistics(GetQueryRuntimeStatisticsInput input, AwsRequest request)
    {
        var account = request.Caller.AccountId;
        var execution = athena.RequireExecution(account, input.QueryExecutionId);
        var stats = execution.Statistics ?? new QueryExecutionStatistics();
        var result = athena.Executions.Result(account, input.QueryExecutionId!);
        return new GetQueryRuntimeStatisticsOutput
        {
            QueryRuntimeStatistics = new QueryRuntimeStatistics
            {
                Timeline = new QueryRuntimeStatisticsTimeline
                {
                    QueryQueueTimeInMillis = stats.QueryQueueTimeInMillis,
                    ServicePreProcessingTimeInMillis = stats.ServicePreProcessingTimeInMillis,
                    QueryPlanningTimeInMillis = stats.QueryPlanningTimeInMillis,
                    EngineExecutionTimeInMillis = stats.EngineExecutionTimeInMillis,
                    ServiceProcessingTimeInMillis = stats.ServiceProcessingTimeInMillis,
                    TotalExecutionTimeInMillis = stats.TotalExecutionTimeInMillis,
                },
                Rows = new QueryRuntimeStatisticsRows { InputBytes = stats.DataScannedInBytes, OutputRows = result?.RowCount },
            },
        };
    }
}
