using Basin.Aws.Model.Athena;
using Basin.Services.Glue;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Query executions, their result metadata and client-token mappings, kept in the metadata store so
/// GetQueryExecution and GetQueryResults keep answering after a restart. An execution is stored
/// under the "open" scope from submission until it finishes, then under the finished scope, so
/// start-up recovery reads only the executions a stop interrupted, however long the history.
/// </summary>
public sealed class QueryExecutionStore(CatalogStore store)
{
    private const string Kind = "athena-query";
    private const string OpenScope = "open";
    private const string FinishedScope = "";
    private const string ResultKind = "athena-result";
    private const string TokenKind = "athena-token";

    /// <summary>
    /// An execution as last stored (finished wins over open: a stop between the two writes leaves
    /// both). The open record is read first: finishing writes the finished record before it drops
    /// the open one, so a query that finishes between the two reads is still found.
    /// </summary>
    public QueryExecution? Get(string account, string id)
    {
        var open = store.GetDocument(account, Kind, OpenScope, id);
        return (store.GetDocument(account, Kind, FinishedScope, id) ?? open) is { } doc ? CatalogDocuments.Deserialize<QueryExecution>(doc) : null;
    }

    /// <summary>Stores a newly submitted (QUEUED) execution.</summary>
    public Task SaveSubmittedAsync(string account, QueryExecution execution) =>
        store.PutDocumentAsync(account, Kind, OpenScope, execution.QueryExecutionId!, CatalogDocuments.Serialize(execution), create: true);

    /// <summary>Stores a finished execution and drops its open record.</summary>
    public async Task SaveFinishedAsync(string account, QueryExecution execution)
    {
        await store.PutDocumentAsync(account, Kind, FinishedScope, execution.QueryExecutionId!, CatalogDocuments.Serialize(execution), create: true).ConfigureAwait(false);
        await store.DeleteDocumentAsync(account, Kind, OpenScope, execution.QueryExecutionId!).ConfigureAwait(false);
    }

    /// <summary>All executions, newest first (ListQueryExecutions' order).</summary>
    public List<QueryExecution> List(string account) =>
        [.. store.ListDocuments(account, Kind, FinishedScope, null, int.MaxValue)
            .Concat(store.ListDocuments(account, Kind, OpenScope, null, int.MaxValue))
            .DistinctBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => CatalogDocuments.Deserialize<QueryExecution>(d.Doc))
            .OrderByDescending(q => q.Status?.SubmissionDateTime)
            .ThenByDescending(q => q.QueryExecutionId, StringComparer.Ordinal)];

    /// <summary>Executions still open: at start-up, the ones a stopped Basin left unfinished.</summary>
    public IEnumerable<(string Account, QueryExecution Execution)> Unfinished() =>
        store.Catalogs(Kind).SelectMany(account => store.ListDocuments(account, Kind, OpenScope, null, int.MaxValue)
            .Select(d => (account, CatalogDocuments.Deserialize<QueryExecution>(d.Doc))));

    public ResultMetadata? Result(string account, string id) =>
        store.GetDocument(account, ResultKind, "", id) is { } doc ? CatalogDocuments.Deserialize<ResultMetadata>(doc) : null;

    public Task SaveResultAsync(string account, string id, ResultMetadata result) =>
        store.PutDocumentAsync(account, ResultKind, "", id, CatalogDocuments.Serialize(result), create: true);

    /// <summary>StartQueryExecution's ClientRequestTokens.</summary>
    public ClientRequestTokens Tokens { get; } = new(store, TokenKind);
}

/// <summary>Where a finished query's result lives and its shape, for GetQueryResults.</summary>
public sealed class ResultMetadata
{
    public required string Bucket { get; init; }
    public required string Key { get; init; }

    /// <summary>True for a SELECT's CSV (header row first); false for a utility statement's .txt (one value per line).</summary>
    public bool IsCsv { get; init; }

    public List<ColumnInfo> Columns { get; init; } = [];
    public long RowCount { get; init; }
    public long? UpdateCount { get; init; }
}
