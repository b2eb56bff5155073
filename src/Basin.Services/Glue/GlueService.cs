using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;
using Basin.Services.Glue.Api;
using Basin.Storage.Catalog;

namespace Basin.Services.Glue;

/// <summary>The AWS Glue Data Catalog (databases and tables so far) over Basin's catalog store.</summary>
public sealed class GlueService(CatalogStore store, TimeProvider time) : IAwsService
{
    public string Name => "glue";

    public void Register(OperationTable operations)
    {
        var context = new GlueContext(store, time);
        new DatabaseOperations(context).Register(operations);
        new TableOperations(context).Register(operations);
        new TableVersionOperations(context).Register(operations);
        new PartitionOperations(context).Register(operations);
    }
}

public sealed class GlueContext(CatalogStore store, TimeProvider time)
{
    public CatalogStore Store => store;

    public DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>The catalog id is the caller's account unless a request names one (only its own is allowed).</summary>
    public static string Catalog(AwsRequest request, string? catalogId)
    {
        if (catalogId is not null && catalogId != request.Caller.AccountId)
        {
            throw new AwsServiceException("AccessDeniedException", $"Account {request.Caller.AccountId} cannot access catalog {catalogId}.");
        }

        return request.Caller.AccountId;
    }

    public static int PageSize(int? requested, int max) =>
        requested is null ? max : requested is >= 1 && requested <= max ? requested.Value : throw GlueErrors.InvalidInput($"MaxResults must be between 1 and {max}.");
}
