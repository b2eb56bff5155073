using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue;

namespace Basin.Services.Athena.Api;

/// <summary>
/// Saved queries: CreateNamedQuery (idempotent on ClientRequestToken), GetNamedQuery,
/// BatchGetNamedQuery, ListNamedQueries (per workgroup), UpdateNamedQuery, DeleteNamedQuery.
/// </summary>
public sealed class NamedQueryOperations(AthenaContext athena)
{
    private readonly ClientRequestTokens _tokens = new(athena.Catalog, "athena-named-query-token");
    private const string Kind = "athena-named-query";

    public void Register(OperationTable operations)
    {
        operations.On<CreateNamedQueryInput, CreateNamedQueryOutput>("CreateNamedQuery", CreateAsync);
        operations.On<GetNamedQueryInput, GetNamedQueryOutput>("GetNamedQuery", (input, request) =>
            Task.FromResult(new GetNamedQueryOutput { NamedQuery = Require(request.Caller.AccountId, input.NamedQueryId) }));
        operations.On<BatchGetNamedQueryInput, BatchGetNamedQueryOutput>("BatchGetNamedQuery", (input, request) =>
        {
            var ids = input.NamedQueryIds ?? [];
            if (ids.Count is < 1 or > 50) throw AthenaContext.InvalidRequest("NamedQueryIds must hold 1 to 50 ids.");
            var found = ids.Select(id => (Id: id, Query: Find(request.Caller.AccountId, id))).ToList();
            return Task.FromResult(new BatchGetNamedQueryOutput
            {
                NamedQueries = [.. found.Where(f => f.Query is not null).Select(f => f.Query!)],
                UnprocessedNamedQueryIds = [.. found.Where(f => f.Query is null).Select(f => new UnprocessedNamedQueryId
                {
                    NamedQueryId = f.Id,
                    ErrorCode = "INVALID_INPUT",
                    ErrorMessage = $"NamedQuery {f.Id} was not found",
                })],
            });
        });
        operations.On<ListNamedQueriesInput, ListNamedQueriesOutput>("ListNamedQueries", (input, request) =>
        {
            var account = request.Caller.AccountId;
            var workGroup = athena.RequireWorkGroup(account, input.WorkGroup).Name;
            var size = input.MaxResults ?? 50;
            if (size is < 0 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 0 and 50.");
            var start = input.NextToken is null ? 0 : (int)PageTokens.DecodeLong(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
            var all = athena.Catalog.ListDocuments(account, Kind, "", null, int.MaxValue)
                .Select(d => CatalogDocuments.Deserialize<NamedQuery>(d.Doc))
                .Where(q => q.WorkGroup == workGroup)
                .Select(q => q.NamedQueryId!)
                .ToList();
            var page = all.Skip(start).Take(size == 0 ? 50 : size).ToList();
            return Task.FromResult(new ListNamedQueriesOutput { NamedQueryIds = page, NextToken = start + page.Count < all.Count ? PageTokens.EncodeLong(start + page.Count) : null });
        });
        operations.On<UpdateNamedQueryInput, UpdateNamedQueryOutput>("UpdateNamedQuery", async (input, request) =>
        {
            var account = request.Caller.AccountId;
            var query = Require(account, input.NamedQueryId);
            Validate(input.Name, query.Database, input.QueryString, input.Description);
            query.Name = input.Name;
            query.QueryString = input.QueryString;
            query.Description = input.Description;
            await athena.Catalog.PutDocumentAsync(account, Kind, "", query.NamedQueryId!, CatalogDocuments.Serialize(query), create: false).ConfigureAwait(false);
            return new UpdateNamedQueryOutput();
        });
        operations.On<DeleteNamedQueryInput, DeleteNamedQueryOutput>("DeleteNamedQuery", async (input, request) =>
        {
            var query = Require(request.Caller.AccountId, input.NamedQueryId);
            await athena.Catalog.DeleteDocumentAsync(request.Caller.AccountId, Kind, "", query.NamedQueryId!).ConfigureAwait(false);
            return new DeleteNamedQueryOutput();
        });
    }

    private async Task<CreateNamedQueryOutput> CreateAsync(CreateNamedQueryInput input, AwsRequest request)
    {
        var account = request.Caller.AccountId;
        Validate(input.Name, input.Database, input.QueryString, input.Description);
        var workGroup = athena.RequireWorkGroup(account, input.WorkGroup).Name;
        if (input.ClientRequestToken is { } token && _tokens.IdFor(account, token) is { } existing)
            return new CreateNamedQueryOutput { NamedQueryId = existing };

        var query = new NamedQuery
        {
            NamedQueryId = Guid.NewGuid().ToString(),
            Name = input.Name,
            Description = input.Description,
            Database = input.Database,
            QueryString = input.QueryString,
            WorkGroup = workGroup,
        };
        if (input.ClientRequestToken is { } newToken && !await _tokens.ClaimAsync(account, newToken, query.NamedQueryId).ConfigureAwait(false))
            return new CreateNamedQueryOutput { NamedQueryId = _tokens.IdFor(account, newToken) };

        await athena.Catalog.PutDocumentAsync(account, Kind, "", query.NamedQueryId, CatalogDocuments.Serialize(query), create: true).ConfigureAwait(false);
        return new CreateNamedQueryOutput { NamedQueryId = query.NamedQueryId };
    }

    private static void Validate(string? name, string? database, string? query, string? description)
    {
        if (name is not { Length: >= 1 and <= 128 }) throw AthenaContext.InvalidRequest("Name must be 1-128 characters.");
        if (database is not { Length: >= 1 and <= 255 }) throw AthenaContext.InvalidRequest("Database must be 1-255 characters.");
        if (query is not { Length: >= 1 and <= 262_144 }) throw AthenaContext.InvalidRequest("QueryString must be 1-262144 characters.");
        if (description is { Length: > 1024 }) throw AthenaContext.InvalidRequest("Description must be at most 1024 characters.");
    }

    private NamedQuery? Find(string account, string? id) =>
        id is not null && athena.Catalog.GetDocument(account, Kind, "", id) is { } doc ? CatalogDocuments.Deserialize<NamedQuery>(doc) : null;

    private NamedQuery Require(string account, string? id) => Find(account, id) ?? throw AthenaContext.InvalidRequest($"NamedQuery {id} was not found");
}
