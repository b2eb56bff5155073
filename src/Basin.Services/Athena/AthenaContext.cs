using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Services.Glue;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>Athena's state shared by its operations: executions, workgroups, the catalog, the clock.</summary>
public sealed class AthenaContext(CatalogStore catalog, QueryExecutionStore executions, QueryRunner runner, TimeProvider time)
{
    public const string PrimaryWorkGroup = "primary";
    private const string WorkGroupKind = "athena-workgroup";

    public CatalogStore Catalog => catalog;
    public QueryExecutionStore Executions => executions;
    public QueryRunner Runner => runner;

    public DateTimeOffset Now() => time.GetUtcNow();

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequestException", message);

    /// <summary>A workgroup by name; "primary" always exists (as in every AWS account), with no configuration until updated.</summary>
    public WorkGroup? FindWorkGroup(string account, string name)
    {
        if (catalog.GetDocument(account, WorkGroupKind, "", name) is { } doc) return CatalogDocuments.Deserialize<WorkGroup>(doc);
        return name == PrimaryWorkGroup
            ? new WorkGroup
            {
                Name = PrimaryWorkGroup,
                State = "ENABLED",
                Configuration = new WorkGroupConfiguration { EnforceWorkGroupConfiguration = false, PublishCloudWatchMetricsEnabled = false, RequesterPaysEnabled = false, EngineVersion = AthenaEngine.Version() },
                CreationTime = DateTimeOffset.UnixEpoch,
            }
            : null;
    }

    public WorkGroup RequireWorkGroup(string account, string? name) =>
        FindWorkGroup(account, name ?? PrimaryWorkGroup) ?? throw InvalidRequest($"WorkGroup {name} is not found.");

    public Task<bool> SaveWorkGroupAsync(string account, WorkGroup workGroup, bool create) =>
        catalog.PutDocumentAsync(account, WorkGroupKind, "", workGroup.Name!, CatalogDocuments.Serialize(workGroup), create);

    public Task<bool> DeleteWorkGroupAsync(string account, string name) => catalog.DeleteDocumentAsync(account, WorkGroupKind, "", name);

    public List<WorkGroup> WorkGroups(string account)
    {
        var stored = catalog.ListDocuments(account, WorkGroupKind, "", null, int.MaxValue).Select(d => CatalogDocuments.Deserialize<WorkGroup>(d.Doc)).ToList();
        if (stored.All(w => w.Name != PrimaryWorkGroup)) stored.Add(FindWorkGroup(account, PrimaryWorkGroup)!);
        return [.. stored.OrderBy(w => w.Name, StringComparer.Ordinal)];
    }

    public QueryExecution RequireExecution(string account, string? id) =>
        (id is null ? null : executions.Get(account, id)) ?? throw InvalidRequest($"QueryExecution {id} was not found");
}

/// <summary>The engine version Basin reports: Athena engine version 3 (Trino), which its SQL follows.</summary>
public static class AthenaEngine
{
    public static EngineVersion Version() => new() { SelectedEngineVersion = "AUTO", EffectiveEngineVersion = "Athena engine version 3" };
}
