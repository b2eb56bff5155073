using System.Text.RegularExpressions;
using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Athena.Api;

/// <summary>CreatePreparedStatement, GetPreparedStatement, BatchGetPreparedStatement, ListPreparedStatements, UpdatePreparedStatement, DeletePreparedStatement.</summary>
public sealed partial class PreparedStatementOperations(AthenaContext athena)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreatePreparedStatementInput, CreatePreparedStatementOutput>("CreatePreparedStatement", async (input, request) =>
        {
            var statement = Validated(request, input.StatementName, input.WorkGroup, input.QueryStatement, input.Description);
            if (!await athena.PreparedStatements.PutAsync(request.Caller.AccountId, statement, create: true).ConfigureAwait(false))
                throw AthenaContext.InvalidRequest($"Prepared Statement {statement.StatementName} already exists in WorkGroup {statement.WorkGroupName}");
            return new CreatePreparedStatementOutput();
        });
        operations.On<UpdatePreparedStatementInput, UpdatePreparedStatementOutput>("UpdatePreparedStatement", async (input, request) =>
        {
            var statement = Validated(request, input.StatementName, input.WorkGroup, input.QueryStatement, input.Description);
            Require(request, statement.WorkGroupName!, statement.StatementName!);
            await athena.PreparedStatements.PutAsync(request.Caller.AccountId, statement, create: false).ConfigureAwait(false);
            return new UpdatePreparedStatementOutput();
        });
        operations.On<GetPreparedStatementInput, GetPreparedStatementOutput>("GetPreparedStatement", (input, request) =>
            Task.FromResult(new GetPreparedStatementOutput { PreparedStatement = Require(request, WorkGroup(request, input.WorkGroup), input.StatementName ?? "") }));
        operations.On<BatchGetPreparedStatementInput, BatchGetPreparedStatementOutput>("BatchGetPreparedStatement", (input, request) =>
        {
            var workGroup = WorkGroup(request, input.WorkGroup);
            var names = input.PreparedStatementNames ?? [];
            if (names.Count is < 1 or > 50) throw AthenaContext.InvalidRequest("PreparedStatementNames must hold 1 to 50 names.");
            var found = names.Select(n => (Name: n, Statement: athena.PreparedStatements.Get(request.Caller.AccountId, workGroup, n))).ToList();
            return Task.FromResult(new BatchGetPreparedStatementOutput
            {
                PreparedStatements = [.. found.Where(f => f.Statement is not null).Select(f => f.Statement!)],
                UnprocessedPreparedStatementNames = [.. found.Where(f => f.Statement is null).Select(f => new UnprocessedPreparedStatementName
                {
                    StatementName = f.Name,
                    ErrorCode = "STATEMENT_NOT_FOUND",
                    ErrorMessage = $"Prepared statement {f.Name} was not found in WorkGroup {workGroup}",
                })],
            });
        });
        operations.On<ListPreparedStatementsInput, ListPreparedStatementsOutput>("ListPreparedStatements", (input, request) =>
        {
            var workGroup = WorkGroup(request, input.WorkGroup);
            var size = input.MaxResults ?? 50;
            if (size is < 1 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 1 and 50.");
            var start = input.NextToken is null ? 0 : (int)PageTokens.DecodeLong(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
            var all = athena.PreparedStatements.List(request.Caller.AccountId, workGroup);
            var page = all.Skip(start).Take(size).Select(s => new PreparedStatementSummary { StatementName = s.StatementName, LastModifiedTime = s.LastModifiedTime }).ToList();
            return Task.FromResult(new ListPreparedStatementsOutput
            {
                PreparedStatements = page,
                NextToken = start + page.Count < all.Count ? PageTokens.EncodeLong(start + page.Count) : null,
            });
        });
        operations.On<DeletePreparedStatementInput, DeletePreparedStatementOutput>("DeletePreparedStatement", async (input, request) =>
        {
            var workGroup = WorkGroup(request, input.WorkGroup);
            Require(request, workGroup, input.StatementName ?? "");
            await athena.PreparedStatements.DeleteAsync(request.Caller.AccountId, workGroup, input.StatementName!).ConfigureAwait(false);
            return new DeletePreparedStatementOutput();
        });
    }

    private PreparedStatement Validated(AwsRequest request, string? name, string? workGroup, string? query, string? description)
    {
        if (name is null || !ValidName().IsMatch(name))
            throw AthenaContext.InvalidRequest("StatementName must be 1-256 characters: a letter or '_', then letters, digits, '_', '@' or ':'.");
        if (string.IsNullOrWhiteSpace(query) || query.Length > 262_144) throw AthenaContext.InvalidRequest("QueryStatement must be 1-262144 characters.");
        if (description is { Length: > 1024 }) throw AthenaContext.InvalidRequest("Description must be at most 1024 characters.");
        return new PreparedStatement { StatementName = name, WorkGroupName = WorkGroup(request, workGroup), QueryStatement = query, Description = description, LastModifiedTime = athena.Now() };
    }

    private string WorkGroup(AwsRequest request, string? name)
    {
        if (string.IsNullOrEmpty(name)) throw AthenaContext.InvalidRequest("WorkGroup is required.");
        return athena.RequireWorkGroup(request.Caller.AccountId, name).Name!;
    }

    private PreparedStatement Require(AwsRequest request, string workGroup, string name) =>
        athena.PreparedStatements.Get(request.Caller.AccountId, workGroup, name)
        ?? throw new AwsServiceException("ResourceNotFoundException", $"Prepared statement {name} was not found in WorkGroup {workGroup}.");

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_@:]{0,255}$")]
    private static partial Regex ValidName();
}
