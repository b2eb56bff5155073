using Basin.Aws.Model.Athena;
using Basin.Services.Glue;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Query executions, their result metadata and client-token mappings, kept in the metadata store so
/// GetQueryExecution and GetQueryResults keep answering after a restart.
/// </summary>
public sealed class QueryExecutionStore(CatalogStore store)
{
    private const string Kind = "athena-query";
    private const string ResultKind = "athena-result";
    private const string TokenKind = "athena-token";

    public QueryExecution? Get(string account, string id) =>
        store.GetDocument(account, Kind, "", id) is { } doc ? CatalogDocuments.Deserialize<QueryExecution>(doc) : null;

    public Task SaveAsync(string account, QueryExecution execution, bool create) =>
        store.PutDocumentAsync(account, Kind, "", execution.QueryExecutionId!, CatalogDocuments.Serialize(execution), create);

    /// <summary>All executions, newest first (ListQueryExecutions' order).</summary>
    public List<QueryExecution> List(string account) =>
        [.. store.ListDocuments(account, Kind, "", null, int.MaxValue)
            .Select(d => CatalogDocuments.Deserialize<QueryExecution>(d.Doc))
            .OrderByDescending(q => q.Status?.SubmissionDateTime)
            .ThenByDescending(q => q.QueryExecutionId, StringComparer.Ordinal)];

    public IEnumerable<(string Account, QueryExecution Execution)> Unfinished() =>
        store.Catalogs(Kind).SelectMany(account => List(account)
            .Where(q => q.Status?.State is "QUEUED" or "RUNNING")
            .Select(q => (account, q)));

    public ResultMetadata? Result(string account, string id) =>
        store.GetDocument(account, ResultKind, "", id) is { } doc ? CatalogDocuments.Deserialize<ResultMetadata>(doc) : null;

    public Task SaveResultAsync(string account, string id, ResultMetadata result) =>
        store.PutDocumentAsync(account, ResultKind, "", id, CatalogDocuments.Serialize(result), create: true);

    public string? IdForToken(string account, string token) => store.GetDocument(account, TokenKind, "", token);

    /// <summary>Claims a ClientRequestToken for an execution id; false if another execution already holds it.</summary>
    public Task<bool> ClaimTokenAsync(string account, string token, string id) => store.PutDocumentAsync(account, TokenKind, "", token, id, create: true);
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
